"""The example scripts run as a reader runs them.

Each script's ``main(argv)`` is called in-process (torch is imported once per test worker, not
once per script); one test runs a script as a real subprocess, exactly as the README shows.
"""

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def load(script: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{script.stem}", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``run(script, *args) -> (exit code, stdout, stderr)`` of ``main(args)``."""

    def call(script: Path, *args: str) -> tuple[int, str, str]:
        main = load(script).main
        try:
            code = main(list(args)) or 0
        except SystemExit as exit_:  # argparse: --help exits 0, a bad argument exits 2
            code = exit_.code if isinstance(exit_.code, int) else 1
        out = capsys.readouterr()
        return code, out.out, out.err

    return call


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


def test_a_script_runs_from_the_command_line(tmp_path):
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "four_components.py"), "--quick", "--seed", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert "test accuracy" in out.stdout


def test_model_zoo_prints_the_table(run):
    code, out, err = run(EXAMPLES / "model_zoo.py")
    assert code == 0, err
    assert "61,100,840" in out  # AlexNet at paper size


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_help(run, script):
    code, out, err = run(script, "--help")
    assert code == 0, err
    assert "--quick" in out


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_quick_mode_runs_and_saves_its_figures(run, script, tmp_path):
    folder = {"data_tasks": 5, "losses": 4}  # scripts that save several figures into a folder
    many = script.stem in folder
    target = tmp_path / ("figures" if many else "figure.png")
    extra = ["--model", "resnet"] if script.stem == "model_zoo" else []
    code, out, err = run(script, "--quick", "--out", str(target), *extra)
    assert code == 0, err
    assert out.strip(), "an example prints its result table"
    figures = sorted(target.glob("*.png")) if many else [target]
    assert len(figures) == folder.get(script.stem, 1)
    assert all(f.stat().st_size > 1000 for f in figures)
    assert "Warning" not in err, err


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
def test_bad_arguments_give_a_clear_error(run, script, args):
    code, _, err = run(EXAMPLES / script, *args)
    assert code == 2
    assert "error:" in err
    assert "Traceback" not in err
