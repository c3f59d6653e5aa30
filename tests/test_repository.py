"""The repository stands on its own: the README's two commands, CI running the README's test
command in a fresh environment, and no path that points outside the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _first_screen_commands() -> list[str]:
    """The shell commands in the README's first 30 lines."""
    head = "\n".join(README.splitlines()[:30])
    return re.findall(r"```bash\n(.+?)\n```", head, flags=re.S)


def test_the_first_screen_installs_and_runs_the_app_and_the_tests():
    commands = _first_screen_commands()
    assert any("-r requirements.txt" in c and "streamlit run app.py" in c for c in commands)
    assert any("-r requirements-dev.txt" in c and "pytest" in c for c in commands)


def test_ci_runs_exactly_the_readme_test_command():
    (ci_command,) = re.findall(r"^TEST_COMMAND='(.+)'$", CI, flags=re.M)
    assert ci_command in _first_screen_commands()
    assert 'eval "$TEST_COMMAND"' in CI


def test_ci_uses_a_fresh_venv_that_hides_the_machine_packages():
    assert "-m venv" in CI
    assert "system-site-packages" not in CI.replace("no --system-site-packages", "")
    assert "--no-cache-dir" not in CI  # the download cache makes a rerun fast
    assert CI.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in CI


def _tracked_text_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    files = []
    for name in out:
        p = ROOT / name
        if p.is_file() and p.suffix not in (".png", ".npz", ".jpg", ".gz"):
            files.append(p)
    return files


def test_no_file_points_outside_the_repository():
    """A clone from GitHub has no sibling folders: nothing may refer to them."""
    outside = re.compile(r"\.\./shared|\bDESIGN\.md\b|\bseed/(?!\w)")
    bad = []
    for p in _tracked_text_files():
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if outside.search(line) and p.name != "test_repository.py":
                bad.append(f"{p.relative_to(ROOT)}:{i}: {line.strip()[:80]}")
    assert bad == []


def test_readme_links_resolve():
    missing = [
        target
        for target in re.findall(r"\]\(((?!https?://|#)[^)\s]+)\)", README)
        if not (ROOT / target.split("#")[0]).exists()
    ]
    assert missing == []


def test_architecture_doc_names_only_what_exists():
    """Every module and function docs/architecture.md names is where it says."""
    import importlib

    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    layers = r"(?:engine|data|analysis|services|ui)"
    named = re.findall(rf"`({layers}/[\w/]+?)(?:\.py)?(?:\.(\w+))?(?:\([^`]*\))?`", text)
    assert len(named) > 20, named
    for path, attr in named:
        module = importlib.import_module("explorer." + path.strip("/").replace("/", "."))
        if attr:
            assert hasattr(module, attr), f"{path}.{attr}"
    for layer in ("engine", "data", "analysis", "services", "ui"):
        for sub in (ROOT / "explorer" / layer).iterdir():
            if sub.suffix == ".py" and sub.stem != "__init__":
                assert f"`{sub.name}`" in text or f"{layer}/{sub.name}" in text, sub
