"""The example scripts run from the command line, as a reader would run them."""

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, timeout=300
    )


def test_there_are_examples():
    assert {p.stem for p in SCRIPTS} >= {
        "four_components",
        "ai_ml_dl",
        "data_tasks",
        "model_zoo",
        "losses",
        "optimization",
        "alexnet",
        "dqn_catch",
        "seq2seq",
        "adam",
        "gan",
        "resnet_degradation",
        "transformer",
        "bert",
        "gpt",
        "simclr",
    }


def test_model_zoo_prints_the_table():
    out = run(EXAMPLES / "model_zoo.py")
    assert out.returncode == 0, out.stderr
    assert "61,100,840" in out.stdout  # AlexNet at paper size


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_help(script):
    out = run(script, "--help")
    assert out.returncode == 0, out.stderr
    assert "--quick" in out.stdout


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_quick_mode_runs_and_saves_its_figures(script, tmp_path):
    folder = {"data_tasks": 5, "losses": 4}  # scripts that save several figures into a folder
    many = script.stem in folder
    target = tmp_path / ("figures" if many else "figure.png")
    extra = ["--model", "resnet"] if script.stem == "model_zoo" else []
    out = run(script, "--quick", "--out", str(target), *extra)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip(), "an example prints its result table"
    figures = sorted(target.glob("*.png")) if many else [target]
    assert len(figures) == folder.get(script.stem, 1)
    assert all(f.stat().st_size > 1000 for f in figures)
    assert "Warning" not in out.stderr, out.stderr


def test_four_components_prints_its_result():
    out = run(EXAMPLES / "four_components.py", "--quick", "--seed", "2")
    assert out.returncode == 0, out.stderr
    assert "test accuracy" in out.stdout


@pytest.mark.parametrize(
    ("script", "args"),
    [
        ("four_components.py", ["--steps", "0"]),
        ("four_components.py", ["--lr", "-1"]),
        ("ai_ml_dl.py", ["--steps", "0"]),
        ("data_tasks.py", ["--tasks", "captioning"]),
        ("data_tasks.py", ["--seed", "-1"]),
        ("model_zoo.py", ["--model", "vgg"]),
        ("optimization.py", ["--technique", "magic"]),
        ("dqn_catch.py", ["--episodes", "0"]),
        ("seq2seq.py", ["--steps", "0"]),
        ("gan.py", ["--out", "gan.svg"]),
        ("transformer.py", ["--seed", "-1"]),
        ("bert.py", ["--labels-per-topic", "0"]),
        ("gpt.py", ["--widths", "16", "8"]),
        ("resnet_degradation.py", ["--steps", "0"]),
        ("simclr.py", ["--tau", "0"]),
        ("alexnet.py", ["--canvas", "18"]),
        ("adam.py", ["--spread", "0"]),
    ],
)
def test_bad_arguments_give_a_clear_error(script, args):
    out = run(EXAMPLES / script, *args)
    assert out.returncode == 2
    assert "error:" in out.stderr
    assert "Traceback" not in out.stderr
