"""The Model chapter's claims (each sentence of the page, as code) for seeds 0-4, and the table.

The chapter's GAN claim is checked in ``test_history_gan.py``, with the GAN page's runs.
"""

import pytest
import torch
from torch import nn

from dlbasics.experiments.model_zoo import (
    CLAIMS_AUTOENCODER,
    CLAIMS_CNN,
    CLAIMS_LSTM,
    CLAIMS_TABLE,
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
    CLAIMS_TABLE.check(list(rows.values()))
    for name in CNNS:
        assert rows[name].output_shape == (1, 10)
        assert 0 < rows[name].flops < rows[name].paper_flops
    assert rows["LSTM"].output_shape == (1, 20, 1)
    assert rows["Deep AutoEncoder"].output_shape == (1, 64)


def test_forward_flops_of_a_linear_layer():
    assert forward_flops(nn.Linear(4, 3), torch.zeros(2, 4)) == (2 * 2 * 4 * 3, (2, 3))
    with pytest.raises(TypeError, match=r"x must be a torch\.Tensor"):
        forward_flops(nn.Linear(4, 3), [[0.0] * 4])


@pytest.fixture(scope="module", params=range(5))
def cnns(request):
    return run_cnn_comparison(CNNComparisonConfig(seed=request.param))


@pytest.mark.slow
def test_batch_norm_cnns_learn_faster_than_alexnet(cnns):
    assert [run.name for run in cnns.runs] == list(CNNS)
    CLAIMS_CNN.check(cnns)


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


@pytest.mark.parametrize("seed", range(5))
def test_lstm_halves_the_error_of_repeating_the_last_value(seed):
    CLAIMS_LSTM.check(run_lstm_forecast(LSTMForecastConfig(seed=seed)))


@pytest.mark.parametrize("seed", range(5))
def test_autoencoder_halves_the_error_of_the_mean_image(seed):
    r = run_autoencoder(AutoEncoderConfig(seed=seed))
    assert r.inputs.shape == r.reconstructions.shape == (10, 64)
    CLAIMS_AUTOENCODER.check(r)
