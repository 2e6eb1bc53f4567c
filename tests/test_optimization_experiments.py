"""The Optimization chapter's gradient methods and learning-rate search, and bad inputs.

The Rosenbrock experiments have no randomness (fixed start, float64): their claims are
checked once. The learning-rate search depends on the seed: its claims on seeds 0-4.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from pathlib import Path
from types import ModuleType

import matplotlib
import pytest
import torch

from dlbasics.experiments.generalization import (
    BaselineConfig,
    GeneralizationConfig,
    corrupt_labels,
)
from dlbasics.experiments.optimization import CLAIMS as CLAIMS_VALLEY
from dlbasics.experiments.optimization import (
    GradientMethodsConfig,
    hessian_eigenvalues,
    rosenbrock,
    rosenbrock_grad,
    run_gradient_methods,
)
from dlbasics.experiments.regularizers import BatchNormConfig, EnsembleConfig, KFoldConfig
from dlbasics.experiments.tuning import CLAIMS as CLAIMS_SEARCH
from dlbasics.experiments.tuning import (
    LRSearchConfig,
    LRSearchResult,
    run_lr_search,
    trials_to_reach,
)
from dlbasics.optim import OPTIMIZERS, Adagrad, Adam, Momentum, RMSprop
from dlbasics.regularization import EarlyStopping, kfold_indices

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "optimization.py"


@functools.cache
def gradient_methods():  # the page's sweep, then each optimizer at its best lr
    return run_gradient_methods(GradientMethodsConfig())


def test_rosenbrock_valley_is_ill_conditioned():
    lo, hi = hessian_eigenvalues()
    assert 250 < hi / lo < 270
    w = torch.tensor([0.3, -0.7], dtype=torch.float64, requires_grad=True)
    (auto,) = torch.autograd.grad(rosenbrock(w), w)
    torch.testing.assert_close(rosenbrock_grad(w.detach()), auto)


def test_the_page_claims_about_the_valley_hold():
    CLAIMS_VALLEY.check(gradient_methods())  # no randomness: one run covers every seed


def test_a_run_records_every_step_and_stops_at_divergence():
    result = run_gradient_methods(GradientMethodsConfig(lrs=(1.0,), steps=10))
    path, losses = result.paths["SGD"], result.losses["SGD"]  # SGD at lr 1, its only lr
    assert len(losses) == 11
    assert math.isinf(losses[-1])
    assert math.isinf(result.final_loss["SGD"][0])
    assert path.shape[0] < 11
    with pytest.raises(ValueError, match="steps"):
        GradientMethodsConfig(steps=0)
    with pytest.raises(ValueError, match=r"lrs\[1\] must be > 0"):
        GradientMethodsConfig(lrs=(0.1, -1.0))
    with pytest.raises(ValueError, match="lrs"):
        GradientMethodsConfig(lrs=())
    assert set(OPTIMIZERS) == {"SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam"}


@pytest.fixture(scope="module", params=range(5))
def lr_search(request: pytest.FixtureRequest) -> LRSearchResult:
    return run_lr_search(LRSearchConfig(seed=request.param))


@pytest.mark.slow
def test_the_page_claims_about_the_learning_rate_search_hold(lr_search):
    CLAIMS_SEARCH.check(lr_search)
    assert lr_search.surrogate_mean.shape == lr_search.grid.shape == lr_search.acquisition.shape


def test_trials_to_reach_counts_from_one():
    assert trials_to_reach((3.0, 2.0, 1.0), 2.0) == 2
    assert trials_to_reach((3.0,), 1.0) == 2
    with pytest.raises(ValueError, match="n_init"):
        LRSearchConfig(n_init=0)
    with pytest.raises(ValueError, match="n_init"):
        LRSearchConfig(n_init=4, budget=3)


# Invalid hyperparameters: the gaps left by tests/test_optim.py and tests/test_regularization.py.
@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda p: Momentum(p, lr=-0.1), "lr must be >= 0"),
        (lambda p: Adagrad(p, lr=-0.1), "lr must be >= 0"),
        (lambda p: RMSprop(p, lr=-1e-3), "lr must be >= 0"),
        (lambda p: Adam(p, betas=(-0.1, 0.999)), r"betas\[0\] must be in \[0, 1\)"),
        (lambda p: Adam(p, betas=(0.9, 1.0)), r"betas\[1\] must be in \[0, 1\)"),
        (lambda p: Adam(p, betas=(0.9,)), "betas must be a pair"),
    ],
)
def test_invalid_optimizer_hyperparameters_raise(make, match):
    with pytest.raises((ValueError, TypeError), match=match):
        make([torch.zeros(2, requires_grad=True)])


def test_invalid_experiment_hyperparameters_raise():
    with pytest.raises(ValueError, match="patience must be >= 1"):
        EarlyStopping(patience=0)
    with pytest.raises(ValueError, match="patience must be >= 1"):
        GeneralizationConfig(patience=0)
    with pytest.raises(ValueError, match="k must be"):
        kfold_indices(10, 1)
    with pytest.raises(ValueError, match="k must be >= 2"):
        KFoldConfig(k=1)
    with pytest.raises(ValueError, match="label_noise"):
        BaselineConfig(label_noise=1.0)
    with pytest.raises(ValueError, match="fraction"):
        corrupt_labels(torch.zeros(3, dtype=torch.int64), 1.0, torch.Generator())
    with pytest.raises(ValueError, match="n_train"):
        BaselineConfig(n_train=1300, n_val=100)
    with pytest.raises(ValueError, match="n_members"):
        EnsembleConfig(n_members=0)
    with pytest.raises(ValueError, match=r"lrs\[0\] must be > 0"):
        BatchNormConfig(lrs=(-0.1,))
    with pytest.raises(TypeError, match="decoupled"):
        GeneralizationConfig(decoupled=1)


@functools.cache
def _example() -> ModuleType:  # examples/ is not a package: load the script as a module
    spec = importlib.util.spec_from_file_location("optimization_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.parametrize("technique", ["dropout"])  # the default one: tests/test_examples.py
def test_example_runs_a_technique(technique, tmp_path, capsys):
    with matplotlib.rc_context():  # the script sets the book's style
        code = _example().main(
            ["--technique", technique, "--quick", "--out", str(tmp_path / "f.png")]
        )
    assert code == 0
    assert capsys.readouterr().out.strip()
    assert (tmp_path / "f.png").stat().st_size > 1000


@pytest.mark.parametrize(
    "args",
    [
        ["--technique", "adamw"],
        ["--noise", "1.5"],
        ["--technique", "kfold", "--k", "1"],
        ["--technique", "ensemble", "--members", "0"],
        ["--seed", "-1"],
    ],
)
def test_example_rejects_bad_arguments(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        _example().main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err
    assert "Traceback" not in err
