"""The one question-answering pipeline behind the API, the CLI, the web UI and `qa eval`.

It is a composition of LangChain parts that a user can swap: a retriever, the chat
prompts (answer, rewrite, verify, choose, retry, translate) and a chat model.

    >>> pipeline = build_pipeline(Settings())
    >>> stream = pipeline.stream("What honour did he receive?",
    ...                          history=[("Who is Vietnam's President?", "Luong Cuong.")])
    >>> for token in stream: print(token, end="")
    >>> stream.result.citations[0].title
"""

from __future__ import annotations

import re
import time
from collections.abc import Generator, Iterator, Sequence
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from qa.citations import (
    MARKER,
    citations_of,
    cite_also,
    cite_named,
    countries_named,
    headline_only,
    is_decline,
    markers,
    misattributed,
    missing_names,
    names_kind_asked,
    off_question,
    off_region,
    office_unheld,
    other_side,
    past_for_future,
    region_asked,
    resolve,
    restated,
    set_aside,
    stated_date,
    translation_holds,
    uncounted,
    unfounded_names,
    unfounded_numbers,
    unheld_terms,
    unplaced,
    with_holder,
    with_stated_date,
    without_aside_lead,
    year_unstated,
)
from qa.context import format_context
from qa.errors import InputError, QAError
from qa.llm import ENDPOINT_ERRORS, endpoint_error
from qa.prompts import glossary, load_chat_prompt, messages
from qa.retrieval import HybridRetriever, drop_near_duplicates
from qa.settings import Settings
from qa.text import (
    CAPTION,
    DEMONYMS,
    MONTH_NAMES,
    MONTHS,
    Day,
    Several,
    day_stated,
    days_asked,
    englished,
    glossed,
    glosses,
    is_office,
    is_vietnamese,
    keywords,
    looks_english,
    lost_glosses,
    names,
    one_each,
    one_of_several,
    sentences,
    split_choices,
    split_parts,
    squash,
    stems,
    without_days,
    words,
)
from qa.types import Answer, Citation, Passage, Usage

History = Sequence[tuple[str, str]]
# A day of a month written with a leading zero: "July 09".
_PADDED_DAY = re.compile(rf"\b((?:{MONTH_NAMES})\.?) 0([1-9])\b")
# A reply of markers only, "[3]", or the start of one: it points at a passage and says nothing.
_BARE = re.compile(r"(?:[\s.,;]|\[[\d\s,;]*\]?)*")


class AnswerStream:
    """Iterate for the answer's text as it is generated; `.result` is the checked `Answer`.

    The streamed text is the model's raw output; `result.text` is that text with its
    citation markers checked (markers pointing at no passage removed), and with the name of
    an office's holder where it gives the office for the person asked (`with_holder`), and
    its days of a month without a leading zero ("July 9", not "July 09").
    Where a checked answer replaces what was streamed (a second look, a part-by-part
    answer, a translation into the question's Vietnamese), that answer is streamed after
    it, set apart by a blank line.
    """

    def __init__(self, events: Iterator[str | Answer]) -> None:
        self._events = events
        self._result: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        for event in self._events:
            if isinstance(event, Answer):
                self._result = event
            else:
                yield event

    def close(self) -> None:
        """Stop generating (a cancelled request): the model is free for the next one at once."""
        close = getattr(self._events, "close", None)
        if close:
            close()

    @property
    def result(self) -> Answer:
        if self._result is None:
            for _ in self:
                pass
        if self._result is None:  # pragma: no cover - the generator always ends with one
            raise QAError("the answer stream ended without a result")
        return self._result


# The best articles asked one at a time for a part of a two-part question, when its
# passages read together are declined.
PART_ARTICLES = 3


class Pipeline:
    """Question (+ history) → standalone query → passages → cited answer."""

    def __init__(
        self,
        retriever: HybridRetriever,
        llm: BaseChatModel,
        settings: Settings,
        answer_prompt: ChatPromptTemplate | None = None,
        rewrite_prompt: ChatPromptTemplate | None = None,
        verify_prompt: ChatPromptTemplate | None = None,
        choose_prompt: ChatPromptTemplate | None = None,
        retry_prompt: ChatPromptTemplate | None = None,
        translate_prompt: ChatPromptTemplate | None = None,
    ) -> None:
        self.retriever = retriever
        self.llm = llm
        self.settings = settings
        self.answer_prompt = answer_prompt or load_chat_prompt("answer")
        self.choose_prompt = choose_prompt or load_chat_prompt("choose")
        self.retry_prompt = retry_prompt or load_chat_prompt("retry")
        self.rewrite_prompt = rewrite_prompt or load_chat_prompt("rewrite")
        self.translate_prompt = translate_prompt or load_chat_prompt("translate")
        self.rewriter = self.rewrite_prompt | llm | StrOutputParser()
        self.verify_prompt = verify_prompt or load_chat_prompt("verify")
        # "Yes." / "No, …": stop at the first mark, a few tokens.
        self.verifier = self.verify_prompt | llm.bind(stop=["\n", ".", ","]) | StrOutputParser()
        self.messages = messages()

    def info(self) -> dict[str, Any]:
        """What is in use, for display: model, index name, documents, passages, last ingestion."""
        model = getattr(self.llm, "model_name", None) or type(self.llm).__name__
        return {"model": model, **self.retriever.index.info()}

    def answer(self, question: str, history: History = ()) -> Answer:
        """The checked answer, all at once."""
        return self.stream(question, history).result

    def stream(self, question: str, history: History = ()) -> AnswerStream:
        """The answer token by token; see `AnswerStream`. Bad input fails here, at once."""
        question = self.check_question(question)
        return AnswerStream(self._run(question, list(history)))

    def check_question(self, question: str) -> str:
        return self.check_question_text(question, self.settings)

    @staticmethod
    def check_question_text(question: str, settings: Settings) -> str:
        """The question, stripped; an empty or over-long one is an `InputError`."""
        if not isinstance(question, str) or not question.strip():
            raise InputError("the question is empty: ask something about the corpus")
        if len(question) > settings.max_question_chars:
            raise InputError(
                f"the question has {len(question):,} characters; the limit is "
                f"{settings.max_question_chars:,} (QA_MAX_QUESTION_CHARS)"
            )
        return question.strip()

    def standalone(self, question: str, history: History) -> str:
        """The question rewritten to stand alone, in English, when it needs it (an English
        question without history as it is, or as its two parts, `one_each`); a question in
        Vietnamese whose rewrite loses two glossed terms or more is rewritten once more from
        its terms in English (`lost_glosses`)."""
        if not history and looks_english(question):
            # "Two … ministers held consultations – one with Slovakia, one with Laos. Who were
            # they?" is asked as the two questions it holds (`one_each`).
            return one_each(question)
        turns = "\n".join(f"User: {q}\nAssistant: {a}" for q, a in history[-3:]) or "(none)"
        # A small model mistranslates the names of institutions: the known ones come glossed.
        vietnamese, terms = is_vietnamese(question), glossary("vi")
        asked = glossed(question, terms) if vietnamese else question
        first_line = self._rewrite(turns, asked)
        lost = lost_glosses(englished(first_line, terms), question, terms) if vietnamese else []
        if vietnamese and (not looks_english(first_line) or len(lost) > 1):
            # A small model's rewrite can drop what two glosses or more give ("… nhân dịp kỷ
            # niệm (anniversary) bao nhiêu năm thiết lập quan hệ ngoại giao (diplomatic
            # relations) …" became "When did the visit … take place?"), or copy the question:
            # it is asked again with the terms in English in place, and the rewrite that keeps
            # more of their words is used.
            again = self._rewrite(turns, englished(question, terms))
            lost_again = lost_glosses(englished(again, terms), question, terms)
            if looks_english(again) and (not looks_english(first_line) or _words_of(lost_again) < _words_of(lost)):
                first_line = again
        if vietnamese and looks_english(first_line):
            # Its English rewrite can keep a glossed name in Vietnamese ("Ba Lan"), which the
            # English articles do not use.
            first_line = englished(first_line, terms)
        # A rewrite that is no question is the model answering instead; one that copies a
        # follow-up that leans on the conversation ("And the traditional ones?") says nothing
        # more. An English follow-up is then searched with the last turn's names; any other
        # question as the user asked it.
        unusable = not first_line.endswith("?") or (squash(first_line) == squash(question) and leans(question))
        if history and looks_english(question) and (
            unusable or invented(first_line, question, history[-3:]) or dropped(first_line, question)
            or reasked(first_line, question)
        ):
            return with_names(question, history[-1])
        return question if unusable else first_line

    def _rewrite(self, turns: str, asked: str) -> str:
        """The first line of the rewriter's reply, without a "Standalone question:" label."""
        try:
            rewritten = self.rewriter.invoke({"history": turns, "question": asked}).strip()
        except ENDPOINT_ERRORS as exc:
            raise endpoint_error(self.settings, exc) from exc
        first_line = rewritten.splitlines()[0] if rewritten else ""
        return re.sub(r"^\s*standalone question:", "", first_line, flags=re.IGNORECASE).strip().strip('"')

    def retrieve(self, query: str, question: str = "") -> list[Passage]:
        """Every passage found for `query`, best first. Words of the original `question`
        that a rewrite dropped are searched too: a small model's rewrite can lose them."""
        kept = set(stems(query))
        lost = [w for w in keywords(question) if not set(stems(w)) <= kept]
        found = self.retriever.search(" ".join([query, *lost]))
        parts = split_parts(split_choices(query)[0])
        if len(parts) == 1:
            return found
        # A question that asks two things, often of two articles: the best passage for each
        # part comes first, so that the few the model reads hold both answers.
        heads = [hits[0] for hits in map(self.retriever.search, parts) if hits]
        scored = {p.id: p for p in found}
        first = {p.id: scored.get(p.id, p) for p in heads} | scored
        return drop_near_duplicates(list(first.values()))

    def _run(self, question: str, history: History) -> Iterator[str | Answer]:
        started = time.perf_counter()
        query = self.standalone(question, history)
        passages = self.retrieve(query, question)
        shown = self._shown(passages)
        language = "vi" if is_vietnamese(question) else "en"
        if language == "en" and (days := days_asked(query)) and (listed := self._of_days(question, query, days, passages)):
            # "What events took place on July 9?": a small model reading several news items
            # names one event, or none. The sentences that state the day answer it, each
            # cited to its article's passage, without the model.
            yield self._first(listed.text, listed.usage, started)
            listed.usage.latency_s = time.perf_counter() - started
            yield listed
            return
        usage = Usage()
        raw, asked_again = "", False
        choices = split_choices(query)[1]
        # A question that asks two things; a multiple-choice question asks one.
        parts = [] if choices else split_parts(query)
        if shown:
            instructions = self.messages.get("answer_in", {}).get(language, "")
            inputs = self._inputs(
                shown, query, self._asked(question, query, history, language),
                instructions
                + (self.messages["choose"] if choices else "")
                + (self.messages["parts"] if len(parts) > 1 else ""),
            )
            # A small model often declines a question whose answer its passages hold, or only
            # points at a passage ("[3]"): that reply is held back and it is asked again with
            # a prompt that has no decline.
            # A reply to an English question that opens with the question itself ("For which
            # year did Cuong invite Boluarte …? Welcoming the President …") is read, and
            # streamed, from what follows it.
            echo = query if language == "en" else ""
            raw = yield from self._tokens(self.answer_prompt, inputs, usage, started, hold=True, echo=echo)
            raw = _unechoed(raw, question, query, language)
            asked_again = bool(is_decline(raw) or _BARE.fullmatch(raw))
            if asked_again:
                again = self.choose_prompt if choices else self.retry_prompt
                raw = _unechoed((yield from self._tokens(again, inputs, usage, started, echo=echo)), question, query, language)
        answer = self._finish(question, query, raw, shown, passages, usage, language)
        if answer.abstained and shown and (found := self._stated(question, query, raw, shown, passages, usage, language)):
            # Declined, but a passage states the year (weekday, date) asked for near the
            # question's words: that sentence answers, streamed after what was.
            answer = found
            yield self._after_draft(answer.text, usage, started)
        if not answer.abstained and language == "en" and self._headline(query, answer.text, answer.citations):
            # "How did the trip position Vietnam?" answered with the cited article's headline:
            # a small model reads the title before the text. Asked again, its passages shown
            # without their titles; the headline, which its article holds, stands if that fails.
            answer = (yield from self._untitled(question, query, inputs, shown, passages, usage, started)) or answer
        if answer.abstained and shown and not asked_again:
            # The model answered and a check declined it (a name its passages lack, an answer
            # of the wrong kind): it gets a second look, told that answer was wrong (or, for an
            # answer from a passage about something else, without that passage); it may
            # decline now.
            answer = (yield from self._second_look(question, query, raw, inputs, shown, passages, usage, started, language)) or answer
        if answer.abstained and shown and language == "en" and len(parts) > 1:
            # A question about two articles, declined as a whole: a small model gives one
            # fact for both parts. Each part is asked on its own; all must be answered.
            answer = (yield from self._by_parts(question, query, parts, usage, started)) or answer
        if shown and language == "en" and len(parts) == 1 and (several := one_of_several(query)):
            # A question whose answer is several things, often one in each of several news
            # items ("Which European countries held consultations?"): a small model reading
            # them together names one, or none. Declined, or asked across the news or for a
            # count, it is put to each of the best articles the answer does not cite, alone,
            # and what they name is added.
            answer = (yield from self._by_documents(query, several, answer, usage, started)) or answer
        if answer.abstained and shown and language == "en" and not choices and len(parts) == 1 and restated(raw, query):
            # The model only restated the question (and maybe where to look), and was declined:
            # a small model reading several passages misses an answer that one read alone
            # gives ("At the working session with Thani Mohamed Soilihi, Minister Delegate …",
            # a photo caption). The best passage is asked alone.
            answer = (yield from self._alone(query, passages[0], answer, usage, started)) or answer
        streamed = True
        if language == "vi" and answer.abstained and shown and looks_english(query):
            # A question in Vietnamese, declined: a small model reading the English passages
            # for it misses answers that it gives to its English rewrite ("Việt Nam đang tổ
            # chức mô hình chính quyền địa phương mấy cấp?", the two-tier model). The rewrite
            # (English: the run is no deeper) is asked as an English question, and its checked
            # answer translated below, or shown in English where the translation does not hold.
            english = self._in_english(question, query, usage)
            answer, streamed = english or answer, english is None
        if language == "vi" and not answer.abstained and not is_vietnamese(answer.text):
            answer = yield from self._in_vietnamese(answer, usage, started, shown=streamed)
        usage.latency_s = time.perf_counter() - started
        yield answer

    def _in_english(self, question: str, query: str, usage: Usage) -> Answer | None:
        """The checked answer to `query`, the English rewrite of the Vietnamese `question`,
        asked as an English question, its tokens added to `usage`; None when declined, when
        the endpoint fails meanwhile, or when the answer fails the checks made of a question in
        Vietnamese in its own words: the kind of thing it asks ("mấy cấp", how many levels),
        and the names its glossary terms give, which the rewrite may have lost."""
        try:
            english = AnswerStream(self._run(query, [])).result
        except QAError:
            return None
        usage.prompt_tokens += english.usage.prompt_tokens
        usage.completion_tokens += english.usage.completion_tokens
        if english.abstained or unheld_terms(_named_terms(question), self._articles(english.citations)):
            return None
        if not names_kind_asked(question, english.text):
            return None
        return english.model_copy(update={"question": question, "usage": usage})

    def _in_vietnamese(
        self, answer: Answer, usage: Usage, started: float, shown: bool = True
    ) -> Generator[str, None, Answer]:
        """A checked answer in English to a question in Vietnamese, translated; the English one
        where the translation does not hold (`translation_holds`), where the endpoint fails
        meanwhile, or where the answer is names only ("Dina Boluarte [1]."), streamed here
        unless it was (`shown`)."""
        if re.search(r"\b[a-z]{2,}\b", MARKER.sub(" ", answer.text)):
            try:
                reply = self._reply(self.translate_prompt, {"text": answer.text}, usage).strip()
            except QAError:
                reply = ""
            if translation_holds(answer.text, reply, glosses(reply, glossary("vi"))):
                yield self._after_draft(reply, usage, started)
                return answer.model_copy(update={"text": reply})
        if not shown:
            yield self._after_draft(answer.text, usage, started)
        return answer

    def _second_look(
        self, question: str, query: str, raw: str, inputs: dict[str, str], shown: list[Passage],
        passages: list[Passage], usage: Usage, started: float, language: str,
    ) -> Generator[str, None, Answer | None]:
        """The answer to the question asked again with the declined `raw` reply named as
        wrong (or, where `raw` came from a passage about something else, without that
        passage); None when that is declined too. Not streamed until checked."""
        rejected = self.messages["rejected"].format(answer=MARKER.sub("", raw).strip()[:300])
        if language == "en" and (wrong := self._off_question(query, self._cite(question, query, raw, shown, language)[1], shown)):
            # An answer from a passage about something else: the second look is shown the
            # other passages (there is one at least), and is not told that answer, which a
            # small model copies.
            shown, rejected = [p for p in shown if p.id not in wrong], ""
            inputs = self._inputs(shown, query, inputs["question"], inputs["instructions"])
        reply = self._reply(self.answer_prompt, inputs | {"instructions": inputs["instructions"] + rejected}, usage)
        answer = self._finish(question, query, reply, shown, passages, usage, language)
        if answer.abstained:
            return None
        yield self._after_draft(answer.text, usage, started)
        return answer

    @staticmethod
    def _headline(query: str, text: str, citations: list[Citation]) -> bool:
        """True when `text`, the cited answer to an English question (no multiple-choice one:
        its answer repeats a choice), only restates its citations' titles (`headline_only`)."""
        asked, choices = split_choices(query)
        titles, texts = [c.title for c in citations], [c.text for c in citations]
        return not choices and headline_only(asked, text, titles, texts)

    def _untitled(
        self, question: str, query: str, inputs: dict[str, str], shown: list[Passage], passages: list[Passage],
        usage: Usage, started: float,
    ) -> Generator[str, None, Answer | None]:
        """The English question asked again with the `shown` passages without their titles,
        its reply checked against them with their titles; None when that is declined, or
        restates a title still (`_headline`). Not streamed until checked."""
        untitled = [p.model_copy(update={"title": ""}) for p in shown]
        inputs = self._inputs(untitled, query, inputs["question"], inputs["instructions"])
        reply = self._reply(self.answer_prompt, inputs, usage)
        answer = self._finish(question, query, reply, shown, passages, usage, "en")
        if answer.abstained or self._headline(query, answer.text, answer.citations):
            return None
        yield self._after_draft(answer.text, usage, started)
        return answer

    def _by_parts(
        self, question: str, query: str, parts: list[str], usage: Usage, started: float
    ) -> Generator[str, None, Answer | None]:
        """One answer made of the answers to each part asked alone, its markers numbered over
        the passages shown for all parts; None when a part is declined, read with its passages
        together and by each of its best `PART_ARTICLES` articles alone. Nothing is streamed
        until every part is answered: then the joined answer, at once."""
        texts: list[str] = []
        # Every passage shown for a part, by id, in the order first shown: its marker number.
        shown: dict[str, Passage] = {}
        passages: dict[str, Passage] = {}
        for part in parts:
            found = self.retrieve(part)
            seen = self._shown(found)
            if not seen:
                return None
            reply = self._reply(self.answer_prompt, self._inputs(seen, part, part), usage)
            said = self._finish(part, part, reply, seen, found, usage, "en", stated=True)
            text = None if said.abstained else said.text
            if text is None:
                # Read with other articles' passages, a part is often given their fact ("the
                # CPTPP" for the Vietnam-Poland consultation): its best articles are asked it
                # one at a time.
                for p in _best_of_each(found)[:PART_ARTICLES]:
                    if text := self._one_article(p, part, part, "", usage):
                        seen = [p]
                        break
            if text is None:
                return None
            shown |= {p.id: p for p in seen if p.id not in shown}
            passages |= {p.id: p for p in found if p.id not in passages}
            order = list(shown)
            texts.append(_renumbered(text, {n: order.index(p.id) + 1 for n, p in enumerate(seen, 1)}))
        joined = " ".join(texts)
        yield self._after_draft(joined, usage, started)
        return Answer(question=question, query=query, text=joined, abstained=False,
                      citations=citations_of(joined, list(shown.values())), passages=list(passages.values()), usage=usage)

    def _by_documents(
        self, query: str, several: Several, first: Answer, usage: Usage, started: float
    ) -> Generator[str, None, Answer | None]:
        """`first`, the answer to a question that asks for several things, with the answers of
        the best `several_documents` articles (for a region's countries, those that name one
        first), but those it cites, each asked alone
        (`_one_article`), until as many articles are cited as the question counts; an
        answer only where the question counts or asks across the news. A declined `first` is
        replaced by two answers at least. None when nothing is added. Nothing is streamed
        until all are asked."""
        # An answer is added to where the question counts more things, or asks across the
        # news: "Which mechanisms between the two countries were mentioned?" is about one
        # article, and the Laos item's mechanisms are no answer to it.
        if not (first.abstained or several.number or several.across):
            return None
        # What describes the things asked ("European countries") need not be in their
        # articles, but must be in the corpus: "Which African countries …?" is not answerable.
        if not all(self.retriever.keyword.knows(w) for w in set(several.ask.split()) - set(several.check.split())):
            return None
        # What a question sets aside must be in the corpus ("Besides Beibniz, …" asks nothing).
        excepted = set_aside(query)
        if not all(self.retriever.keyword.knows(w) for w in excepted):
            return None
        cited: list[Passage] = [Passage(**c.model_dump(exclude={"marker"})) for c in first.citations]
        texts = [] if first.abstained else [_renumbered(first.text, {c.marker: n for n, c in enumerate(first.citations, 1)})]
        said = {_unmarked(t) for t in texts}  # each answer once: two articles tell of the Lima talks
        aside = set(words(" ".join(excepted)))
        # A clause that opens the question by setting names aside is left out of what each
        # article is asked: asked "Besides Peru, which Latin American countries …?", the Brazil
        # item alone made the model say "Peru is mentioned". An answer that names them is
        # dropped below. A clause that sets aside no name ("Besides digital transformation,
        # …") stays: nothing would drop an answer that repeats it.
        ask, check = several.ask, several.check
        if aside:
            ask, check = (_capitalised(without_aside_lead(q)) for q in (ask, check))
        candidates = _best_of_each(first.passages)
        # "Which Latin American countries …?": the passages that name one of the region's
        # countries the question does not name come first, those found, then those a keyword
        # search for the countries finds: the Brazil item holds few of the question's words.
        sought = region_asked(several.ask) - countries_named(several.ask)

        def sought_in(p: Passage) -> set[str]:
            return countries_named(f"{p.heading} {p.text}") & sought if sought else set()

        if sought:
            found = [p for p, _ in self.retriever.keyword.search(" ".join(sorted(sought)), self.retriever.k)]
            naming = [p for p in [*first.passages, *found] if sought_in(p)]
            candidates = _best_of_each([*naming, *candidates])
        for p in candidates[: self.settings.several_documents]:
            if several.number and len({c.doc_id for c in cited}) >= several.number:
                break
            if any(c.doc_id == p.doc_id for c in cited):
                continue
            # A small model does not know Venezuela for a Latin American country: those of the
            # region the passage names are added to what it is asked, in brackets, and dropped
            # from a reply that copies them.
            hint = sorted(c.title() for c in sought_in(p))
            reply = self._one_article(p, with_added(ask, hint), check, self.messages["one_of_several"], usage)
            if not reply:
                continue
            reply = without_added(reply, hint)
            plain = _unmarked(reply)
            # "Apart from Peru, which …": an answer that names Peru is not one of them.
            if plain in said or any(_within(name, aside) for name in names(plain)):
                continue
            said.add(plain)
            cited.append(p)
            texts.append(_renumbered(reply, {1: len(cited)}))
        if len(texts) < 2:
            return None
        text = " ".join(texts)
        yield self._after_draft(text, usage, started)
        return first.model_copy(update={"text": text, "abstained": False, "citations": citations_of(text, cited)})

    def _of_days(self, question: str, query: str, days: list[Day], passages: list[Passage]) -> Answer | None:
        """The answer to a question that asks what happened on `days`: the sentence of each
        article that states one of them (in its year, where the question gives one), its
        first that does, after the article's title, cited; the articles found for `query`
        first, then the others in index order, at most `several_documents`, and only those
        that hold the question's names. None where fewer than two articles state a day: one
        is asked like any question."""
        documents = self.retriever.keyword.documents
        named = without_days(query)
        # Only a passage that writes a day's month is read sentence by sentence: a corpus
        # of 20,000 passages is scanned in a blink.
        month = re.compile("|".join(rf"\b{MONTHS[d.month - 1][:3]}" for d in days), re.IGNORECASE)
        found: dict[str, tuple[Passage, str]] = {}
        unnamed: set[str] = set()
        for p in [*passages, *self.retriever.keyword.passages]:
            if len(found) >= self.settings.several_documents:
                break
            if p.doc_id in found or p.doc_id in unnamed or not month.search(p.text):
                continue
            said = next((_uncredited(s) for s in sentences(p.text) if any(day_stated(s, d, p.date) for d in days)), "")
            if not said:
                continue
            if missing_names(named, [documents.get(p.doc_id, p.text)]):
                unnamed.add(p.doc_id)
                continue
            found[p.doc_id] = (p, said)
        if len(found) < 2:
            return None
        text = " ".join(
            f"{p.title}: {said} [{n}]." if p.title else f"{said} [{n}]." for n, (p, said) in enumerate(found.values(), 1)
        )
        cited = [p for p, _ in found.values()]
        shown = passages + [p for p in cited if p not in passages]
        return Answer(question=question, query=query, text=text, abstained=False, citations=citations_of(text, cited),
                      passages=shown, usage=Usage())

    def _alone(
        self, query: str, best: Passage, declined: Answer, usage: Usage, started: float
    ) -> Generator[str, None, Answer | None]:
        """The `declined` answer replaced by the checked answer of the `best` passage asked
        `query` alone, citing it; None when that is declined too."""
        reply = self._one_article(best, query, query, "", usage)
        if not reply:
            return None
        yield self._after_draft(reply, usage, started)
        return declined.model_copy(update={"text": reply, "abstained": False, "citations": citations_of(reply, [best])})

    def _one_article(self, passage: Passage, ask: str, check: str, instructions: str, usage: Usage) -> str | None:
        """The checked answer, citing [1], of the article of `passage` asked `ask` alone: its
        passage whole (an article asked alone costs few tokens), the answer checked as one
        to `check`; None when declined, or when it is a long sentence of the passage whole
        (the model only pointed at it, `resolve`). For an English question."""
        inputs = {"passages": format_context([passage], ask, 2 * self.settings.excerpt_chars),
                  "question": ask, "instructions": instructions}
        reply = self._reply(self.answer_prompt, inputs, usage)
        answer = self._finish(check, check, reply, [passage], [passage], usage, "en")
        plain = _unmarked(answer.text)
        quoted = len(plain.split()) >= 12 and plain.rstrip(".") in passage.text
        return None if answer.abstained or quoted else answer.text

    @staticmethod
    def _asked(question: str, query: str, history: History, language: str) -> str:
        """The question as the answer prompt gives it: a follow-up by its rewrite, and a question
        of two things described one each by its two parts (`one_each`); a question in
        Vietnamese in its own words with its English rewrite after it, in brackets, since a
        small model reads the English passages better in English (but answers in Vietnamese).

        >>> Pipeline._asked("Ai là Chủ tịch?", "Who is the President?", [], "vi")
        'Ai là Chủ tịch? (Who is the President?)'
        >>> Pipeline._asked("Who is he?", "Who is Luong Cuong?", [("Who met Boluarte?", "Luong Cuong.")], "en")
        'Who is Luong Cuong?'
        >>> two = "Two leaders held talks – one with Laos, the other with Peru. Who were they?"
        >>> Pipeline._asked(two, one_each(two), [], "en")
        'Which leader held talks with Laos, and which leader held talks with Peru?'
        """
        if history or (language == "en" and query != question and query == one_each(question)):
            return query
        english = language == "vi" and query != question and not split_choices(question)[1]
        return f"{question} ({query})" if english else question

    def _inputs(self, shown: list[Passage], query: str, question: str, instructions: str = "") -> dict[str, str]:
        """The answer prompt's inputs: the `shown` passages, cut to what `query` asks."""
        return {"passages": format_context(shown, query, self.settings.excerpt_chars), "question": question,
                "instructions": instructions}

    def _shown(self, passages: list[Passage]) -> list[Passage]:
        """The passages the model reads: the best few, the best last, next to the question (a
        small model leans on what it read last)."""
        return passages[: self.settings.top_k][::-1]

    def _reply(self, prompt: ChatPromptTemplate, inputs: dict[str, str], usage: Usage) -> str:
        """One answer, whole, not streamed, adding to `usage`."""
        raw = ""
        for token, meta in self._generate(prompt, inputs):
            _add_usage(usage, meta)
            raw += token
        return raw

    def _tokens(
        self, prompt: ChatPromptTemplate, inputs: dict[str, str], usage: Usage, started: float,
        hold: bool = False, echo: str = "",
    ) -> Generator[str, None, str]:
        """Stream one answer, adding to `usage`; return its text. With `hold`, text that may
        still become the decline sentence, or is only markers so far, is kept back, and a
        decline or a bare "[3]" is not streamed at all. With `echo`, an English question, a
        reply that opens with it is streamed without it (`without_echo`), and nothing while
        the reply may still be, or is only, that echo."""
        decline = self.messages["decline"]
        raw = visible = ""
        held = hold or bool(echo)

        def kept(text: str, done: bool = False) -> bool:
            declined = is_decline(text) if done else decline.startswith(text.strip())
            return bool(hold and (declined or _BARE.fullmatch(text)) or echo and echoes(text, echo, partly=not done))

        for token, meta in self._generate(prompt, inputs):
            _add_usage(usage, meta)
            if not token:
                continue
            raw += token
            visible = without_echo(raw, echo) if echo else raw
            if held and kept(visible):
                continue
            if held:
                token, held = visible, False
            yield self._first(token, usage, started)
        if held and visible and not kept(visible, done=True):
            yield self._first(visible, usage, started)
        return raw

    @classmethod
    def _after_draft(cls, text: str, usage: Usage, started: float) -> str:
        """A checked answer that replaces what was streamed before it, set apart from that."""
        return cls._first(f"\n\n{text}" if usage.first_token_s is not None else text, usage, started)

    @staticmethod
    def _first(token: str, usage: Usage, started: float) -> str:
        """`token`, noting the time of the first one shown."""
        if usage.first_token_s is None:
            usage.first_token_s = time.perf_counter() - started
        return token

    def _generate(
        self, prompt: ChatPromptTemplate, inputs: dict[str, str]
    ) -> Iterator[tuple[str, dict[str, Any] | None]]:
        chain = prompt | self.llm
        try:
            for chunk in chain.stream(inputs):
                yield str(chunk.content), getattr(chunk, "usage_metadata", None)
        except ENDPOINT_ERRORS as exc:
            raise endpoint_error(self.settings, exc) from exc

    def verified(self, question: str, answer: str, cited: Passage) -> bool:
        """False when the model, asked again, says the cited passage does not state `answer`
        for `question`. Any reply but one starting with "no" keeps the answer."""
        inputs = {"passage": cited.text, "question": question, "answer": MARKER.sub("", answer).strip()}
        try:
            reply = self.verifier.invoke(inputs)
        except ENDPOINT_ERRORS as exc:
            raise endpoint_error(self.settings, exc) from exc
        return not re.match(r"\W*no\b", reply.strip().lower())

    def _articles(self, shown: Sequence[Passage]) -> list[str]:
        """The whole article of each shown passage, in marker order."""
        documents = self.retriever.keyword.documents
        return [documents.get(p.doc_id, f"{p.heading} {p.text}") for p in shown]

    def _cite(
        self, question: str, query: str, raw: str, shown: list[Passage], language: str
    ) -> tuple[str, list[Citation]]:
        """The reply's text and citations: each sentence cited by the shown passages that
        support it (`resolve`); in English, also by those that hold the names it or the
        question gives that the cited articles lack (`cite_also`, `cite_named`)."""
        asked = split_choices(query)[0]
        # An answer in Vietnamese repeats the question's own Vietnamese words, not the rewrite's.
        said_before = asked if language == "en" else f"{asked} {question}"
        text, citations = resolve(raw, shown, question=said_before, names_only=language != "en")
        if language != "en":
            return text, citations
        shown_docs = self._articles(shown)
        missing = missing_names(query, [shown_docs[c.marker - 1] for c in citations])
        # A question about two articles answered in one sentence that cites only one; a
        # sentence that names what only another shown article holds.
        also = cite_also(text, shown, asked, missing, shown_docs) if missing else text
        also = cite_named(also, shown, asked, shown_docs)
        return (also, citations_of(also, shown)) if also != text else (text, citations)

    def _off_question(self, query: str, citations: list[Citation], shown: list[Passage]) -> set[str]:
        """The ids of the cited passages, where another shown passage, of an article that
        names what the cited ones name of the question, holds `ASKED_GAP` or more words of
        an open question that asks one thing beyond them (`off_question`); else none. For
        questions in English."""
        if split_choices(query)[1] or len(split_parts(query)) > 1:
            return set()
        if not off_question(query, shown, [c.marker for c in citations], self._articles(shown)):
            return set()
        return {c.id for c in citations}

    def _finish(
        self, question: str, query: str, raw: str, shown: list[Passage], passages: list[Passage],
        usage: Usage, language: str, stated: bool = False,
    ) -> Answer:
        """The checked answer (`_checked`); where the model or a check declined it, with
        `stated` (a part of a two-part question), the answer a shown passage states
        (`_stated`), if that holds. The main path tries `_stated` itself, once."""
        answer = self._checked(question, query, raw, shown, passages, usage, language)
        if stated and answer.abstained:
            return self._stated(question, query, raw, shown, passages, usage, language) or answer
        return answer

    def _stated(
        self, question: str, query: str, raw: str, shown: list[Passage], passages: list[Passage],
        usage: Usage, language: str,
    ) -> Answer | None:
        """For a question of one part that asks for a year, a weekday or a date, the sentence
        of a shown passage that states it near the question's words (`stated_date`), checked;
        None where there is none, or it is the declined `raw`, or it fails the checks. The
        1.5B model declined "For which year did Cuong invite Boluarte to visit Vietnam?" shown
        "Cường used the occasion to invite the Peruvian President to visit Việt Nam in 2025"
        alone, and answered "On exactly what date did Vietnam and Peru establish diplomatic
        relations?" with a sentence about the talks, twice."""
        asked, choices = split_choices(query)
        if choices or len(split_parts(asked)) > 1:
            return None
        said = stated_date(asked, shown, self._articles(shown))
        if not said or said == raw:
            return None
        answer = self._checked(question, query, said, shown, passages, usage, language)
        return None if answer.abstained else answer

    def _checked(
        self, question: str, query: str, raw: str, shown: list[Passage], passages: list[Passage],
        usage: Usage, language: str,
    ) -> Answer:
        """The checked answer: its year or weekday set right where the shown passages state
        another near the question's words (`with_stated_date`); cited by passages that
        support it, about what the question names, and naming the kind of thing it asks for;
        with the name of an office's holder added where it gives the office for the person
        asked (`with_holder`), and its days of a month written without a leading zero."""
        # The choices of a multiple-choice question are not what it asks: an answer that
        # names one of them must still find that name in its passage.
        asked, choices = split_choices(query)
        raw = _unechoed(raw, question, query, language)  # the second look's reply may copy it too
        if not choices:
            # "In what year did Cuong invite Boluarte …?" answered with the 2024 of the talks:
            # the year a shown passage states next to the question's words replaces it.
            raw = with_stated_date(asked, raw, shown)
        text, citations = self._cite(question, query, raw, shown, language)
        # "On July 09" (read from a passage's date, 2025-07-09) is written "On July 9".
        text = _PADDED_DAY.sub(r"\1 \2", text)
        shown_docs = self._articles(shown)
        cited_docs = [shown_docs[c.marker - 1] for c in citations]
        named = True
        # The names of a question in Vietnamese are checked on the answer (`resolve`), not
        # on its machine translation, which can get them wrong.
        if language == "en":
            missing = missing_names(query, cited_docs)
            # The names an answer gives must be in what it cites, each sentence's in what that
            # sentence cites: a small model makes up a "Vietnam Ports Group", or gives one
            # article's fact to the other.
            named = not (missing or unfounded_names(text, query, cited_docs) or misattributed(text, shown_docs))
            # What "Apart from X, …" sets aside need not be cited, but must be in the corpus.
            named = named and all(self.retriever.keyword.knows(w) for w in set_aside(query))
            # An answer from a passage that holds few of the question's words, where another
            # shown passage holds many: the model read the wrong one.
            named = named and not self._off_question(query, citations, shown)
            # And a place for "Which country hosted …?": one the cited articles say something
            # happened in.
            named = named and not unplaced(asked, text, cited_docs)
        elif named_terms := _named_terms(question):
            # What a question in Vietnamese names (a body, a place, a law), in the English the
            # glossary gives it, must not be missing from what it cites where another shown
            # article holds all of it: a small model answers "Who chairs the National Election
            # Council?" from the Laos item.
            unheld = unheld_terms(named_terms, cited_docs)
            named = not (unheld and any(not unheld_terms(named_terms, [d]) for d in shown_docs))
        # Numbers are checked in either language: a small model makes up "10,000 subscribers".
        named = named and not unfounded_numbers(text, f"{query} {question}", cited_docs)
        # And counts: "two trade promotion agreements" where the article only names them.
        named = named and not uncounted(asked, text, cited_docs)
        # So is the office asked for ("Which deputy foreign ministers …?"): a small model names
        # the Deputy Prime Minister of the other article.
        named = named and not office_unheld(asked, text, cited_docs)
        # And the side asked for: "for the Vietnamese side" is not answered by the Slovak co-chair.
        named = named and not other_side(asked, text, cited_docs)
        # And the year asked for: one that a cited passage states near the question's words,
        # not the "2024" of "APEC 2024" for when Viettel launched Bitel.
        named = named and not year_unstated(asked, text, citations)
        # And the region asked for: "Which European countries …?" answered "Slovakia and Laos".
        named = named and not off_region(asked, text)
        # And the time asked for: "When will …?" is not answered by a day already past when
        # the cited articles were written (the 1994 date of relations, for an embassy to open).
        named = named and not (
            past_for_future(asked, text, [c.date for c in citations], cited_docs) and len(split_parts(asked)) == 1
        )
        # A question in Vietnamese is asked in its own words too: its translation can lose
        # what it asks ("bao nhiêu", how many).
        kind = names_kind_asked(asked, text) and (language == "en" or names_kind_asked(question, text))
        abstained = not citations or is_decline(raw) or not named or not kind
        if not abstained and self.settings.verify and language == "en":
            abstained = not self.verified(asked, text, citations[0])
        if abstained:
            text, citations = self.messages["declined"][language], []
        elif language == "en" and not choices:
            # "Which French official …?" answered with an office: the cited passage's
            # "Thani Mohamed Soilihi, Minister Delegate …" gives its holder.
            text = with_holder(asked, text, citations)
        return Answer(
            question=question, query=query, text=text, abstained=abstained,
            citations=citations, passages=passages, usage=usage,
        )


def _words_of(glosses: Sequence[str]) -> int:
    """How many words (stems, stopwords aside) `glosses` hold."""
    return len(set(stems(" ".join(glosses))))


# What a reply may put between a copied question and its answer: the English rewrite (in
# brackets, up to its "?"; the closing bracket may be missing), a "Passage:" label and an
# opening quote mark.
_ECHO_BRACKET = re.compile(r"\([^()?]*\?\)?")
_ECHO_LABEL = re.compile(r'\s*(?:passage\s*(?:\[\d+\])?\s*:)?\s*(["“]?)', re.IGNORECASE)


def _unechoed(reply: str, question: str, query: str, language: str) -> str:
    """`reply` without a copy of the question it opens with (a small model copies the
    prompt's question, and a Vietnamese one's English rewrite, before its answer), nor a
    lead that only says where it read it (`without_source_lead`)."""
    return without_source_lead(without_echo(reply, question, query) if language == "vi" else without_echo(reply, query))


# "The passage from [3] states that", "According to passage [2],", "Passage [4] says:": where
# the model read its answer, before the answer. A verb is followed by "that", a colon, a
# comma or a quote ("The news item [2] mentions Slovakia" answers "Which item …?"); a bare
# comma closes only "according to" (or "in") or markers ("Articles, laws and decrees …").
_SOURCE_LEAD = re.compile(
    r"(?P<according>(?:according to|in)\s+)?(?:the\s+)?(?:passage|article|text|news item)s?\s*(?:from\s+|in\s+)?"
    r"(?P<markers>(?:\[[\d,;\s]+\]\s*(?:,\s*|and\s+)?)*)"
    r"(?:(?P<comma>,)\s*|(?:state[sd]?|says?|said|mentions?|mentioned|notes?|noted|reports?|reported|reads|indicates?|indicated)\b"
    r"\s*(?:that\b|[:,]|(?=[\"“]))\s*)",
    re.IGNORECASE,
)


def without_source_lead(reply: str) -> str:
    """`reply` without a lead that only says where the answer is read ("The passage from
    [3] states that"), and without the quote marks around what follows it; the lead's
    markers go to the end of that, if it has none. The reply as it is where nothing follows.

    >>> without_source_lead('The passage from [3] states that "Viettel will expand in smart cities."')
    'Viettel will expand in smart cities [3].'
    >>> without_source_lead("According to passages [1] and [3], the talks were in Lima.")
    'The talks were in Lima [1][3].'
    >>> [without_source_lead(r) for r in ("The passages do not say.", "Passage [4] states that",
    ...  "Articles, laws and decrees were amended [1].", "The news item [2] mentions Slovakia.")]
    ['The passages do not say.', 'Passage [4] states that', 'Articles, laws and decrees were amended [1].', 'The news item [2] mentions Slovakia.']
    """
    said = reply.strip()
    lead = _SOURCE_LEAD.match(said)
    if not lead or (lead.group("comma") and not (lead.group("according") or lead.group("markers").strip())):
        return reply
    rest = said[lead.end() :].strip()
    if rest[:1] in ('"', "“"):
        rest = _without_close(rest[1:]).strip()
    if not rest:
        return reply
    cited = "".join(f"[{n}]" for n in markers(lead.group("markers")))
    if cited and not MARKER.search(rest):
        stop = rest[-1] if rest[-1] in ".!?" else "."
        rest = f"{rest.rstrip('.!?').rstrip()} {cited}{stop}"
    return _capitalised(rest)


def echoes(reply: str, question: str, partly: bool = False) -> bool:
    """True when `reply` opens with the whole of `question`, one that ends with "?" (as
    `without_echo` reads a copy), or with `partly`, could still: it is a start of it.

    >>> q = "For which year did Cuong invite Boluarte, and how did she respond?"
    >>> echoes(q + " Welcoming the President, Dina Boluarte … [4].", q), echoes("In 2025 [2].", q)
    (True, False)
    >>> echoes("For which year did ", q), echoes("For which year did ", q, partly=True), echoes("  ", q, partly=True)
    (False, True, False)
    """
    said, asked = reply.strip(), question.strip()
    return bool(said) and asked.endswith("?") and (said.startswith(asked) or partly and asked.startswith(said))


def without_echo(reply: str, question: str, rewrite: str = "") -> str:
    """A reply that opens with a copy of its question (of a question in Vietnamese, and of
    its English `rewrite`, in brackets after it, as the answer prompt gives them), without
    that copy: the rest is the answer, often a quoted passage, or only a marker, which is
    asked again like any bare marker. The reply as it is where the question does not end
    with "?" (an answer may start with a statement's words), or where nothing is left.

    >>> without_echo('Họp bao lâu? (How long was it? Passage: "A one-day meeting." [4]', "Họp bao lâu?", "How long was it?")
    'A one-day meeting. [4]'
    >>> without_echo("Họp bao lâu? (It lasted how long?) A one-day meeting [4].", "Họp bao lâu?", "How long was it?")
    'A one-day meeting [4].'
    >>> without_echo("Họp một ngày [4].", "Họp bao lâu?")
    'Họp một ngày [4].'
    >>> without_echo("Cho biết thủ đô của Lào là Viêng Chăn [1].", "Cho biết thủ đô của Lào")
    'Cho biết thủ đô của Lào là Viêng Chăn [1].'
    >>> without_echo("Họp bao lâu? (How long was it?) [3]", "Họp bao lâu?", "How long was it?")
    '[3]'
    """
    asked, said = question.strip(), reply.strip()
    if not asked.endswith("?") or not said.startswith(asked):
        return reply
    rest = said[len(asked) :].lstrip()
    if rewrite and rest.startswith(f"({rewrite}"):
        rest = rest[len(rewrite) + 1 :].removeprefix(")")
    elif bracket := _ECHO_BRACKET.match(rest):  # the rewrite in the model's own words
        rest = rest[bracket.end() :]
    label = _ECHO_LABEL.match(rest)  # every part of it is optional: None never
    rest = rest[label.end() :] if label else rest
    if label and label.group(1):
        rest = _without_close(rest)
    return rest if rest.strip() else reply


def _without_close(text: str) -> str:
    """`text`, which follows an opening quote mark, without the mark that closes that quote:
    a mark after a word closes, one before a word opens another; nothing goes where the
    quote is never closed.

    >>> _without_close('It was "historic", he said." [4]')
    'It was "historic", he said. [4]'
    >>> _without_close('The ship "Hai Phong" arrived [4]')
    'The ship "Hai Phong" arrived [4]'
    """
    depth = 1
    for m in re.finditer(r'["“”]', text):
        opens = m.group() == "“" or (m.group() == '"' and (m.start() == 0 or text[m.start() - 1].isspace()))
        depth += 1 if opens else -1
        if depth == 0:
            return text[: m.start()] + text[m.end() :]
    return text


def _uncredited(sentence: str) -> str:
    """A sentence without its photo credit and its closing stop, for a line of a list.

    >>> _uncredited("Leaders meet in Hanoi on July 9. (Photo: VNA)"), _uncredited("(Photo: a) Then left.")
    ('Leaders meet in Hanoi on July 9', 'Then left')
    """
    return " ".join(CAPTION.sub(" ", sentence).split()).rstrip(".")


def _within(name: str, aside: set[str]) -> bool:
    """Every word of `name`, or the country of a nationality word, is one of `aside`.

    >>> _within("Peruvian", {"peru"}), _within("Nguyen Chi Dung", {"nguyen", "manh", "cuong"})
    (True, False)
    """
    return bool(name) and all(DEMONYMS.get(w, w) in aside for w in words(name))


def _best_of_each(passages: Sequence[Passage]) -> list[Passage]:
    """The first passage of each document among `passages` (best first), in their order.

    >>> ps = [Passage(id=i, doc_id=i[0], text="", start=0, end=0) for i in ("a2", "b1", "a1")]
    >>> [p.id for p in _best_of_each(ps)]
    ['a2', 'b1']
    """
    best: dict[str, Passage] = {}
    for p in passages:
        best.setdefault(p.doc_id, p)
    return list(best.values())


def _capitalised(text: str) -> str:
    """`text` with its first letter in upper case.

    >>> _capitalised("which countries met?")
    'Which countries met?'
    """
    return text[:1].upper() + text[1:]


def _unmarked(text: str) -> str:
    """`text` without its markers, nor the spaces before them.

    >>> _unmarked("Poland [1], Slovakia [2].")
    'Poland, Slovakia.'
    """
    return re.sub(rf"\s*{MARKER.pattern}", "", text).strip()


def _named_terms(question: str) -> list[str]:
    """The names a question in Vietnamese gives, in the English of its glossary terms
    (`prompts/terms.yaml`), offices aside: "Hội đồng Bầu cử Quốc gia", the National Election
    Council."""
    return [g for g in glosses(question, glossary("vi")) if g[:1].isupper() and not is_office(g)]


def _add_usage(usage: Usage, meta: dict[str, Any] | None) -> None:
    """Add a chunk's token counts, where it has them, to `usage`."""
    if meta:
        usage.prompt_tokens += meta.get("input_tokens", 0)
        usage.completion_tokens += meta.get("output_tokens", 0)


def _renumbered(text: str, number: dict[int, int]) -> str:
    """`text` with the numbers of its markers mapped by `number`.

    >>> _renumbered("Viettel [2, 3] and Bitel [3].", {2: 5, 3: 1})
    'Viettel [5, 1] and Bitel [1].'
    """
    return MARKER.sub(lambda m: f"[{', '.join(str(number[n]) for n in markers(m.group(0)))}]", text)


# Words a good rewrite adds to relate the names its pronouns stood for: "the partnership
# between Vietnam and France". (A possessive's "s", "Luong Cuong's invitation", is a letter.)
_RELATIONS = frozenset(["between", "among"])


def invented(rewritten: str, question: str, history: History) -> list[str]:
    """Words of a follow-up's rewrite that neither the question nor the conversation holds: a
    small model resolves "he invited her" to "his wife".

    >>> invented("When did Luong Cuong invite his wife?", "When did he invite her?",
    ...          [("Who did Luong Cuong meet?", "Dina Boluarte.")])
    ['wife']
    >>> invented("How did Boluarte respond to Luong Cuong's invitation?", "How did she respond to it?",
    ...          [("Who did Luong Cuong meet?", "Boluarte."), ("Did he invite her?", "Yes, he invited her.")])
    []
    """
    said = set(stems(" ".join([question, *(text for turn in history for text in turn)])))
    return [
        w for w in keywords(rewritten) if len(w) > 1 and w not in _RELATIONS and not set(stems(w)) <= said
    ]


# Words by which a follow-up points back at the conversation: "What did he say there?",
# "And the traditional ones?".
_PRONOUNS = "he she it they his her hers their him them its this that these those there then"
_POINTERS = frozenset(f"{_PRONOUNS} ones".split())
# Words a good rewrite replaces ("his country" becomes "France") or words differently
# ("what did she say" becomes "what did Boluarte state").
_REFERENCES = frozenset(stems(f"{_PRONOUNS} country event within say"))


def leans(question: str) -> bool:
    """Whether a follow-up needs the conversation to be understood: it names nothing, or
    points back ("What did she credit the company with?").

    >>> [leans(q) for q in ("And the traditional ones?", "What did the Peruvian President say there?")]
    [True, True]
    >>> leans("Which Polish official met the Peruvian envoy?")
    False
    """
    return not names(question) or bool(_POINTERS & set(words(question)))


def dropped(rewritten: str, question: str) -> list[str]:
    """Words of a follow-up that its rewrite lost, when it lost two or more: a small model
    turns "Whose supervisory role did he call for strengthening?" into "Who did Tran Thanh
    Man call for strengthening?". One lost word is often a paraphrase ("the president" for
    "Boluarte").

    >>> dropped("Who did Tran Thanh Man call for strengthening?", "Whose supervisory role did he call for strengthening?")
    ['supervisory', 'role']
    >>> dropped("What did Vietnam and Peru sign?", "What did the two countries sign?")
    []
    """
    kept = set(stems(rewritten)) | _REFERENCES
    lost = [w for w in keywords(question) if len(w) > 1 and not set(stems(w)) <= kept]
    return lost if len(lost) > 1 else []


# The question word a question opens with: "And in which city …?", "Whose role …?"; not
# "What about …?", "How about …?", which a rewrite rightly asks anew.
_WH_WORD = re.compile(
    r"\W*(?:(?:and|so|but) )?(?:(?:in|on|at|for|to|with|by|from|of) )?"
    r"(who|whom|whose|what|which|when|where|why|how)\b(?! about\b)",
    re.IGNORECASE,
)


def reasked(rewritten: str, question: str) -> bool:
    """Whether a follow-up's rewrite asks with another question word than the follow-up: a
    small model turns "Whose contributions did they highlight?" into "Who highlighted
    Vietnam and France's contributions?".

    >>> reasked("Who highlighted Vietnam's contributions?", "Whose contributions did they highlight?")
    True
    >>> [reasked("When did Luong Cuong do that?", q) for q in ("When did he do that?", "And in Peru?")]
    [False, False]
    >>> reasked("What core value did Bui Thanh Son name?", "Which core value did he name?")
    False
    >>> [reasked(r, q) for r, q in (("What did Vietnam discuss with Laos?", "How about Laos?"),
    ...  ("When did the official who met him speak?", "Did the man who met him say when?"))]
    [False, False]
    """
    asked, said = _WH_WORD.match(question), _WH_WORD.match(rewritten)
    return bool(asked and said and _wh_kind(asked.group(1)) != _wh_kind(said.group(1)))


def _wh_kind(word: str) -> str:
    """A question word, "which" as "what" and "whom" as "who": "Which core value …?" and "What
    core value …?" ask the same."""
    word = word.lower()
    return {"which": "what", "whom": "who"}.get(word, word)


def with_names(question: str, turn: tuple[str, str]) -> str:
    """The question with the names of the last turn that it lacks, for its pronouns to stand
    for, when its rewrite cannot be trusted.

    >>> with_names("When did he invite her?", ("Who did Luong Cuong meet in Peru?", "Dina Boluarte."))
    'When did he invite her (Luong Cuong; Peru; Dina Boluarte)?'
    """
    own = {squash(n) for n in names(question)}
    found = [n for n in dict.fromkeys(names(" ".join(turn))) if not n.isdigit() and squash(n) not in own]
    return with_added(question, found)


def with_added(question: str, added: Sequence[str]) -> str:
    """The question with the `added` names in brackets before its end, where the excerpts
    read them as names that say which article (`qa.context`), or the question as it is.

    >>> with_added("Which countries met?", ["Brazil", "Peru"]), with_added("Who met?", [])
    ('Which countries met (Brazil; Peru)?', 'Who met?')
    """
    return f"{question.rstrip().rstrip('?')} ({'; '.join(added)})?" if added else question


def without_added(reply: str, added: Sequence[str]) -> str:
    """The reply without the brackets that hold only some of the `added` names, copied from
    the question (`with_added`).

    >>> without_added("Brazil (Brazil) and Peru (a partner) appear (Peru; Brazil) [1].", ["Brazil", "Peru"])
    'Brazil and Peru (a partner) appear [1].'
    """
    known = set(words(" ".join(added)))

    def copied(m: re.Match[str]) -> str:
        inside = words(m.group(1))
        return "" if inside and set(inside) <= known else m.group(0)

    return re.sub(r"\s*\(([^()]*)\)", copied, reply)
