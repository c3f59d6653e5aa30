"""The layers show in the tree and imports go one way: engine → data → analysis → services → ui.

Every import in ``explorer/`` is read with ``ast`` (lazy imports inside functions included):

- ``engine/`` imports NumPy and the standard library only;
- nothing outside ``ui/`` (and ``app.py``) imports Streamlit;
- nothing in ``engine/`` or ``data/`` imports pandas or Altair;
- no module imports from a layer above its own.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "explorer"
LAYERS = ("engine", "data", "analysis", "services", "ui")
#: Third-party modules each layer may import (beyond the standard library).
ALLOWED = {
    "engine": {"numpy"},
    "data": {"numpy", "PIL"},
    "analysis": {"numpy", "pandas", "altair", "vl_convert", "pyarrow", "PIL"},
    "services": {"numpy", "pandas", "threadpoolctl"},
    "ui": {"numpy", "pandas", "streamlit", "pyarrow", "threadpoolctl"},
}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _layer(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 and parts[0] in LAYERS else None


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    pkg = list(path.relative_to(ROOT).with_suffix("").parts)
    if pkg[-1] == "__init__":
        pkg = pkg[:-1]
    else:
        pkg = pkg[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[: len(pkg) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
                names = [f"{mod}.{a.name}" for a in node.names] if not node.module else [mod]
                out += [(node.lineno, m) for m in names]
            else:
                mod = node.module or ""
                if mod in ("explorer", *(f"explorer.{x}" for x in LAYERS)):
                    out += [(node.lineno, f"{mod}.{a.name}") for a in node.names]
                else:
                    out.append((node.lineno, mod))
    return out


def violations() -> list[str]:
    """Every import that breaks a rule, as ``file:line: what``."""
    bad = []
    for path in _modules():
        layer = _layer(path)
        rel = path.relative_to(ROOT)
        for line, mod in _imports(path):
            top = mod.split(".")[0]
            where = f"{rel}:{line}: imports {mod}"
            if top == "explorer":
                parts = mod.split(".")
                target = parts[1] if len(parts) > 1 and parts[1] in LAYERS else None
                if layer is None:
                    continue  # explorer/__init__.py: the public API, may gather any layer
                if target is None:
                    bad.append(f"{where} (the package root, from inside a layer)")
                elif LAYERS.index(target) > LAYERS.index(layer):
                    bad.append(f"{where} (layer {target} is above {layer})")
            elif top in sys.stdlib_module_names or top == "__future__":
                continue
            elif layer is not None and top not in ALLOWED[layer]:
                bad.append(f"{where} ({layer} may import only {sorted(ALLOWED[layer])})")
    return bad


def test_imports_go_one_way():
    assert violations() == []


def test_every_module_is_in_a_layer():
    loose = [
        str(p.relative_to(ROOT))
        for p in _modules()
        if _layer(p) is None and p != PACKAGE / "__init__.py"
    ]
    assert loose == []


@pytest.mark.parametrize(
    ("layer", "source", "expected"),
    [
        ("engine", "import pandas as pd\n", "engine may import only"),
        ("data", "from altair import Chart\n", "data may import only"),
        ("services", "import streamlit as st\n", "services may import only"),
        ("engine", "from explorer.services import training\n", "is above engine"),
        ("analysis", "from ..ui import draw\n", "is above analysis"),
        ("data", "from explorer import Network\n", "the package root"),
    ],
)
def test_the_rules_catch_a_wrong_import(tmp_path, monkeypatch, layer, source, expected):
    """The checker itself can fail: a planted wrong import is reported."""
    fake_root = tmp_path
    pkg = fake_root / "explorer" / layer
    pkg.mkdir(parents=True)
    (pkg / "bad.py").write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", fake_root)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake_root / "explorer")
    found = violations()
    assert len(found) == 1 and expected in found[0], found
