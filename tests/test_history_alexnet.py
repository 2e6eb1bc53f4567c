"""The AlexNet page's claims: convolution reads digits wherever they are, pixel models do not."""

import pytest
import torch

from dlbasics.data.canvas import load_canvas_digits, place_at_random
from dlbasics.data.digits import load_digits_split
from dlbasics.experiments.alexnet import (
    CLAIMS,
    CanvasConfig,
    canvas_cnn,
    count_alexnet_parameters,
    run_canvas,
)
from dlbasics.milestones import get


def test_place_at_random_pastes_each_image_whole_and_everywhere():
    images = torch.arange(1, 5, dtype=torch.float32).view(1, 1, 2, 2).repeat(500, 1, 1, 1)
    canvases, corners = place_at_random(images, 5, torch.Generator().manual_seed(0))
    assert canvases.shape == (500, 1, 5, 5)
    for i in range(0, 500, 37):
        r, c = corners[i].tolist()
        assert torch.equal(canvases[i, 0, r : r + 2, c : c + 2], images[i, 0])
        assert canvases[i].sum() == images[i].sum()  # nothing else on the canvas
    assert {tuple(p) for p in corners.tolist()} == {(r, c) for r in range(4) for c in range(4)}


def test_canvas_digits_keep_the_split_and_draw_new_places_for_test():
    s = load_canvas_digits(16, seed=1)
    flat = load_digits_split(seed=1)
    assert torch.equal(s.y_train, flat.y_train)
    assert torch.equal(s.x_test.sum((1, 2, 3)), flat.x_test.sum(1))
    assert load_canvas_digits(8, seed=1).x_train.shape == (1347, 1, 8, 8)
    assert torch.equal(load_canvas_digits(16, seed=1).x_train, s.x_train)  # deterministic


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"canvas_size": 7}, ValueError, r"canvas_size must be .*\b8\b"),
        ({"canvas_size": 65}, ValueError, "canvas_size"),
        ({"canvas_size": 16.0}, TypeError, "canvas_size must be an int"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_canvas_digits_reject_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        load_canvas_digits(**kwargs)


def test_place_at_random_rejects_bad_arguments():
    with pytest.raises(ValueError, match="images must have"):
        place_at_random(torch.zeros(2, 8, 8), 16)
    with pytest.raises(ValueError, match=r"canvas_size must be >= .*\b8\b"):
        place_at_random(torch.zeros(2, 1, 8, 8), 7)
    with pytest.raises(TypeError, match="images"):
        place_at_random([[0.0]], 16)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"steps": 0}, ValueError),
        ({"seed": -1}, ValueError),
        ({"lr": 0.0}, ValueError),
        ({"dropout": 1.0}, ValueError),
        ({"widths": ()}, ValueError),
        ({"widths": (8, 0)}, ValueError),
        ({"canvas_size": 18}, ValueError),  # not divisible by 4 = 2 ** len(widths)
        ({"canvas_size": 68}, ValueError),
        ({"batch_size": True}, TypeError),
        ({"hidden": 8.0}, TypeError),
    ],
)
def test_canvas_config_rejects_bad_values(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        CanvasConfig(**kwargs)


def test_run_canvas_and_the_result_refuse_what_they_cannot_use():
    with pytest.raises(TypeError, match="CanvasConfig"):
        run_canvas({"steps": 5})
    result = run_canvas(CanvasConfig(steps=1, widths=(4,), hidden=4))
    assert result.config == CanvasConfig(steps=1, widths=(4,), hidden=4)
    with pytest.raises(ValueError, match="name must be one of"):
        result.accuracy_of("VGG")


def test_canvas_cnn_is_translation_invariant_up_to_its_pooling_grid():
    torch.manual_seed(0)
    cnn = canvas_cnn().eval()
    digit = load_digits_split(seed=0, flatten=False).x_test[:1]  # (1, 1, 8, 8)
    canvas = torch.zeros(3, 1, 32, 32)  # large enough to keep the digit away from the borders
    canvas[0, :, 8:16, 8:16] = digit[0]
    canvas[1, :, 16:24, 12:20] = digit[0]  # moved by multiples of the total pooling stride 4
    canvas[2, :, 9:17, 8:16] = digit[0]  # moved by one pixel: close, but not equal
    with torch.no_grad():
        out = cnn(canvas)
    torch.testing.assert_close(out[0], out[1])
    assert not torch.allclose(out[0], out[2])


def test_alexnet_at_paper_size_has_sixty_million_parameters():
    scale = count_alexnet_parameters()
    assert scale.params == 61_100_840  # torchvision's single-tower AlexNet
    assert scale.params_paper_widths == 62_378_344
    assert 55e6 < scale.params < 65e6  # "60M parameters"
    assert "60M" in get("AlexNet").headline
    assert scale.small_params < 20_000


@pytest.fixture(scope="module", params=range(5))
def canvas(request):
    """The page's experiment, run once per seed 0-4."""
    return run_canvas(CanvasConfig(seed=request.param))


@pytest.mark.slow
def test_cnn_reads_moved_digits_where_pixel_models_cannot(canvas):
    CLAIMS.check(canvas)  # every sentence of the page about the three models' accuracies
    assert len(canvas.example_predictions) == 3
    assert canvas.examples.shape == (8, 1, 16, 16)
