import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib import font_manager

from dlbasics.plot import FONT_FAMILY, korean_font_files, use_style, using_language
from dlbasics.plot.basic import bar_comparison, image_grid
from dlbasics.plot.intro import ai_ml_dl_figure, components_figure, loss_curve
from dlbasics.plot.timeline import timeline_figure


@pytest.fixture(autouse=True)
def _style():
    use_style()
    yield
    plt.close("all")


def draw(fig, fmt="png"):
    import io

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning: make it fatal
        fig.savefig(io.BytesIO(), format=fmt)


def test_korean_font_is_bundled_and_registered():
    assert any(p.name == "NanumGothic.ttf" for p in korean_font_files())
    names = {f.name for f in font_manager.fontManager.ttflist}
    assert "NanumGothic" in names
    assert mpl.rcParams["font.family"] == list(FONT_FAMILY)
    assert FONT_FAMILY[0] == "DejaVu Sans"  # proper minus sign first
    assert mpl.rcParams["axes.unicode_minus"] is True


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_hangul_and_minus_render_without_missing_glyphs(fmt):
    fig, ax = plt.subplots()
    ax.set_title("데이터 · 모델 · 손실 함수 · 최적화 −1.5 θ ∇ℒ")
    ax.plot([-2, 2], [-1, 1])
    draw(fig, fmt)


def test_a_missing_glyph_is_caught():
    fig, ax = plt.subplots()
    ax.set_title("\U0001d4a9")  # MATHEMATICAL SCRIPT CAPITAL N: in neither font
    with pytest.raises(UserWarning, match="missing from font"):
        draw(fig)


def test_white_background_for_dark_mode():
    assert mpl.colors.to_hex(mpl.rcParams["figure.facecolor"]) == "#ffffff"
    assert mpl.colors.to_hex(mpl.rcParams["savefig.facecolor"]) == "#ffffff"
    assert mpl.rcParams["savefig.transparent"] is False


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("make", [ai_ml_dl_figure, components_figure, timeline_figure])
def test_intro_figures_draw_cleanly(make, lang):
    with using_language(lang):
        draw(make(), "svg")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_ai_ml_dl_figure_has_the_three_definitions(lang):
    with using_language(lang):
        texts = " ".join(t.get_text() for t in ai_ml_dl_figure().axes[0].texts)
    for word in (
        "Artificial Intelligence",
        "Machine Learning",
        "Deep Learning",
        "mimic human intelligence",
        "data-driven approach",
        "neural networks",
    ):
        assert word in texts


def test_generic_figures_and_their_checks():
    draw(image_grid(torch.rand(12, 64), titles=[str(i) for i in range(12)], ncols=5))
    draw(
        bar_comparison(
            ["규칙", "ML"], [0.5, 0.9], "accuracy", reference=0.1, reference_label="찍기"
        )
    )
    draw(loss_curve([2.0, 1.0, 0.4], title="손실"))
    with pytest.raises(ValueError, match="titles must have 2"):
        image_grid(torch.rand(2, 8, 8), titles=["a"])
    with pytest.raises(ValueError, match=r"shape \(N, H, W\)"):
        image_grid(torch.rand(8, 8))
    with pytest.raises(ValueError, match="positive"):
        loss_curve([1.0, 0.0])
    with pytest.raises(ValueError, match="same length"):
        bar_comparison(["a"], [1.0, 2.0], "y")
