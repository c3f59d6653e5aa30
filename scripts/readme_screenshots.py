"""Regenerate the README's screenshots: one per tab, taken in headless Chromium.

Run from the project root: ``python scripts/readme_screenshots.py`` (needs Playwright's Python
package and Debian's ``chromium``). Each view is opened through a link (the app restores its
whole state from the URL), tabs with a Train button get it clicked, and the screenshot is
shrunk to a 256-colour PNG so the files stay small.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]

#: file name -> (query, text of a button to click first or None, viewport height)
VIEWS = {
    "signals": ("tab=signals", None, 1700),
    "compare": ("tab=signals&mode=compare&cmp=zeros,lecun_normal,he_normal", None, 1700),
    "training": ("tab=training", "Train", 1900),
    "rbm": ("tab=rbm", "Train", 1900),
    "dbn": ("tab=dbn", "Train", 1900),
    "lesson": ("tab=lesson&step=7", None, 1600),
    "lesson_ko": ("tab=lesson&step=1&lang=ko", None, 1600),
}


def settle(page) -> None:
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=60_000
    )
    page.wait_for_timeout(400)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=300_000
    )
    page.wait_for_timeout(800)
    # a run may start again right after (a URL write, a finished training): wait it out
    for _ in range(3):
        page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
            state="attached", timeout=300_000
        )
        page.wait_for_timeout(1500)
    page.locator("[data-testid='stSkeleton']").first.wait_for(state="detached", timeout=60_000)


def main(only: list[str] | None = None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, (query, button, height) in VIEWS.items():
                if only and name not in only:
                    continue
                page = browser.new_page(viewport={"width": 1400, "height": height})
                page.goto(f"http://127.0.0.1:{port}/?{query}")
                settle(page)
                if button:
                    page.get_by_role("button", name=button, exact=True).first.click()
                    settle(page)
                path = OUT / f"{name}.png"
                page.screenshot(path=str(path))
                page.close()
                img = Image.open(path).convert("RGB")
                img = img.resize((img.width * 2 // 3, img.height * 2 // 3), Image.LANCZOS)
                img.quantize(colors=256).save(path, optimize=True)
                print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
            browser.close()
    finally:
        server.terminate()


if __name__ == "__main__":
    main(sys.argv[1:] or None)
