"""Regenerate the README's table of URL keys from explorer.urlstate.URL_KEYS.

Run: ``python scripts/update_readme.py`` (a test checks the README lists every key).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explorer.urlstate import URL_KEYS  # noqa: E402


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    rows = "\n".join(f"| `{k}` | {what} |" for k, (what, _) in URL_KEYS.items())
    table = f"<!-- url-keys -->\n| key | sets |\n|---|---|\n{rows}\n<!-- /url-keys -->"
    new = re.sub(r"<!-- url-keys -->.*?<!-- /url-keys -->", lambda m: table, text, flags=re.S)
    readme.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
