"""The web chat: a thin Gradio shell over the pipeline, with clickable `[n]` citations.

Each browser session keeps its own conversation in a `gr.State`; the model answers one
question at a time through Gradio's queue, and the others wait their turn.

    >>> demo = build_ui(pipeline)              # a gr.Blocks, testable without a server
    >>> launch(pipeline, Settings())           # serves http://127.0.0.1:7860 until Ctrl-C
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import gradio as gr

from qa import ui_html
from qa.errors import ConfigError, QAError
from qa.pipeline import Pipeline
from qa.settings import Settings
from qa.types import Answer

log = logging.getLogger(__name__)

QUEUE_SIZE = 64  # questions that may wait for the model at once; more are turned away
EXAMPLES = (
    "Which company runs the Bitel project in Peru?",
    "What honour did Boluarte present to Luong Cuong?",
    "In which city was the Vietnam-Poland consultation held?",
)
GENERIC_ERROR = "something went wrong on our side (it has been logged); please try again."
CITE_BOX = "qa-cite-key"  # elem_id of the hidden textbox the page's script writes "turn:marker" into

Message = dict[str, str]


@dataclass
class Turn:
    """One question and what came of it: the answer, or an error message.

    >>> Turn("Who runs Bitel?").pending
    True
    """

    question: str
    answer: Answer | None = None
    error: str | None = None
    partial: str = ""  # the answer streamed so far

    @property
    def pending(self) -> bool:
        return self.answer is None and self.error is None


def render_reply(turn: Turn, index: int) -> str:
    """The assistant's bubble for a turn, in whatever state it is."""
    if turn.error is not None:
        return ui_html.render_error(turn.error)
    if turn.answer is not None:
        return ui_html.render_answer(turn.answer, index)
    return ui_html.render_streaming(turn.partial) if turn.partial else ui_html.render_waiting()


def render_chat(turns: Sequence[Turn]) -> list[Message]:
    """The conversation as Gradio 6 chat messages (content is HTML we escaped ourselves).

    >>> render_chat([Turn("Hi <b>", error="oops")])[0]
    {'role': 'user', 'content': '<span class="qa-text">Hi &lt;b&gt;</span>'}
    """
    messages = []
    for index, turn in enumerate(turns):
        messages.append({"role": "user", "content": ui_html.render_question(turn.question)})
        messages.append({"role": "assistant", "content": render_reply(turn, index)})
    return messages


def history(turns: Sequence[Turn]) -> list[tuple[str, str]]:
    """The (question, answer) pairs of the answered turns, for follow-up questions.

    >>> history([Turn("Q", error="down")])
    []
    """
    return [(t.question, t.answer.text) for t in turns if t.answer is not None]


def source_panel(key: str, turns: Sequence[Turn]) -> str:
    """The sources panel for a "turn:marker[:nonce]" key written by a click on `[n]`.

    >>> source_panel("not a key", [])
    '<div class="qa-source-hint">Click a [n] marker in an answer to read its passage here.</div>'
    """
    parts = key.split(":")
    if len(parts) < 2 or not (parts[0].isdigit() and parts[1].isdigit()):
        return ui_html.render_hint()
    index, marker = int(parts[0]), int(parts[1])
    answer = turns[index].answer if index < len(turns) else None
    cited = [c for c in answer.citations if c.marker == marker] if answer else []
    if not answer or not cited:
        return ui_html.render_hint("That source is not part of this conversation any more.")
    return ui_html.render_source(cited[0], ui_html.claims_citing(answer.text, marker))


class ChatHandlers:
    """The event handlers, over one shared pipeline; all per-person data is in `turns`."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def info_line(self) -> str:
        """Model and index in use, e.g. "Model qwen · index default: 14 documents, 60 passages"."""
        try:
            info = self.pipeline.info()
        except QAError as exc:
            return f'<div class="qa-info">{ui_html.esc(str(exc))}</div>'
        text = (
            f"Model {info.get('model', '?')} · index {info.get('index', '?')}: "
            f"{info.get('documents', 0)} documents, {info.get('passages', 0)} passages"
            f" · last ingestion {info.get('ingested_at') or 'unknown'}"
        )
        return f'<div class="qa-info">{ui_html.esc(text)}</div>'

    def respond(self, turns: list[Turn]) -> Iterator[tuple[list[Message], list[Turn], Any, Any]]:
        """Stream the answer to the last, waiting turn; errors end the turn, not the chat."""
        if not turns or not turns[-1].pending:
            yield render_chat(turns), turns, _ready(), _ready()
            return
        turn = turns[-1]
        try:
            for _ in self._stream(turn, history(turns[:-1])):
                yield render_chat(turns), turns, gr.update(), gr.update()
        except QAError as exc:
            turn.error = str(exc)
        except Exception:  # an unknown failure is logged in full; the page gets a plain sentence
            log.exception("answering %r failed", turn.question[:200])
            turn.error = GENERIC_ERROR
        yield render_chat(turns), turns, _ready(), _ready()

    def _stream(self, turn: Turn, pairs: list[tuple[str, str]]) -> Iterator[str]:
        with closing(self.pipeline.stream(turn.question, pairs)) as stream:
            for token in stream:
                turn.partial += token
                yield token
            turn.answer = stream.result


def ask(question: str, turns: list[Turn]) -> tuple[list[Message], list[Turn], Any, Any]:
    """Put the question in the chat at once, waiting; the queued `respond` answers it.

    >>> chat, turns, _, _ = ask("Who runs Bitel?", [])
    >>> turns[0].pending, chat[1]["role"]
    (True, 'assistant')
    """
    turns = [*turns, Turn(question or "")]
    return render_chat(turns), turns, gr.update(value="", interactive=False), gr.update(interactive=False)


def ask_example(turns: list[Turn], event: gr.SelectData) -> tuple[list[Message], list[Turn], Any, Any]:
    """A click on one of the example questions shown in the empty chat."""
    value = event.value if isinstance(event.value, dict) else {"text": str(event.value)}
    return ask(str(value.get("text", "")), turns)


def new_chat() -> tuple[list[Message], list[Turn], Any, Any, str]:
    """An empty conversation (the example questions show again)."""
    return [], [], _ready(value=""), _ready(), ui_html.render_hint()


def _ready(**kwargs: Any) -> Any:
    return gr.update(interactive=True, **kwargs)


# The page's one script: a click on a `[n]` link writes "turn:marker:nonce" into the hidden
# textbox and dispatches a DOM input event, which Gradio turns into the box's `change`;
# Python renders the panel from that session's state. (Gradio's sanitizer drops data-*
# attributes, so the link's href carries turn and marker.) The nonce makes a second click
# on the same marker a change too.
CLICK_JS = """
() => {
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a.qa-cite") : null;
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const found = /^#qa-cite-(\\d+)-(\\d+)$/.exec(link.getAttribute("href") || "");
    const box = document.querySelector("#__BOX__ textarea, #__BOX__ input");
    if (!found || !box) return;
    box.value = `${found[1]}:${found[2]}:${Date.now()}`;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    const panel = document.getElementById("qa-sources");
    if (panel && panel.getBoundingClientRect().top > window.innerHeight) panel.scrollIntoView();
  }, true);
}
""".replace("__BOX__", CITE_BOX)


def build_ui(pipeline: Pipeline, concurrency: int = 1) -> gr.Blocks:
    """The chat page, not yet served. `concurrency` is how many answers run at once.

    >>> demo = build_ui(fake_pipeline("Viettel runs Bitel [1]."))
    >>> demo.launch(**launch_options(Settings()), prevent_thread_lock=True)
    """
    handlers = ChatHandlers(pipeline)
    with gr.Blocks(title="News QA", analytics_enabled=False) as demo:
        turns = gr.State([])
        parts = _layout()
        _wire(handlers, turns, parts, concurrency)
        demo.load(handlers.info_line, None, parts["info"], concurrency_limit=None, api_visibility="private")
    demo.queue(default_concurrency_limit=concurrency, max_size=QUEUE_SIZE)
    return demo


def _layout() -> dict[str, Any]:
    """The components: chat and input on the left, the sources panel on the right."""
    gr.Markdown("## News QA\nAnswers from the news corpus only; click a **[n]** to read its source.")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=360):
            chat = _chatbot()
            with gr.Row():
                box = gr.Textbox(show_label=False, placeholder="Ask about the news…", scale=5,
                                 max_lines=6, elem_id="qa-question")
                send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="qa-send")
            new = gr.Button("New chat", size="sm", elem_id="qa-new-chat")
        with gr.Column(scale=2, min_width=280):
            panel = gr.HTML(ui_html.render_hint(), label="Sources", elem_id="qa-sources")
    info = gr.HTML("", elem_id="qa-info")
    key = gr.Textbox(visible="hidden", elem_id=CITE_BOX)
    return {"chat": chat, "box": box, "send": send, "new": new, "panel": panel, "info": info, "key": key}


def _chatbot() -> gr.Chatbot:
    # Messages are HTML that ui_html built and escaped: no Markdown, LaTeX or custom tags on
    # top, and Gradio's sanitizer stays on as a second line of defence.
    return gr.Chatbot(
        height=480, elem_id="qa-chat", show_label=False, render_markdown=False, sanitize_html=True,
        allow_tags=False, latex_delimiters=[], buttons=[], feedback_options=None,
        group_consecutive_messages=False, examples=[{"text": q} for q in EXAMPLES],
        placeholder="Ask a question about the news corpus, or pick an example.",
    )


def _wire(handlers: ChatHandlers, turns: gr.State, p: dict[str, Any], concurrency: int) -> None:
    """Ask → (queued, one at a time) answer; examples; new chat; citation clicks."""
    outputs = [p["chat"], turns, p["box"], p["send"]]
    quick: dict[str, Any] = {"concurrency_limit": None, "api_visibility": "private"}
    answer: dict[str, Any] = {"concurrency_limit": concurrency, "concurrency_id": "llm", "show_progress": "minimal",
                              "show_progress_on": p["chat"], "api_visibility": "private"}
    asked = gr.on([p["box"].submit, p["send"].click], ask, [p["box"], turns], outputs, **quick)
    picked = p["chat"].example_select(ask_example, [turns], outputs, **quick)
    running = [e.then(handlers.respond, [turns], outputs, **answer) for e in (asked, picked)]
    for reset in (p["new"].click, p["chat"].clear):  # the chat's own trash button clears the state too
        reset(new_chat, None, [*outputs, p["panel"]], cancels=running, **quick)
    p["key"].change(source_panel, [p["key"], turns], p["panel"], **quick)


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """`QA_UI_AUTH` "user:password" as Gradio's auth pair.

    >>> parse_auth("ana:s3cret:x")
    ('ana', 's3cret:x')
    """
    if value is None:
        return None
    user, sep, password = value.partition(":")
    if not (sep and user and password):
        raise ConfigError("QA_UI_AUTH must be user:password (both non-empty), or unset for no login")
    return user, password


def launch_options(settings: Settings, share: bool = False) -> dict[str, Any]:
    """Keyword arguments of `gr.Blocks.launch`: where to bind, login, look, and what stays off.

    >>> launch_options(Settings())["server_name"]
    '127.0.0.1'
    """
    return {
        "server_name": settings.ui_host, "server_port": settings.ui_port,
        "auth": parse_auth(settings.ui_auth), "share": share,
        "css": ui_html.CSS, "js": CLICK_JS, "footer_links": ["settings"],
        "enable_monitoring": False, "ssr_mode": False, "pwa": False, "mcp_server": False,
        "show_error": False, "max_file_size": "1mb",
    }


def launch(pipeline: Pipeline, settings: Settings, share: bool = False, block: bool = True) -> gr.Blocks:
    """Serve the chat; with `block`, until interrupted. No public link unless `share`.

    >>> demo = launch(pipeline, Settings(ui_port=7861), block=False); demo.close()
    """
    options = launch_options(settings, share)
    if settings.ui_host not in ("127.0.0.1", "localhost", "::1") and options["auth"] is None:
        log.warning("serving on %s without a login: set QA_UI_AUTH=user:password", settings.ui_host)
    demo = build_ui(pipeline)
    demo.launch(**options, prevent_thread_lock=not block)
    return demo
