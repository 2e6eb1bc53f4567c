"""The Model chapter's claims: the table's numbers and each short run beating its baseline."""

import pytest

from dlbasics.experiments.model_zoo import (
    CNNS,
    forward_flops,
    model_table,
    run_autoencoder,
    run_gan,
    run_lstm,
    train_cnn,
)


def test_model_table_has_the_seven_models_and_the_paper_sizes():
    rows = {r.name: r for r in model_table()}
    assert list(rows)[:4] == ["AlexNet", "GoogLeNet", "ResNet", "DenseNet"]
    assert {"LSTM", "Deep AutoEncoder", "GAN (generator)", "GAN (discriminator)"} <= set(rows)
    assert rows["AlexNet"].paper_params == 61_100_840
    assert rows["ResNet"].paper_params == 11_689_512
    assert rows["DenseNet"].paper_params == 7_978_856
    # The page: ResNet-18 has far fewer parameters than AlexNet but needs more FLOPs.
    assert rows["ResNet"].paper_params < rows["AlexNet"].paper_params / 4
    assert rows["ResNet"].paper_flops > rows["AlexNet"].paper_flops
    for name in CNNS:
        assert rows[name].output_shape == (1, 10)
        assert 0 < rows[name].flops < rows[name].paper_flops
    assert rows["LSTM"].output_shape == (1, 20, 1)
    assert rows["Deep AutoEncoder"].output_shape == (1, 64)


def test_forward_flops_of_a_linear_layer():
    import torch
    from torch import nn

    assert forward_flops(nn.Linear(4, 3), torch.zeros(2, 4)) == (2 * 2 * 4 * 3, (2, 3))


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_cnns_learn_digits_and_alexnet_is_slowest(seed):
    runs = {name: train_cnn(name, seed=seed) for name in CNNS}
    for name, run in runs.items():
        assert run.test_accuracy > 0.3, name  # chance is 0.1
    assert min(runs["GoogLeNet"].test_accuracy, runs["ResNet"].test_accuracy) > 0.95
    with_bn = [runs[n].test_accuracy for n in ("GoogLeNet", "ResNet", "DenseNet")]
    # The page's claims: AlexNet (no batch norm, dropout) learns more slowly than the three
    # with batch norm on average, although it has the most parameters.
    assert runs["AlexNet"].test_accuracy < sum(with_bn) / 3 - 0.05
    assert runs["AlexNet"].params == max(r.params for r in runs.values())


def test_train_cnn_rejects_unknown_models():
    with pytest.raises(ValueError, match="name must be one of"):
        train_cnn("VGG")


@pytest.mark.parametrize("seed", [0, 1])
def test_lstm_beats_repeating_the_last_value(seed):
    r = run_lstm(seed)
    assert r.mse < 0.6 * r.baseline_mse


@pytest.mark.parametrize("seed", [0, 1])
def test_autoencoder_beats_the_mean_image(seed):
    r = run_autoencoder(seed)
    assert r.mse < 0.5 * r.baseline_mse
    assert r.inputs.shape == r.outputs.shape == (10, 64)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_gan_moves_to_the_data_distribution(seed):
    r = run_gan(seed)
    assert abs(r.start_mean - r.target_mean) > 1.5  # it started far away
    assert abs(r.mean - r.target_mean) < 0.3
    assert 0.5 * r.target_std < r.std < 1.6 * r.target_std
