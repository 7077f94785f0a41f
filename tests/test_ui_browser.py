"""The web UI served on 127.0.0.1 and driven in headless Chromium (Playwright, sync API).

The fast tests use the scripted fake pipeline; `test_real_model_answers_with_sources` is
also marked `slow` and runs the real local model over the repo's corpus. Chromium is
Debian's (`apt-get install chromium`), never a downloaded one.

    $ pytest -m browser tests/test_ui_browser.py
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import DOCS, ROOT
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from playwright.sync_api import expect

from qa import ui
from qa.pipeline import Pipeline
from qa.settings import Settings
from qa.types import Document

pytestmark = [
    # Each gr.Blocks() opens an asyncio event loop for its queue's locks and never closes it.
    pytest.mark.filterwarnings("ignore:unclosed:ResourceWarning"),
    # Gradio's queue summarises its events with a pandas option that pandas 3 deprecates; as an
    # error it would kill the queue's worker task, so no answer would ever come.
    pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.usefixtures("gradio_sandbox"),
]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BITEL_Q = "Which company runs the Bitel project in Peru?"
BITEL = "Viettel runs the Bitel telecommunications project in Peru [1]."
BOB_Q = "Which company runs Bitel? (asked by the second person)"
TABS = "abcdefghij"  # letters, not numbers or names: the pipeline checks a question's names
WAIT_MS = 60_000  # generous: the machine is shared; this is a ceiling, not a speed check
REAL_WAIT_MS = 900_000  # the real model on two busy cores


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(pipeline: Pipeline, **overrides: Any) -> Iterator[str]:
    """The UI of `pipeline`, launched by `qa.ui.launch` on a free loopback port, then closed."""
    settings = pipeline.settings.model_copy(update={"ui_port": free_port(), **overrides})
    demo = ui.launch(pipeline, settings, block=False)
    try:
        yield f"http://127.0.0.1:{settings.ui_port}/"
    finally:
        demo.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium: apt-get install -y chromium")
    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[[str], Any]]:
    """Open the UI in a fresh browser context (a new person); only 127.0.0.1 may be reached."""
    contexts: list[Any] = []
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("http://127.0.0.1:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    def open_(url: str) -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.goto(url)
        page.locator("#qa-question textarea").wait_for()
        return page

    yield open_
    for context in contexts:
        context.close()
    assert outside == [], "the page tried to reach beyond 127.0.0.1"


def ask(page: Any, question: str) -> None:
    page.locator("#qa-question textarea").fill(question)
    page.locator("#qa-question textarea").press("Enter")


def bot_messages(page: Any) -> Any:
    return page.locator('#qa-chat [data-testid="bot"]')


def slow(model: FakeListChatModel, seconds_per_char: float = 0.02) -> FakeListChatModel:
    model.sleep = seconds_per_char  # so that the stream is seen arriving
    return model


# Fake pipeline: fast and deterministic ---------------------------------------------------------


@pytest.mark.browser
def test_answer_streams_cites_and_follows_up(fake_pipeline: Callable[..., Pipeline], open_page: Any) -> None:
    pipeline = fake_pipeline(BITEL, "Where was the Vietnam-Poland political consultation held?",
                             "The consultation was held in Warsaw [1].")
    slow(pipeline.llm)  # type: ignore[arg-type]
    with served(pipeline) as url:
        page = open_page(url)
        expect(page.locator("#qa-info")).to_contain_text("3 documents, 3 passages")
        ask(page, BITEL_Q)
        expect(page.locator("#qa-chat .qa-streaming")).to_be_visible()  # arriving token by token
        answer = bot_messages(page).nth(0)
        expect(answer.locator(".qa-answer")).to_contain_text("Viettel runs the Bitel")
        expect(answer.locator(".qa-cited")).to_contain_text("Vietnam, Peru hold talks — VNA, 2024-11-13")

        answer.locator("a.qa-cite").first.click()
        panel = page.locator("#qa-sources")
        expect(panel.locator(".qa-source-title")).to_contain_text("Vietnam, Peru hold talks")
        expect(panel.locator(".qa-meta")).to_contain_text("2024-11-13")
        expect(panel.locator("mark")).to_have_text("Viettel runs the Bitel telecommunications project in Peru.")
        assert page.url.rstrip("/") == url.rstrip("/")  # the link did not navigate

        ask(page, "And where was the Poland consultation held?")
        follow_up = bot_messages(page).nth(1)
        expect(follow_up.locator(".qa-answer")).to_contain_text("Warsaw")
        follow_up.locator("a.qa-cite").first.click()
        expect(panel.locator("mark")).to_contain_text("held in Warsaw")
        answer.locator("a.qa-cite").first.click()  # the first answer's source is still there
        expect(panel.locator("mark")).to_contain_text("Viettel runs the Bitel")


@pytest.mark.browser
def test_decline_and_errors_show_in_the_chat(fake_pipeline: Callable[..., Pipeline], open_page: Any) -> None:
    # Declined, then declined when asked again; the last question is rewritten first.
    pipeline = fake_pipeline("The corpus does not say.", "The corpus does not say.", BITEL_Q, BITEL)
    with served(pipeline) as url:
        page = open_page(url)
        ask(page, "Who won the 1998 football World Cup?")
        declined = bot_messages(page).nth(0)
        expect(declined.locator(".qa-declined")).to_contain_text("Not in the corpus")
        expect(declined.locator(".qa-declined")).to_contain_text("corpus does not say")
        assert declined.locator("a.qa-cite").count() == 0

        page.locator("#qa-send").click()  # an empty message
        expect(bot_messages(page).nth(1).locator(".qa-error")).to_contain_text("The question is empty")
        ask(page, "x" * 2100)
        expect(bot_messages(page).nth(2).locator(".qa-error")).to_contain_text("the limit is 2,000")

        ask(page, BITEL_Q)  # the chat goes on
        expect(bot_messages(page).nth(3).locator(".qa-answer")).to_contain_text("Viettel")


@pytest.mark.browser
def test_html_in_question_answer_and_passage_is_shown_not_run(
    fake_pipeline: Callable[..., Pipeline], open_page: Any
) -> None:
    doc = Document(id="evil", title='<img src=x onerror="window.__pwned=5"> Bitel', source="VNA",
                   text='Viettel runs the Bitel telecommunications project in Peru. '
                        '<img src=x onerror="window.__pwned=3"> <script>window.__pwned=4</script> ${7*7}')
    payload = '<img src=x onerror="window.__pwned=true">'
    # The answer's number is one of its passage: a made-up number would have it declined.
    answer = f'{BITEL} Also <img src=x onerror="window.__pwned=3">.'
    pipeline = fake_pipeline(answer, docs=[doc, *DOCS[1:]])  # the only Bitel doc
    with served(pipeline) as url:
        page = open_page(url)
        ask(page, f"{BITEL_Q} {payload}")
        expect(page.locator("#qa-chat .qa-answer")).to_be_visible()
        page.locator("#qa-chat a.qa-cite").first.click()
        expect(page.locator("#qa-sources mark")).to_be_visible()
        expect(page.locator('#qa-chat [data-testid="user"]')).to_contain_text(payload)
        expect(page.locator("#qa-chat .qa-answer")).to_contain_text('<img src=x onerror="window.__pwned=3">')
        passage = page.locator("#qa-sources .qa-passage")
        expect(passage).to_contain_text('<script>window.__pwned=4</script> ${7*7}')
        expect(page.locator("#qa-sources .qa-source-title")).to_contain_text('<img src=x onerror=')
        assert page.locator("#qa-chat img, #qa-sources img, #qa-sources script").count() == 0
        assert page.evaluate("() => window.__pwned") is None


@pytest.mark.browser
def test_examples_new_chat_and_own_sessions(fake_pipeline: Callable[..., Pipeline], open_page: Any) -> None:
    pipeline = fake_pipeline(BITEL)
    with served(pipeline) as url:
        alice, bob = open_page(url), open_page(url)
        alice.get_by_text(ui.EXAMPLES[0]).click()
        expect(bot_messages(alice).nth(0).locator(".qa-answer")).to_contain_text("Viettel")
        expect(bob.locator("#qa-chat [data-testid='user']")).to_have_count(0)  # Bob sees nothing
        ask(bob, BOB_Q)
        expect(bot_messages(bob).nth(0).locator(".qa-answer")).to_be_visible()
        expect(alice.locator("#qa-chat [data-testid='user']")).to_have_count(1)
        expect(bob.locator("#qa-chat [data-testid='user']")).to_have_text([BOB_Q])

        alice.locator("#qa-new-chat").click()
        expect(alice.locator("#qa-chat [data-testid='user']")).to_have_count(0)
        expect(alice.get_by_text(ui.EXAMPLES[1])).to_be_visible()
        expect(bob.locator("#qa-chat [data-testid='user']")).to_have_count(1)


class CountingChatModel(FakeListChatModel):
    """Records in `COUNTS` how many answers are being generated at the same moment; each
    waits for `GATE` first, so a test can look at the queue before any answer is done."""

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        with _count_lock:
            COUNTS["active"] += 1
            COUNTS["calls"] += 1
            COUNTS["peak"] = max(COUNTS["peak"], COUNTS["active"])
        try:
            GATE.wait(timeout=WAIT_MS / 1000)
            yield from super()._stream(*args, **kwargs)
        finally:
            with _count_lock:
                COUNTS["active"] -= 1


COUNTS = {"active": 0, "peak": 0, "calls": 0}
GATE = threading.Event()
_count_lock = threading.Lock()


@pytest.mark.browser
def test_ten_people_at_once_each_get_their_answer(
    fake_pipeline: Callable[..., Pipeline], open_page: Any
) -> None:
    COUNTS.update(active=0, peak=0, calls=0)
    GATE.clear()
    pipeline = fake_pipeline()
    pipeline.llm = CountingChatModel(responses=[BITEL], sleep=0.005)
    questions = [f"Which company runs Bitel? (asked in tab {tab})" for tab in TABS]
    with served(pipeline) as url:
        pages = [open_page(url) for _ in questions]  # ten browser profiles: ten people
        for page, question in zip(pages, questions):
            ask(page, question)
        for page in pages:  # the model is held: every question shows that it waits
            expect(page.locator("#qa-chat .qa-waiting")).to_be_visible()
        GATE.set()
        for page, question in zip(pages, questions):
            expect(bot_messages(page).nth(0).locator(".qa-answer")).to_contain_text("Viettel")
            expect(page.locator("#qa-chat [data-testid='user']")).to_have_text([question])
    assert COUNTS["calls"] == 10
    assert COUNTS["peak"] == 1  # the model answered one request at a time


# Served files and login: plain HTTP -----------------------------------------------------------


def test_server_does_not_serve_files_outside_the_ui(
    fake_pipeline: Callable[..., Pipeline], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    with served(fake_pipeline(BITEL)) as url:
        for path in ("/etc/passwd", str(ROOT / "pyproject.toml"), str(secret), str(ROOT / "corpus")):
            response = httpx.get(f"{url}gradio_api/file={path}")
            assert response.status_code in (403, 404), path
            assert "top secret" not in response.text and "root:" not in response.text


def test_login_is_required_when_configured(fake_pipeline: Callable[..., Pipeline]) -> None:
    with served(fake_pipeline(BITEL), ui_auth="ana:s3cret") as url:
        assert httpx.get(f"{url}config").status_code == 401
        with httpx.Client() as client:
            bad = client.post(f"{url}login", data={"username": "ana", "password": "nope"})
            assert bad.status_code == 400
            good = client.post(f"{url}login", data={"username": "ana", "password": "s3cret"})
            assert good.status_code == 200
            assert client.get(f"{url}config").status_code == 200


# Real pipeline: the real local model over the repo's corpus ----------------------------------


@pytest.fixture
def real_pipeline(tmp_path: Path, real_model_path: Path) -> Pipeline:
    from qa.corpus import load_corpus
    from qa.factory import build_index, build_pipeline
    from qa.index import ingest

    settings = Settings(cache_dir=tmp_path / "cache", model_path=real_model_path, index="ui-real")
    index = build_index(settings, create=True)
    ingest(index, load_corpus(ROOT / "corpus"), progress=False)
    return build_pipeline(settings, index)


@pytest.mark.browser
@pytest.mark.slow
def test_real_model_answers_with_sources(real_pipeline: Pipeline, open_page: Any) -> None:
    with served(real_pipeline) as url:
        page = open_page(url)
        ask(page, "Which Vietnamese company runs the Bitel telecommunications project in Peru?")
        link = bot_messages(page).nth(0).locator(".qa-answer a.qa-cite").first
        expect(link).to_be_visible(timeout=REAL_WAIT_MS)
        link.click()
        expect(page.locator("#qa-sources .qa-source-title")).to_be_visible()
        expect(page.locator("#qa-sources mark")).not_to_be_empty()
