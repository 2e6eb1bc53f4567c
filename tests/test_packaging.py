"""Dependencies: ranges in pyproject.toml, exact pins for every one of them in constraints.txt."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    found = {}
    for line in lines:
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt must pin exactly: {line!r}"
            found[normalize(name)] = version
    return found


def requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return reqs


def test_torch_is_pinned_to_the_cpu_wheel():
    assert pins()["torch"] == "2.13.0"


def test_every_requirement_is_a_range_with_an_exact_pin():
    pinned = pins()
    for req in requirements():
        name = normalize(re.split(r"[<>=!~\[ ;]", req, maxsplit=1)[0])
        assert "==" not in req, f"pyproject.toml keeps ranges, not pins: {req}"
        assert name in pinned, f"{name} has no pin in constraints.txt (run `nox -s lock`)"


def test_python_version_floor():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    assert (ROOT / "src" / "dlbasics" / "py.typed").exists()


def test_every_module_is_in_the_api_reference():
    root = Path(__file__).resolve().parents[1]
    pages = [
        root / "docs" / "appendix" / "api.md",
        *(root / "docs" / "appendix" / "api").glob("*.md"),
    ]
    api = "".join(page.read_text(encoding="utf-8") for page in pages)
    package = root / "src" / "dlbasics"
    for path in package.rglob("*.py"):
        if path.name.startswith("_"):
            continue
        module = ".".join(("dlbasics", *path.relative_to(package).with_suffix("").parts))
        if module == "dlbasics.seed":
            continue  # re-exported as dlbasics.set_seed
        assert f".. automodule:: {module}\n" in api, f"{module} is missing from api.md"
