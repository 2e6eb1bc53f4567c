import pytest
import torch
from torch import nn

from dlbasics.data import load_digits_split
from dlbasics.data.glyphs import font_digit_templates
from dlbasics.metrics import accuracy
from dlbasics.train import fit


def test_digits_split_shapes_ranges_and_stratification():
    s = load_digits_split(test_fraction=0.2, seed=3)
    assert s.x_train.shape[1] == 64
    assert s.x_train.dtype == torch.float32
    assert s.y_train.dtype == torch.int64
    assert float(s.x_train.min()) == 0.0
    assert float(s.x_train.max()) == 1.0
    assert len(s.y_train) + len(s.y_test) == 1797
    counts = torch.bincount(s.y_test, minlength=10)
    assert int(counts.min()) >= 34  # stratified: every class held out in proportion


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("test_fraction", [0.25, 0.2, 0.5, 0.1, 0.9])
def test_digits_and_their_split_are_exactly_scikit_learns(seed, test_fraction):
    # The book reads the digits file and splits it without importing scikit-learn (1 s a page).
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    train, test = train_test_split(
        range(len(digits.target)),
        test_size=test_fraction,
        random_state=seed,
        stratify=digits.target,
    )
    s = load_digits_split(test_fraction=test_fraction, seed=seed)
    x = torch.tensor(digits.data, dtype=torch.float32) / 16.0
    torch.testing.assert_close(s.x_train, x[train], rtol=0, atol=0)
    torch.testing.assert_close(s.x_test, x[test], rtol=0, atol=0)
    assert s.y_test.tolist() == digits.target[test].tolist()


def test_digits_split_is_seeded_and_can_be_images():
    a, b = load_digits_split(seed=1), load_digits_split(seed=1)
    torch.testing.assert_close(a.x_test, b.x_test)
    assert not torch.equal(a.y_test, load_digits_split(seed=2).y_test)
    assert load_digits_split(flatten=False).x_train.shape[1:] == (1, 8, 8)


@pytest.mark.parametrize(
    ("kwargs", "err", "match"),
    [
        ({"test_fraction": 0.0}, ValueError, "test_fraction must be in"),
        ({"test_fraction": 1.0}, ValueError, "test_fraction must be in"),
        ({"test_fraction": "0.2"}, TypeError, "test_fraction must be a real number"),
        ({"seed": -1}, ValueError, "seed must be >= 0"),
        ({"seed": 1.0}, TypeError, "seed must be an int"),
    ],
)
def test_digits_split_bad_input(kwargs, err, match):
    with pytest.raises(err, match=match):
        load_digits_split(**kwargs)


def test_font_templates_are_deterministic_and_distinct():
    t = font_digit_templates()
    torch.testing.assert_close(t, font_digit_templates())
    sims = torch.nn.functional.normalize(t, dim=1) @ torch.nn.functional.normalize(t, dim=1).T
    assert float((sims - torch.eye(10)).max()) < 0.99  # no two digits look the same
    with pytest.raises(ValueError, match="multiple of 8"):
        font_digit_templates(36)
    with pytest.raises(ValueError, match="resolution must be >= 32"):
        font_digit_templates(24)


def test_accuracy_hand_computed_and_against_sklearn():
    from sklearn.metrics import accuracy_score

    scores = torch.tensor([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
    targets = torch.tensor([1, 0, 0, 0])
    assert accuracy(scores, targets) == pytest.approx(0.75)
    assert accuracy(torch.tensor([1, 0, 1, 0]), targets) == pytest.approx(
        accuracy_score(targets.numpy(), [1, 0, 1, 0])
    )


@pytest.mark.parametrize(
    ("scores", "targets", "match"),
    [
        (torch.zeros(3, 2), torch.zeros(4, dtype=torch.long), "same positive number of samples"),
        (torch.zeros(3, 2, 2), torch.zeros(3, dtype=torch.long), r"shape \(N, K\) or \(N,\)"),
        (torch.zeros(3, 2), torch.zeros(3, 1, dtype=torch.long), r"targets must have shape \(N,\)"),
        (torch.zeros(0, 2), torch.zeros(0, dtype=torch.long), "positive number of samples"),
    ],
)
def test_accuracy_bad_input(scores, targets, match):
    with pytest.raises(ValueError, match=match):
        accuracy(scores, targets)


def test_accuracy_rejects_non_tensors():
    with pytest.raises(TypeError, match=r"torch\.Tensor"):
        accuracy([1, 0], torch.tensor([1, 0]))  # type: ignore[arg-type]


def test_fit_minibatches_are_reproducible_with_a_generator():
    def run() -> tuple[float, ...]:
        torch.manual_seed(0)
        model = nn.Linear(2, 1)
        x = torch.randn(64, 2, generator=torch.Generator().manual_seed(1))
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        g = torch.Generator().manual_seed(2)
        return fit(model, nn.functional.mse_loss, opt, x, x.sum(1, keepdim=True), 30, 8, g).loss

    assert run() == run()
    assert run()[-1] < run()[0]


@pytest.mark.parametrize(
    ("kwargs", "err", "match"),
    [
        ({"steps": 0}, ValueError, "steps must be >= 1"),
        ({"steps": 2.0}, TypeError, "steps must be an int"),
        ({"batch_size": 0}, ValueError, "batch_size must be >= 1"),
        ({"batch_size": 11}, ValueError, "batch_size must be <= 10"),
        ({"batch_size": 2.0}, TypeError, "batch_size must be an int"),
        ({"x": [[0.0]] * 10}, TypeError, "x must be a torch.Tensor"),
        ({"y": torch.zeros(9, 1)}, ValueError, "same positive number of samples"),
    ],
)
def test_fit_bad_input(kwargs, err, match):
    model = nn.Linear(1, 1)
    args = {"x": torch.zeros(10, 1), "y": torch.zeros(10, 1), "steps": 1} | kwargs
    with pytest.raises(err, match=match):
        fit(model, nn.functional.mse_loss, torch.optim.SGD(model.parameters(), lr=0.1), **args)
