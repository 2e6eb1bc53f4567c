r"""ResNet's degradation problem in miniature: deep plain MLPs train worse, shortcuts fix it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import torch
from torch import nn

from dlbasics.data import load_digits_split
from dlbasics.losses import cross_entropy
from dlbasics.metrics import accuracy
from dlbasics.models.deep_mlp import PlainMLP, ResidualMLP
from dlbasics.seed import set_seed


@dataclass(frozen=True)
class DegradationConfig:
    """Sizes of the degradation experiment; the defaults run in a few seconds on a CPU."""

    deep: int = 30  # L of the deep plain and the deep residual network (linear layers)
    shallow: int = 4  # L of the shallow plain network
    width: int = 32  # C, hidden features of every network
    steps: int = 200  # Adam steps, one minibatch each
    batch_size: int = 128  # B, training samples per step
    lr: float = 1e-3  # Adam's learning rate eta
    every: int = 10  # measure the curves every this many steps (and at step 0)

    def __post_init__(self) -> None:
        for name in ("shallow", "width", "steps", "batch_size", "every"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be an int >= 1, got {value!r}")
        if not self.deep > self.shallow >= 2:
            raise ValueError(
                f"need deep > shallow >= 2, got deep={self.deep}, shallow={self.shallow}"
            )
        if not self.lr > 0:
            raise ValueError(f"lr must be > 0, got {self.lr}")

    def names(self) -> tuple[str, str, str]:
        """The three networks, in the order the claim ranks them (worst training loss first)."""
        return (f"plain-{self.deep}", f"plain-{self.shallow}", f"residual-{self.deep}")


@dataclass(frozen=True)
class DegradationRun:
    """Curves of the three networks, measured on the whole training and test sets."""

    steps: tuple[int, ...]  # step numbers of the measurements, from 0
    names: tuple[str, ...]  # e.g. ("plain-30", "plain-4", "residual-30")
    train_loss: dict[str, tuple[float, ...]]  # name -> cross-entropy on all training samples
    test_error: dict[str, tuple[float, ...]]  # name -> 1 - test accuracy

    def final_train_loss(self, name: str) -> float:
        """Training loss of ``name`` after the last step."""
        return self.train_loss[name][-1]

    def final_test_error(self, name: str) -> float:
        """Test error of ``name`` after the last step."""
        return self.test_error[name][-1]


def _train(
    model: nn.Module,
    data: tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor],
    config: DegradationConfig,
    generator: torch.Generator,
) -> tuple[list[float], list[float]]:
    """Adam on minibatches; the full training loss and the test error every ``config.every``."""
    x_train, y_train, x_test, y_test = data
    opt = torch.optim.Adam(model.parameters(), lr=config.lr)  # equal to dlbasics.optim.Adam
    train_loss: list[float] = []
    test_error: list[float] = []
    for t in range(config.steps + 1):
        if t % config.every == 0 or t == config.steps:
            with torch.no_grad():
                train_loss.append(cross_entropy(model(x_train), y_train).item())
                test_error.append(1.0 - accuracy(model(x_test), y_test))
        if t == config.steps:
            break
        idx = torch.randint(0, len(y_train), (config.batch_size,), generator=generator)  # (B,)
        loss = cross_entropy(model(x_train[idx]), y_train[idx])
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
    return train_loss, test_error


def degradation(
    seed: int = 0, config: DegradationConfig | None = None, progress: bool = False
) -> DegradationRun:
    r"""Train a deep plain, a shallow plain and a deep residual MLP on digits, the same way.

    All three use He initialisation, Adam and the same minibatches (one generator per network,
    seeded alike); only depth and the shortcut differ. ResNet's claim, in miniature: the deep
    plain network ends with the highest *training* loss (degradation, not overfitting), and the
    same depth with identity shortcuts the lowest.

    Args:
        seed: seeds the data split, the initial weights and the minibatch draws.
        config: sizes, see :class:`DegradationConfig`; ``None`` for the defaults.
        progress: show a progress bar over the three networks (for scripts).

    Returns:
        A :class:`DegradationRun`.

    Example:
        >>> cfg = DegradationConfig(deep=5, shallow=2, width=8, steps=4, every=2)
        >>> run = degradation(0, cfg)
        >>> run.names, run.steps
        (('plain-5', 'plain-2', 'residual-5'), (0, 2, 4))
    """
    config = DegradationConfig() if config is None else config
    if not isinstance(config, DegradationConfig):
        raise TypeError(f"config must be a DegradationConfig, got {type(config).__name__}")
    set_seed(seed)
    split = load_digits_split(seed=seed)
    data = (split.x_train, split.y_train, split.x_test, split.y_test)
    plain_deep, plain_shallow, residual_deep = config.names()
    makers: dict[str, Callable[[], PlainMLP]] = {
        plain_deep: lambda: PlainMLP(config.deep, config.width),
        plain_shallow: lambda: PlainMLP(config.shallow, config.width),
        residual_deep: lambda: ResidualMLP(config.deep, config.width),
    }
    items: Iterable[str] = makers
    if progress:  # imported only when asked: tqdm.auto warns inside a widget-less kernel
        from tqdm.auto import tqdm

        items = tqdm(makers, desc="networks")
    train_loss, test_error = {}, {}
    for name in items:
        torch.manual_seed(seed)
        model = makers[name]()
        generator = torch.Generator().manual_seed(seed)
        curve, error = _train(model, data, config, generator)
        train_loss[name], test_error[name] = tuple(curve), tuple(error)
    marks = sorted({*range(0, config.steps, config.every), config.steps})
    return DegradationRun(tuple(marks), config.names(), train_loss, test_error)
