"""Regenerate the README's screenshots: one per tab, taken in headless Chromium.

Run from the project root: ``python scripts/readme_screenshots.py`` (needs Playwright's Python
package and Debian's ``chromium``). Each view is opened through a link (the app restores its
whole state from the URL), tabs with a Train button get it clicked, and the screenshot is
shrunk to a 256-colour PNG so the files stay small.
"""

from __future__ import annotations

import sys
from pathlib import Path

from appserver import AppServer, chromium, settle
from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"

#: file name -> (query, text of a button to click first or None, viewport height)
VIEWS = {
    "signals": ("tab=signals", None, 1700),
    "compare": ("tab=signals&mode=compare&cmp=zeros,lecun_normal,he_normal", None, 1700),
    "training": ("tab=training", "Train", 1900),
    "rbm": ("tab=rbm", "Train", 1900),
    "dbn": ("tab=dbn", "Train", 1900),
    "lesson": ("tab=lesson&step=7", None, 1600),
    "lesson_ko": ("tab=lesson&step=1&lang=ko", None, 1600),
    "map": ("tab=map", None, 1600),
}


def main(only: list[str] | None = None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with AppServer("readme_screenshots") as server, chromium(sync_playwright) as browser:
        for name, (query, button, height) in VIEWS.items():
            if only and name not in only:
                continue
            page = browser.new_page(viewport={"width": 1400, "height": height})
            page.goto(f"{server.url}?{query}")
            settle(page, timeout=300_000, quiet_runs=3)
            if button:
                page.get_by_role("button", name=button, exact=True).first.click()
                settle(page, timeout=300_000, quiet_runs=3)
            path = OUT / f"{name}.png"
            page.screenshot(path=str(path))
            page.close()
            img = Image.open(path).convert("RGB")
            img = img.resize((img.width * 2 // 3, img.height * 2 // 3), Image.LANCZOS)
            img.quantize(colors=256).save(path, optimize=True)
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:] or None)
