"""The web UI's logic, without a browser: handlers, rendering, escaping, and the Blocks' settings.

The handlers are called the way Gradio calls them: `ask` puts the question in the chat,
then `respond` streams (chat, turns, textbox, button) updates.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr
import httpx2
import openai
import pytest
from conftest import DOCS
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from qa import ui, ui_html
from qa.errors import ConfigError, IndexMissingError
from qa.pipeline import AnswerStream, Pipeline
from qa.settings import Settings
from qa.types import Answer, Citation, Document

# Each gr.Blocks() opens an asyncio event loop for its queue's locks and never closes it.
pytestmark = [pytest.mark.filterwarnings("ignore:unclosed:ResourceWarning"), pytest.mark.usefixtures("gradio_sandbox")]

BITEL = "Viettel runs the Bitel telecommunications project in Peru [1]."
TAG = re.compile(r"<\s*(script|img|iframe|svg)\b", re.IGNORECASE)


def run_turn(pipeline: Pipeline, question: str, turns: list[ui.Turn]) -> list[tuple[Any, ...]]:
    """Ask, then collect every update `respond` yields, like Gradio does."""
    _, turns, _, _ = ui.ask(question, turns)
    return list(ui.ChatHandlers(pipeline).respond(turns))


def last_reply(updates: list[tuple[Any, ...]]) -> str:
    chat = updates[-1][0]
    assert chat[-1]["role"] == "assistant"
    return str(chat[-1]["content"])


def record_histories(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[str, str]]]:
    """Spy on `pipeline.stream`: the history each call received."""
    seen: list[list[tuple[str, str]]] = []
    real = pipeline.stream

    def spy(question: str, history: Any = ()) -> AnswerStream:
        seen.append(list(history))
        return real(question, history)

    monkeypatch.setattr(pipeline, "stream", spy)
    return seen


class DownChatModel(FakeListChatModel):
    """A chat model whose endpoint refuses the connection after the first token."""

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        yield from list(super()._stream(*args, **kwargs))[:1]
        raise openai.APIConnectionError(request=httpx2.Request("POST", "http://127.0.0.1:9/v1"))


class BuggyChatModel(FakeListChatModel):
    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        raise RuntimeError("secret internal detail")


# Chat flow -----------------------------------------------------------------------------------


def test_answer_streams_then_shows_linked_markers(fake_pipeline: Callable[..., Pipeline]) -> None:
    pipeline = fake_pipeline(BITEL)
    marker = pipeline.answer("Which company runs Bitel?").citations[0].marker
    updates = run_turn(pipeline, "Which company runs Bitel?", [])
    streaming = [str(u[0][-1]["content"]) for u in updates if "qa-streaming" in str(u[0][-1]["content"])]
    assert len(streaming) > 3, "the answer should arrive token by token"
    assert len(streaming[0]) < len(streaming[-1])
    final = last_reply(updates)
    assert "qa-streaming" not in final
    assert f'<a class="qa-cite" href="#qa-cite-0-{marker}"' in final
    assert "Vietnam, Peru hold talks — VNA, 2024-11-13" in final  # the compact source list
    assert updates[-1][2]["interactive"] is True  # the textbox is usable again


def test_question_waits_visibly_until_its_turn() -> None:
    chat, turns, box, button = ui.ask("Who runs Bitel?", [])
    assert "Waiting for the model" in chat[-1]["content"]
    assert box["value"] == "" and box["interactive"] is False and button["interactive"] is False
    assert turns[0].pending


def test_history_is_kept_and_passed_to_follow_ups(
    fake_pipeline: Callable[..., Pipeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = fake_pipeline(BITEL, "Where was the Vietnam-Poland consultation held?",
                             "It was held in Warsaw [1].")
    seen = record_histories(pipeline, monkeypatch)
    first = run_turn(pipeline, "Which company runs Bitel?", [])
    turns = first[-1][1]
    second = run_turn(pipeline, "And where was the Poland consultation held?", turns)
    assert seen[0] == []
    assert seen[1] == [("Which company runs Bitel?", turns[0].answer.text)]
    chat = second[-1][0]
    assert [m["role"] for m in chat] == ["user", "assistant", "user", "assistant"]
    assert "Warsaw" in chat[3]["content"] and 'href="#qa-cite-1-' in chat[3]["content"]
    assert "Viettel" in chat[1]["content"]


def test_decline_looks_like_a_notice_not_an_answer(fake_pipeline: Callable[..., Pipeline]) -> None:
    reply = last_reply(run_turn(fake_pipeline("The corpus does not say."), "Who won in 1998?", []))
    assert 'class="qa-declined"' in reply and "Not in the corpus" in reply
    assert "corpus does not say" in reply
    assert "qa-cite" not in reply and "qa-answer" not in reply and "Sources" not in reply


# Errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("question, expected", [
    ("", "The question is empty"),
    ("   ", "The question is empty"),
    ("x" * 2001, "the limit is 2,000"),
])
def test_bad_input_is_a_message_in_the_chat(
    fake_pipeline: Callable[..., Pipeline], question: str, expected: str
) -> None:
    pipeline = fake_pipeline(BITEL)
    updates = run_turn(pipeline, question, [])
    reply = last_reply(updates)
    assert 'class="qa-error"' in reply and expected in reply
    assert updates[-1][2]["interactive"] is True
    user = updates[-1][0][0]["content"]
    assert len(user) < 800  # a long question is cut for display
    after = run_turn(pipeline, "Which company runs Bitel?", updates[-1][1])  # the chat goes on
    assert "qa-cite" in last_reply(after)


def test_llm_down_during_the_stream_is_a_message(fake_pipeline: Callable[..., Pipeline]) -> None:
    pipeline = fake_pipeline()
    pipeline.llm = DownChatModel(responses=[BITEL])
    updates = run_turn(pipeline, "Which company runs Bitel?", [])
    assert any("qa-streaming" in str(u[0][-1]["content"]) for u in updates)  # it had started
    reply = last_reply(updates)
    assert 'class="qa-error"' in reply and "cannot connect" in reply
    assert "qa-streaming" not in reply and "Traceback" not in reply
    assert updates[-1][1][-1].answer is None


def test_missing_index_is_a_message(
    fake_pipeline: Callable[..., Pipeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = fake_pipeline(BITEL)

    def missing(*args: Any, **kwargs: Any) -> list[Any]:
        raise IndexMissingError("no index 'default' yet: run `qa ingest` first")

    monkeypatch.setattr(pipeline, "retrieve", missing)
    reply = last_reply(run_turn(pipeline, "Which company runs Bitel?", []))
    assert "No index &#x27;default&#x27; yet: run `qa ingest` first" in reply


def test_unknown_error_is_logged_and_shown_plainly(
    fake_pipeline: Callable[..., Pipeline], caplog: pytest.LogCaptureFixture
) -> None:
    pipeline = fake_pipeline()
    pipeline.llm = BuggyChatModel(responses=["x"])
    with caplog.at_level(logging.ERROR, logger="qa.ui"):
        reply = last_reply(run_turn(pipeline, "Which company runs Bitel?", []))
    assert "Something went wrong on our side" in reply
    assert "secret internal detail" not in reply and "RuntimeError" not in reply
    assert "secret internal detail" in caplog.text  # the traceback is in the log


# Escaping ------------------------------------------------------------------------------------


def test_answer_with_html_is_escaped(fake_pipeline: Callable[..., Pipeline]) -> None:
    # No digits: a number the passage does not hold would have the answer declined.
    evil = f"{BITEL} Also <script>alert(a)</script> and <img src=x onerror=alert(b)>."
    updates = run_turn(fake_pipeline(evil), "Which company runs Bitel? <img src=y onerror=alert(3)>", [])
    for update in updates:
        for message in update[0]:
            assert not TAG.search(message["content"]), message["content"]
    final = last_reply(updates)
    assert "&lt;script&gt;alert(a)&lt;/script&gt;" in final and "&lt;img src=x onerror=alert(b)&gt;" in final
    assert "&lt;img src=y onerror=alert(3)&gt;" in updates[-1][0][0]["content"]


def test_passage_with_html_is_escaped_in_the_sources_panel(fake_pipeline: Callable[..., Pipeline]) -> None:
    doc = Document(id="evil", title="<script>alert('t')</script> Bitel news", source="<b>VNA</b>",
                   url="javascript:alert(1)",
                   text="Viettel runs Bitel. <img src=x onerror=alert(1)> <script>alert(2)</script> ${7*7} {{value}}")
    pipeline = fake_pipeline("Viettel runs Bitel [1].", docs=[doc])
    turns = run_turn(pipeline, "Which company runs Bitel?", [])[-1][1]
    panel = ui.source_panel("0:1:123", turns)
    assert not TAG.search(panel) and "<b>" not in panel
    assert "&lt;img src=x onerror=alert(1)&gt;" in panel and "&lt;script&gt;alert(2)&lt;/script&gt;" in panel
    assert 'href="javascript' not in panel and "javascript:alert(1)" in panel  # shown, not a link
    assert "<mark>Viettel runs Bitel.</mark>" in panel


def test_http_url_is_a_safe_link() -> None:
    assert ui_html.url_html('https://x.vn/a?b=1&c="2"') == (
        '<a href="https://x.vn/a?b=1&amp;c=&quot;2&quot;" target="_blank" rel="noopener noreferrer nofollow">'
        "https://x.vn/a?b=1&amp;c=&quot;2&quot;</a>"
    )


# Markers and highlight -----------------------------------------------------------------------


def test_only_cited_markers_become_links() -> None:
    html = ui_html.link_markers("A [1]. B [1, 3]. C [2].", 4, {1, 3})
    assert html.count('class="qa-cite"') == 3
    assert 'href="#qa-cite-4-3"' in html and "C [2]." in html


def test_every_citation_of_an_answer_is_linked_and_listed() -> None:
    cites = [Citation(id=f"d{n}#0", doc_id=f"d{n}", title=f"T{n}", text="t", start=0, end=1, marker=n)
             for n in (1, 2)]
    answer = Answer(question="q", query="q", text="X [1]. Y [2].", abstained=False, citations=cites)
    html = ui_html.render_answer(answer, 7)
    assert html.count('href="#qa-cite-7-1"') == 2 and html.count('href="#qa-cite-7-2"') == 2


def test_highlight_picks_the_sentence_with_most_shared_words() -> None:
    passage = ("Lima (VNA) – Lương Cường held talks in Lima. Boluarte presented the Grand Cross "
               "of the Order of the Sun of Peru to Lương Cường. The Chancay port opened.")
    claims = ui_html.claims_citing(
        "Cuong met Boluarte [2]. Boluarte presented the Order of the Sun to Luong Cuong [1].", 1)
    assert claims == ["Boluarte presented the Order of the Sun to Luong Cuong [1]."]
    start, end = ui_html.best_sentence(passage, claims) or (0, 0)
    assert passage[start:end].startswith("Boluarte presented") and passage[start:end].endswith("Lương Cường.")
    assert ui_html.best_sentence(passage, ["Nothing alike [1]."]) is None
    assert "<mark>" not in ui_html.highlight(passage, ["Nothing alike [1]."])


def test_marker_numbers_do_not_count_as_shared_words() -> None:
    assert ui_html.best_sentence("Item 1 is here. Bitel is Viettel's.", ["Viettel [1]."]) == (16, 35)


def test_source_panel_for_unknown_keys_shows_a_hint(fake_pipeline: Callable[..., Pipeline]) -> None:
    pipeline = fake_pipeline(BITEL)
    marker = pipeline.answer("Which company runs Bitel?").citations[0].marker
    turns = run_turn(pipeline, "Which company runs Bitel?", [])[-1][1]
    assert "qa-source-hint" in ui.source_panel("", turns)
    assert "not part of this conversation" in ui.source_panel("5:1:9", turns)
    assert "not part of this conversation" in ui.source_panel("0:9:9", turns)
    assert "Viettel" in ui.source_panel(f"0:{marker}", turns)


# Sessions ------------------------------------------------------------------------------------


def test_two_sessions_do_not_share_turns(
    fake_pipeline: Callable[..., Pipeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = fake_pipeline(BITEL, "It was held in Warsaw [1].")
    seen = record_histories(pipeline, monkeypatch)
    demo = ui.build_ui(pipeline)
    state = next(b for b in demo.blocks.values() if isinstance(b, gr.State))
    alice = run_turn(pipeline, "Which company runs Bitel?", list(state.value))[-1][1]
    bob = run_turn(pipeline, "Where was the Poland consultation held?", list(state.value))[-1][1]
    assert seen == [[], []]  # Bob's question did not see Alice's turn
    assert [t.question for t in alice] == ["Which company runs Bitel?"]
    assert [t.question for t in bob] == ["Where was the Poland consultation held?"]
    assert state.value == []  # the initial value every new session copies is untouched


def test_new_chat_empties_the_conversation() -> None:
    chat, turns, box, _, panel = ui.new_chat()
    assert chat == [] and turns == [] and box["interactive"] is True and "qa-source-hint" in panel


# The Blocks and how they are served ----------------------------------------------------------


def test_blocks_queue_one_answer_at_a_time_with_room_for_many(fake_pipeline: Callable[..., Pipeline]) -> None:
    demo = ui.build_ui(fake_pipeline(BITEL))
    assert isinstance(demo, gr.Blocks)
    assert demo._queue.max_size is not None and demo._queue.max_size >= 10
    answering = [f for f in demo.fns.values() if getattr(f.fn, "__name__", "") == "respond"]
    assert answering and all(f.concurrency_limit == 1 and f.concurrency_id == "llm" for f in answering)
    chatbot = next(b for b in demo.blocks.values() if isinstance(b, gr.Chatbot))
    assert chatbot.render_markdown is False and chatbot.sanitize_html is True
    assert chatbot.allow_tags is False and chatbot.latex_delimiters == []


def test_info_line_names_model_and_index(
    fake_pipeline: Callable[..., Pipeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = fake_pipeline(BITEL)
    line = ui.ChatHandlers(pipeline).info_line()
    assert "FakeListChatModel" in line and "3 documents, 3 passages" in line and "last ingestion 2" in line

    def broken() -> dict[str, Any]:
        raise IndexMissingError("no index yet: run `qa ingest`")

    monkeypatch.setattr(pipeline, "info", broken)
    assert "no index yet" in ui.ChatHandlers(pipeline).info_line()


def test_launch_options_bind_loopback_without_share() -> None:
    options = ui.launch_options(Settings())
    assert options["server_name"] == "127.0.0.1" and options["server_port"] == 7860
    assert options["share"] is False and options["auth"] is None
    assert "allowed_paths" not in options
    custom = ui.launch_options(Settings(ui_host="0.0.0.0", ui_port=8080, ui_auth="ana:pa:ss"), share=True)
    assert (custom["server_name"], custom["server_port"], custom["auth"], custom["share"]) == (
        "0.0.0.0", 8080, ("ana", "pa:ss"), True)


@pytest.mark.parametrize("value", ["ana", ":pw", "ana:", ""])
def test_bad_login_setting_names_the_variable(value: str) -> None:
    with pytest.raises(ConfigError, match="QA_UI_AUTH"):
        ui.parse_auth(value)


def test_fixture_docs_are_the_ones_the_tests_expect() -> None:
    assert "Bitel" in DOCS[0].text
