"""The Model chapter's claims: the table's numbers and each short run beating its baseline."""

import pytest
import torch
from torch import nn

from dlbasics.experiments.gan import GANConfig, run_gan
from dlbasics.experiments.model_zoo import (
    CNNS,
    AutoEncoderConfig,
    CNNComparisonConfig,
    LSTMForecastConfig,
    forward_flops,
    model_table,
    run_autoencoder,
    run_cnn_comparison,
    run_lstm_forecast,
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
    assert forward_flops(nn.Linear(4, 3), torch.zeros(2, 4)) == (2 * 2 * 4 * 3, (2, 3))
    with pytest.raises(TypeError, match=r"x must be a torch\.Tensor"):
        forward_flops(nn.Linear(4, 3), [[0.0] * 4])


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_cnns_learn_digits_and_alexnet_is_slowest(seed):
    result = run_cnn_comparison(CNNComparisonConfig(seed=seed))
    runs = {run.name: run for run in result.runs}
    assert list(runs) == list(CNNS)
    for name, run in runs.items():
        assert run.test_accuracy > 0.3, name  # chance is 0.1
    assert min(runs["GoogLeNet"].test_accuracy, runs["ResNet"].test_accuracy) > 0.95
    with_bn = [runs[n].test_accuracy for n in ("GoogLeNet", "ResNet", "DenseNet")]
    # The page's claims: AlexNet (no batch norm, dropout) learns more slowly than the three
    # with batch norm on average, although it has the most parameters.
    assert runs["AlexNet"].test_accuracy < sum(with_bn) / 3 - 0.05
    assert runs["AlexNet"].params == max(r.params for r in runs.values())


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: CNNComparisonConfig(models=("VGG",)), ValueError, "models must be one of"),
        (lambda: CNNComparisonConfig(models=()), ValueError, "models must name at least one"),
        (lambda: CNNComparisonConfig(steps=0), ValueError, "steps must be >= 1"),
        (lambda: LSTMForecastConfig(seed=-1), ValueError, "seed must be >= 0"),
        (lambda: AutoEncoderConfig(bottleneck=2.0), TypeError, "bottleneck must be an int"),
    ],
)
def test_configs_reject_bad_settings(make, error, match):
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize("seed", [0, 1])
def test_lstm_beats_repeating_the_last_value(seed):
    r = run_lstm_forecast(LSTMForecastConfig(seed=seed))
    assert r.mse < 0.6 * r.baseline_mse


@pytest.mark.parametrize("seed", [0, 1])
def test_autoencoder_beats_the_mean_image(seed):
    r = run_autoencoder(AutoEncoderConfig(seed=seed))
    assert r.mse < 0.5 * r.baseline_mse
    assert r.inputs.shape == r.reconstructions.shape == (10, 64)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_gan_moves_to_the_data_distribution(seed):
    r = run_gan(GANConfig(seed=seed))
    mu, sigma = r.config.mu, r.config.sigma
    assert abs(r.mean[0] - mu) > 1.5  # it started far away
    assert abs(r.sample_mean - mu) < 0.3
    assert 0.5 * sigma < r.sample_std < 1.6 * sigma
