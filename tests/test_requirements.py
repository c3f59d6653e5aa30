"""The requirements files are the truth about what the code imports.

A fresh machine (or Streamlit Community Cloud) has only what ``requirements.txt`` and
``requirements-dev.txt`` declare. Every third-party module imported by the app
(``app.py``, ``explorer/``) must come from a distribution that ``requirements.txt`` lists;
everything imported by ``tests/``, ``scripts/`` and ``benchmarks/`` from one that
``requirements-dev.txt`` lists (it includes ``requirements.txt``). Imports are read with
``ast`` and mapped to distributions with ``importlib.metadata.packages_distributions()``.
"""

from __future__ import annotations

import ast
import re
import sys
from functools import cache
from importlib.metadata import packages_distributions as _packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_CODE = ("app.py", "explorer")
DEV_CODE = ("tests", "scripts", "benchmarks")
#: Declared for their command line, not imported: name -> why.
TOOLS = {"ruff": "the linter and formatter (ruff check, ruff format)"}


@cache
def packages_distributions() -> dict[str, list[str]]:
    """Top-level module -> the installed distributions that provide it (read once)."""
    return _packages_distributions()


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(line: str) -> str:
    return _norm(re.split(r"[\s<>=!~\[;@#]", line.strip(), maxsplit=1)[0])


def declared(text: str, read=lambda name: (ROOT / name).read_text()) -> set[str]:
    """Distribution names a requirements file declares, following ``-r`` includes.

    Parameters
    ----------
    text : str
        The file's text.
    read : callable
        ``read(path) -> str`` for an included file.

    Returns
    -------
    set of str
        Normalized names (PEP 503).
    """
    names = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            names |= declared(read(line[2:].strip()), read)
        elif line and not line.startswith("-"):
            names.add(_requirement_name(line))
    return names


def _files(parts) -> list[Path]:
    out = []
    for part in parts:
        p = ROOT / part
        out += [p] if p.is_file() else sorted(p.rglob("*.py"))
    return out


def _local_names() -> set[str]:
    """Top-level names that are the project's own: its packages and the helper modules that
    sit beside tests, scripts and benchmarks."""
    names = {p.name for p in ROOT.iterdir() if p.is_dir()}
    names |= {f.stem for part in DEV_CODE for f in (ROOT / part).glob("*.py")}
    return names | {"app"}


@cache
def imports(parts: tuple[str, ...]) -> dict[str, Path]:
    """Third-party top-level modules imported by the code under ``parts``.

    Returns
    -------
    dict of str to Path
        Module -> the first file that imports it.
    """
    local = _local_names()
    found: dict[str, Path] = {}
    for f in _files(parts):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"), str(f))):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods = [node.module]
            else:
                continue
            for m in mods:
                top = m.split(".")[0]
                if top in sys.stdlib_module_names or top in local or top == "__future__":
                    continue
                found.setdefault(top, f.relative_to(ROOT))
    return found


def problems(runtime_reqs: set[str], dev_reqs: set[str]) -> list[str]:
    """What the requirements miss, one sentence per module, naming the module and the file.

    Parameters
    ----------
    runtime_reqs : set of str
        Distributions ``requirements.txt`` declares.
    dev_reqs : set of str
        Distributions ``requirements-dev.txt`` declares, its includes counted.
    """
    dists = packages_distributions()
    out = []
    for parts, reqs, fname in (
        (RUNTIME_CODE, runtime_reqs, "requirements.txt"),
        (RUNTIME_CODE + DEV_CODE, dev_reqs, "requirements-dev.txt"),
    ):
        for mod, where in sorted(imports(parts).items()):
            names = {_norm(d) for d in dists.get(mod, ())}
            if not names:
                out.append(f"{mod} (imported in {where}) is not installed, so no file declares it")
            elif not names & reqs:
                also = " (only requirements-dev.txt does)" if names & dev_reqs else ""
                out.append(
                    f"{mod} (imported in {where}) comes from {'/'.join(sorted(names))}, "
                    f"which {fname} does not list{also}"
                )
    return out


def _requirement_lines() -> list[tuple[str, int, str]]:
    rows = []
    for fname in ("requirements.txt", "requirements-dev.txt"):
        for i, line in enumerate((ROOT / fname).read_text().splitlines()):
            name = line.split("#", 1)[0].strip()
            if name and not name.startswith("-"):
                rows.append((fname, i, line))
    return rows


def _declared_without(fname: str, index: int) -> tuple[set[str], set[str]]:
    texts = {f: (ROOT / f).read_text() for f in ("requirements.txt", "requirements-dev.txt")}
    lines = texts[fname].splitlines()
    texts[fname] = "\n".join(lines[:index] + lines[index + 1 :])
    read = texts.__getitem__
    return declared(texts["requirements.txt"], read), declared(texts["requirements-dev.txt"], read)


def test_every_import_is_declared():
    runtime = declared((ROOT / "requirements.txt").read_text())
    dev = declared((ROOT / "requirements-dev.txt").read_text())
    assert problems(runtime, dev) == []


def test_the_dev_file_includes_the_runtime_file():
    dev = (ROOT / "requirements-dev.txt").read_text().splitlines()
    assert "-r requirements.txt" in dev


def test_every_declared_distribution_is_used():
    """A stale line installs something nothing imports; tools are named with a reason."""
    used = set()
    dists = packages_distributions()
    for mod in imports(RUNTIME_CODE + DEV_CODE):
        used |= {_norm(d) for d in dists.get(mod, ())}
    dev = declared((ROOT / "requirements-dev.txt").read_text())
    assert sorted(dev - used - set(TOOLS)) == []


@pytest.mark.parametrize(
    ("fname", "index", "line"),
    [r for r in _requirement_lines() if _requirement_name(r[2]) not in TOOLS],
)
def test_deleting_a_needed_line_is_caught(fname, index, line):
    """The check above can fail: without any one line, it names what breaks."""
    found = problems(*_declared_without(fname, index))
    assert found, f"deleting {line!r} from {fname} went unnoticed"
    module_of = {
        "pillow": "PIL",
        "scikit-learn": "sklearn",
        "vl-convert-python": "vl_convert",
        "protobuf": "google",
    }
    name = _requirement_name(line)
    assert any(f"{module_of.get(name, name)} (" in p for p in found), found


def test_an_app_import_declared_only_for_development_is_caught():
    runtime = declared((ROOT / "requirements.txt").read_text()) - {"numpy"}
    dev = declared((ROOT / "requirements-dev.txt").read_text()) | {"numpy"}
    found = [p for p in problems(runtime, dev) if p.startswith("numpy (")]
    assert found and "requirements.txt does not list (only requirements-dev.txt does)" in found[0]
