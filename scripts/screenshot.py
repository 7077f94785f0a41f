"""Write docs/screenshot.png: the web chat answering a seed question, its first source open.

It is the real thing: the corpus is ingested (only what changed) into the cache, the real
pipeline and local model answer, and Debian's Chromium takes the picture.

    $ python scripts/screenshot.py                                # ~/.cache/qa → docs/screenshot.png
    $ python scripts/screenshot.py --cache-dir /tmp/qa --out /tmp/ui.png
"""

from __future__ import annotations

import argparse
import socket
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route, sync_playwright

from qa.corpus import load_corpus
from qa.factory import build_index, build_pipeline
from qa.index import ingest
from qa.pipeline import Pipeline
from qa.settings import Settings
from qa.ui import launch

ROOT = Path(__file__).resolve().parent.parent
SEED = "Which Vietnamese company runs the Bitel telecommunications project in Peru?"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ANSWER_WAIT_MS = 20 * 60_000  # the local model on a small, busy CPU
DONE = "#qa-chat .qa-answer a.qa-cite, #qa-chat .qa-declined, #qa-chat .qa-error"


def main(argv: list[str] | None = None) -> None:
    """Ingest, launch on a free loopback port, ask, open the first source, screenshot."""
    args = parse_args(argv)
    pipeline = real_pipeline(args.cache_dir)
    settings = pipeline.settings.model_copy(update={"ui_host": "127.0.0.1", "ui_port": free_port()})
    demo = launch(pipeline, settings, block=False)
    try:
        shoot(f"http://127.0.0.1:{settings.ui_port}/", args.question, args.out)
    finally:
        demo.close()
    print(f"wrote {args.out}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, help="cache of models and indexes (default: QA_CACHE_DIR)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--question", default=SEED)
    return parser.parse_args(argv)


def real_pipeline(cache_dir: Path | None) -> Pipeline:
    """The real pipeline over the repo's corpus, ingested first (a no-op when unchanged)."""
    overrides: dict[str, Any] = {"corpus": ROOT / "corpus"}
    if cache_dir:
        overrides["cache_dir"] = cache_dir
    settings = Settings(**overrides)
    index = build_index(settings, create=True)
    print(f"index {settings.index!r}: {ingest(index, load_corpus(settings.corpus)).summary()}")
    return build_pipeline(settings, index)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def shoot(url: str, question: str, out: Path) -> None:
    """Ask `question` in the page at `url`, open the first citation, save the picture."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", _loopback_only)
        page.goto(url)
        _ask_and_open_source(page, question)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()


def _ask_and_open_source(page: Page, question: str) -> None:
    box = page.locator("#qa-question textarea")
    box.fill(question)
    box.press("Enter")
    page.locator(DONE).first.wait_for(timeout=ANSWER_WAIT_MS)
    link = page.locator("#qa-chat .qa-answer a.qa-cite").first
    if not link.count():
        raise SystemExit(f"no cited answer to show: {page.locator('#qa-chat').inner_text()[-300:]}")
    link.click()
    page.locator("#qa-sources mark").wait_for()
    page.wait_for_timeout(500)  # let the panel's new content settle before the picture


def _loopback_only(route: Route) -> None:
    if route.request.url.startswith("http://127.0.0.1:"):
        route.continue_()
    else:
        route.abort()


if __name__ == "__main__":
    main()
