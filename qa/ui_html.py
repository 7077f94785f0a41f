"""The HTML of the web chat: answers with clickable `[n]` markers, declines, errors, sources.

Every piece of text from a person, a document or the model goes through `html.escape`
before it is put into a tag, so it is shown as characters and never run:

    >>> render_text("<img src=x onerror=alert(1)>")
    '<span class="qa-text">&lt;img src=x onerror=alert(1)&gt;</span>'
    >>> marker_link(0, 2)
    '<a class="qa-cite" href="#qa-cite-0-2" data-turn="0" data-marker="2">[2]</a>'
"""

from __future__ import annotations

import html
from urllib.parse import urlparse

from qa.citations import MARKER, markers
from qa.text import keywords, sentence_spans, sentences
from qa.types import Answer, Citation

# A sentence ends at . ! or ? (and any closing quote) before a space, or at a line break.
SOURCE_HINT = "Click a [n] marker in an answer to read its passage here."


def esc(text: str) -> str:
    """`text` safe to put between tags or in a quoted attribute.

    >>> esc('<b title="x">')
    '&lt;b title=&quot;x&quot;&gt;'
    """
    return html.escape(text, quote=True)


def render_text(text: str) -> str:
    """Plain text shown as it is (line breaks kept by the `qa-text` CSS class)."""
    return f'<span class="qa-text">{esc(text)}</span>'


def marker_link(turn: int, marker: int) -> str:
    """The link of one `[n]` marker; the page's script opens it in the sources panel."""
    return (
        f'<a class="qa-cite" href="#qa-cite-{turn}-{marker}" '
        f'data-turn="{turn}" data-marker="{marker}">[{marker}]</a>'
    )


def link_markers(text: str, turn: int, cited: set[int]) -> str:
    """`text` escaped, with each `[n]` (or `[1, 2]`) whose n is cited turned into links.

    >>> link_markers("Lima [1].", 3, {1})
    '<span class="qa-text">Lima <a class="qa-cite" href="#qa-cite-3-1" data-turn="3" data-marker="1">[1]</a>.</span>'
    """
    out, last = [], 0
    for m in MARKER.finditer(text):
        numbers = markers(m.group(0))
        if any(n in cited for n in numbers):
            out += [esc(text[last : m.start()]), "".join(_linked(n, turn, cited) for n in numbers)]
            last = m.end()
    out.append(esc(text[last:]))
    return f'<span class="qa-text">{"".join(out)}</span>'


def _linked(n: int, turn: int, cited: set[int]) -> str:
    return marker_link(turn, n) if n in cited else f"[{n}]"


def render_answer(answer: Answer, turn: int) -> str:
    """A checked answer: its text with linked markers, then its cited sources, compactly."""
    if answer.abstained:
        return render_declined(answer.text)
    text = link_markers(answer.text, turn, {c.marker for c in answer.citations})
    items = "".join(f"<li>{marker_link(turn, c.marker)} {esc(source_line(c))}</li>" for c in answer.citations)
    cited = f'<div class="qa-cited"><span class="qa-label">Sources</span><ul>{items}</ul></div>'
    return f'<div class="qa-answer">{text}{cited if items else ""}</div>'


def source_line(citation: Citation) -> str:
    """Title, source and date on one line.

    >>> source_line(Citation(id="a#0", doc_id="a", title="Talks", source="VNA",
    ...                      date="2024-11-13", text=".", start=0, end=1, marker=1))
    'Talks — VNA, 2024-11-13'
    """
    where = ", ".join(x for x in (citation.source, citation.date) if x)
    title = citation.title or citation.doc_id
    return f"{title} — {where}" if where else title


def render_declined(text: str) -> str:
    """The corpus does not hold the answer: shown as a notice, not as an answer."""
    return (
        '<div class="qa-declined"><span class="qa-label">Not in the corpus</span>'
        f"{render_text(text)}</div>"
    )


def render_error(message: str) -> str:
    """A readable problem (bad input, model down, no index): never a traceback."""
    message = message[:1].upper() + message[1:]
    return f'<div class="qa-error"><span class="qa-label">Could not answer</span>{render_text(message)}</div>'


def render_streaming(partial: str) -> str:
    """The answer as the model writes it, before its markers are checked."""
    return f'<div class="qa-streaming">{render_text(partial)}<span class="qa-cursor">▍</span></div>'


def render_waiting() -> str:
    """Shown while the question waits for the model (it answers one request at a time)."""
    return '<div class="qa-waiting">Waiting for the model… (it answers one question at a time)</div>'


def render_question(question: str, limit: int = 600) -> str:
    """The person's message; a very long one is cut for display only.

    >>> render_question("   ")
    '<em class="qa-empty">(empty message)</em>'
    """
    if not question.strip():
        return '<em class="qa-empty">(empty message)</em>'
    shown = question if len(question) <= limit else f"{question[:limit]}… ({len(question):,} characters)"
    return render_text(shown)


def render_hint(text: str = SOURCE_HINT) -> str:
    """The sources panel before a marker is clicked."""
    return f'<div class="qa-source-hint">{esc(text)}</div>'


def render_source(citation: Citation, claims: list[str]) -> str:
    """The sources panel for one citation: title, date, source, URL, and the passage with
    the sentence that best supports `claims` (the answer sentences citing it) highlighted."""
    rows = [("Date", esc(citation.date)), ("Source", esc(citation.source)), ("URL", url_html(citation.url))]
    meta = "".join(f"<dt>{k}</dt><dd>{v or '<span class=qa-none>not given</span>'}</dd>" for k, v in rows)
    where = f"{esc(citation.doc_id)}, characters {citation.start:,}–{citation.end:,}"
    return (
        f'<div class="qa-source" data-marker="{citation.marker}">'
        f'<div class="qa-source-title">[{citation.marker}] {esc(citation.title or citation.doc_id)}</div>'
        f'<dl class="qa-meta">{meta}</dl>'
        f'<blockquote class="qa-passage">{highlight(citation.text, claims)}</blockquote>'
        f'<div class="qa-where">{where}</div></div>'
    )


def url_html(url: str) -> str:
    """A link for an http(s) URL; any other scheme (javascript:, data:) stays text."""
    if urlparse(url).scheme.lower() in ("http", "https"):
        return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer nofollow">{esc(url)}</a>'
    return esc(url)


def highlight(passage: str, claims: list[str]) -> str:
    """The passage escaped, its best supporting sentence wrapped in `<mark>`.

    >>> highlight("Lima is big. Viettel runs Bitel.", ["Viettel runs Bitel [1]."])
    'Lima is big. <mark>Viettel runs Bitel.</mark>'
    """
    span = best_sentence(passage, claims)
    if span is None:
        return esc(passage)
    start, end = span
    return f"{esc(passage[:start])}<mark>{esc(passage[start:end])}</mark>{esc(passage[end:])}"


def best_sentence(passage: str, claims: list[str]) -> tuple[int, int] | None:
    """Offsets of the passage sentence sharing the most words with any claim; None if none do.

    >>> best_sentence("A cat. Viettel runs Bitel in Peru.", ["Viettel runs Bitel [1]."])
    (7, 34)
    """
    wanted = [set(keywords(MARKER.sub(" ", c))) for c in claims]
    best, best_score = None, 0
    for start, end in sentence_spans(passage):
        have = set(keywords(passage[start:end]))
        score = max((len(have & w) for w in wanted), default=0)
        if score > best_score:
            best, best_score = (start, end), score
    return best


def claims_citing(text: str, marker: int) -> list[str]:
    """The sentences of an answer that carry the marker `[marker]`.

    >>> claims_citing("Viettel runs Bitel [1]. It is in Peru [2].", 2)
    ['It is in Peru [2].']
    """
    return [sentence for sentence in sentences(text) if marker in markers(sentence)]


# The look of the pieces above; Gradio's theme variables keep it right in dark mode too.
CSS = """
.qa-text { white-space: pre-wrap; }
.qa-empty { opacity: .7; }
a.qa-cite { font-weight: 600; text-decoration: none; color: var(--color-accent); padding: 0 1px; }
a.qa-cite:hover, a.qa-cite:focus { text-decoration: underline; }
.qa-label { display: block; font-size: .75em; font-weight: 700; text-transform: uppercase;
  letter-spacing: .04em; margin-bottom: .25em; opacity: .75; }
.qa-cited { margin-top: .6em; padding-top: .4em; border-top: 1px solid var(--border-color-primary);
  font-size: .85em; }
.qa-cited ul { margin: 0; padding-left: 0; list-style: none; }
.qa-cited li { margin: .1em 0; }
.qa-declined { border-left: 4px solid #d97706; padding: .2em .7em; background: rgba(217, 119, 6, .08); }
.qa-declined .qa-label { color: #b45309; }
.qa-error { border-left: 4px solid #dc2626; padding: .2em .7em; background: rgba(220, 38, 38, .08); }
.qa-error .qa-label { color: #b91c1c; }
.qa-waiting { font-style: italic; opacity: .75; }
#qa-chat .message.pending { display: none; }  /* Gradio's "…" bubble: .qa-waiting says more */
.qa-cursor { animation: qa-blink 1s steps(1) infinite; }
@keyframes qa-blink { 50% { opacity: 0; } }
#qa-sources { border: 1px solid var(--border-color-primary); border-radius: var(--radius-lg);
  padding: .8em 1em; min-height: 200px; }
.qa-source-hint { opacity: .7; }
.qa-source-title { font-weight: 700; font-size: 1.05em; margin-bottom: .4em; }
.qa-meta { display: grid; grid-template-columns: max-content 1fr; gap: .1em .8em; margin: 0 0 .6em;
  font-size: .9em; }
.qa-meta dt { font-weight: 600; opacity: .75; }
.qa-meta dd { margin: 0; overflow-wrap: anywhere; }
.qa-none { opacity: .6; font-style: italic; }
.qa-passage { white-space: pre-wrap; margin: 0; padding: .5em .8em; line-height: 1.5;
  border-left: 3px solid var(--color-accent); background: var(--background-fill-secondary); }
.qa-passage mark { background: rgba(250, 204, 21, .45); color: inherit; padding: 0 1px; }
.qa-where { margin-top: .4em; font-size: .8em; opacity: .65; }
.qa-info { font-size: .8em; opacity: .7; }
"""
