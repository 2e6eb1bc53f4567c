"""The four CNNs of the "Model" slide: shapes, parameter counts, blocks, input checks, training."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
import torch
from torch import nn

from dlbasics.models.alexnet import AlexNetConfig
from dlbasics.models.densenet import DenseNetConfig
from dlbasics.models.googlenet import GoogLeNetConfig
from dlbasics.models.resnet import ResNetConfig
from dlbasics.models.summary import CNNConfig, build, count_parameters
from dlbasics.nn import DenseBlock, InceptionBlock, ResidualBlock, Transition

SMALL: list[CNNConfig] = [
    AlexNetConfig.small(),
    GoogLeNetConfig.small(),
    ResNetConfig.small(),
    DenseNetConfig.small(),
]

# torchvision's counts (GoogLeNet with aux_logits=False), and the paper variants.
FULL_SIZE: list[tuple[CNNConfig, int]] = [
    (AlexNetConfig.imagenet(), 61_100_840),
    (replace(AlexNetConfig.imagenet(), widths=(96, 256, 384, 384, 256)), 62_378_344),
    (replace(GoogLeNetConfig.imagenet(), c5_kernel_size=3), 6_624_904),
    (GoogLeNetConfig.imagenet(), 7_005_832),
    (ResNetConfig.resnet18(), 11_689_512),
    (DenseNetConfig.densenet121(), 7_978_856),
]


def _name(config: object) -> str:
    return type(config).__name__


@pytest.mark.parametrize("config", SMALL, ids=_name)
def test_small_models_are_small_and_map_images_to_class_scores(config: CNNConfig) -> None:
    model = build(config, device="cpu")
    assert 1_000 <= count_parameters(model) <= 100_000
    assert model(torch.zeros(3, 1, 16, 16)).shape == (3, 10)


@pytest.mark.parametrize(("config", "expected"), FULL_SIZE, ids=_name)
def test_full_size_parameter_counts(config: CNNConfig, expected: int) -> None:
    model = build(config)  # on the meta device: no memory
    assert count_parameters(model) == expected


@pytest.mark.parametrize(("config", "expected"), FULL_SIZE[::2], ids=_name)
def test_full_size_output_shape_on_meta(config: CNNConfig, expected: int) -> None:
    model = build(config).eval()
    x = torch.empty(2, 3, 224, 224, device="meta")
    assert model(x).shape == (2, 1000)


def test_count_parameters_trainable_only() -> None:
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
    model[0].requires_grad_(False)
    assert count_parameters(model) == 11
    assert count_parameters(model, trainable_only=True) == 3


def test_inception_block_concatenates_its_branches() -> None:
    block = InceptionBlock(192, c1=64, c3_reduce=96, c3=128, c5_reduce=16, c5=32, pool_proj=32)
    assert block.out_channels == 64 + 128 + 32 + 32 == 256
    assert block(torch.zeros(2, 192, 7, 5)).shape == (2, 256, 7, 5)


def test_dense_block_grows_by_growth_rate_per_layer() -> None:
    block = DenseBlock(16, growth_rate=4, num_layers=5, bn_size=4)
    assert block.out_channels == 16 + 5 * 4
    x = torch.randn(2, 16, 6, 6)
    y = block(x)
    assert y.shape == (2, 36, 6, 6)
    torch.testing.assert_close(y[:, :16], x)  # the input is passed on unchanged
    assert Transition(36, 18)(y).shape == (2, 18, 3, 3)


def test_residual_block_with_zero_last_bn_is_relu_of_identity() -> None:
    block = ResidualBlock(8)
    nn.init.zeros_(block.bn2.weight)  # F(x) = 0 * normalized + bias 0
    x = torch.randn(4, 8, 5, 5)
    torch.testing.assert_close(block(x), torch.relu(x))


def test_residual_block_projects_the_shortcut_when_the_shape_changes() -> None:
    assert isinstance(ResidualBlock(8).shortcut, nn.Identity)
    block = ResidualBlock(8, stride=2, out_channels=16)
    assert isinstance(block.shortcut, nn.Sequential)
    assert block(torch.zeros(2, 8, 9, 9)).shape == (2, 16, 5, 5)


def test_zero_init_residual_config() -> None:
    model = build(replace(ResNetConfig.small(), zero_init_residual=True), device="cpu")
    blocks = [m for m in model.modules() if isinstance(m, ResidualBlock)]
    assert blocks
    assert all(bool((b.bn2.weight == 0).all()) for b in blocks)


@pytest.mark.parametrize("config", SMALL, ids=_name)
@pytest.mark.parametrize("shape", [(2, 3, 16, 16), (1, 16, 16), (2, 1, 16)])
def test_bad_input_shape_raises_with_expected_shape(
    config: CNNConfig, shape: tuple[int, ...]
) -> None:
    model = build(config, device="cpu")
    with pytest.raises(ValueError, match=r"x must have shape \(B, 1, H, W\)"):
        model(torch.zeros(shape))


@pytest.mark.parametrize("config", SMALL, ids=_name)
def test_small_models_train(config: CNNConfig) -> None:
    torch.manual_seed(0)
    model = build(config, device="cpu")
    x, y = torch.randn(16, 1, 16, 16), torch.randint(0, 10, (16,))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    losses = []
    for _ in range(10):
        loss = nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert all(torch.isfinite(torch.tensor(losses)))
    assert losses[-1] < losses[0]


@pytest.mark.parametrize(
    "make",
    [
        lambda: AlexNetConfig(widths=(8, 8), kernel_sizes=(3,)),
        lambda: AlexNetConfig(pool_after=(7,)),
        lambda: ResNetConfig(widths=(8, 16), blocks_per_stage=(1,)),
        lambda: DenseNetConfig(block_layers=()),
        lambda: DenseNetConfig(compression=0.0),
    ],
)
def test_inconsistent_configs_raise(make: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="must"):
        make()
