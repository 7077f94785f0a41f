"""Numbering passages for the LLM, and checking the `[n]` markers of its answer.

    >>> ps = [Passage(id="a#0", doc_id="a", text="Viettel runs Bitel in Peru.", start=0, end=27)]
    >>> text, cites = resolve("Viettel runs it [1][7].", ps, question="Who runs Bitel?")
    >>> text, [c.marker for c in cites]
    ('Viettel runs it [1].', [1])
"""

from __future__ import annotations

import datetime
import difflib
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet

from qa.context import best_sentence, dated
from qa.text import (
    ASKS_DATED,
    CAPTION,
    CARDINALS,
    COUNT_WORDS,
    DATE,
    DATED,
    DATED_WORDS,
    DEMONYMS,
    MONTH_NAMES,
    MONTH_WORD,
    MONTHS,
    NUMBER_WORDS,
    RELATED_STEMS,
    SHORT_MONTHS,
    STOPWORDS,
    TITLES,
    date_said,
    day_of,
    fold,
    has_vietnamese_words,
    is_ordinal,
    is_vietnamese,
    iso_date,
    keywords,
    named_in,
    names,
    sentences,
    split_parts,
    squash,
    stated,
    stems,
    vi_words,
    without_brackets,
    without_vi_titles,
    words,
)
from qa.types import Citation, Passage

MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
SUPPORTED = 0.5  # share of an answer's new words that a passage must hold to support it
# Words the model uses to talk about its sources, not facts to be supported.
_META = frozenset(["passag", "state", "mention", "accord", "corpus", "articl", "text", "provid"])
# A sentence only of these words and numbers says where to look, not what is true:
# "This information is found in Passage [2]."
_POINTING = _META | {
    "inform", "found", "answer", "see", "seen", "shown", "abov", "explicit", "clear", "detail", "refer", "given",
}
# Capitalised words about the corpus itself: "the See more items", "as stated in Passage [4]".
_SOURCE_WORDS = frozenset(["passag", "articl", "text", "corpus", "see", "item", "sourc"])
_DECLINES = (
    "corpus does not say", "does not say", "do not contain", "does not contain",
    "not mentioned", "no information", "not provided", "cannot be determined",
    "do not mention", "does not mention", "not specified", "not stated",
    # Vietnamese, folded as `words` folds it: "không đề cập", "không có thông tin".
    "khong de cap", "khong co thong tin", "khong neu", "khong duoc neu",
)


def missing_names(question: str, documents: Sequence[str]) -> list[str]:
    """Words of the question's names and numbers that none of the cited `documents` holds.

    An answer about "the Prime Minister of Peru" drawn from an article that never mentions
    a prime minister answers another question, however well its words match the passage.

    >>> missing_names("Who is the Prime Minister of Peru?", ["President of Peru Dina Boluarte"])
    ['Prime', 'Minister']
    >>> missing_names("Which Polish official came?", ["Poland sent Nowak"])
    []
    >>> missing_names("Apart from Peru, which countries did Vietnam meet?", ["Vietnam met Poland"])
    []
    >>> missing_names("Corporate America cut ties with Ye. Which firm cost him most?", ["Ye and Adidas"])
    []
    >>> missing_names("Who did he meet in Viêng Chăn (Vientiane)?", ["They met in Vientiane"])
    []
    >>> missing_names("What did Phó Thủ tướng Nguyễn Chí Dũng hope?", ["Deputy PM Nguyen Chi Dung hoped"])
    []
    >>> missing_names("What did Phó Thủ tướng Nguyễn Chí Dũng hope?", ["President Nguyen Chi Dung hoped"])
    ['deputy prime minister']
    >>> [missing_names(q, ["Deputy Minister of Foreign Affairs Cuong in Laos"])
    ...  for q in ("Which Deputy Foreign Ministers met in Laos?", "Which Deputy Ministers of Foreign Affairs met in Laos?")]
    [[], []]
    >>> [missing_names("Who met Lao leaders in July?", [d]) for d in ("Cuong met Lao leaders.", "Cuong met Lao leaders on May 2.")]
    [[], ['July']]
    """
    haystack = " ".join(squash(d) for d in documents)
    # A quiz question's lead-in ("Corporate America is canceling Kanye West. Which …?") sets
    # the scene; the sentence that asks is what the answer must be about.
    # What "Apart from Peru, which …?" sets aside is not what the answer is about.
    asking = _without_excepted(_asking(question))
    # An office in Vietnamese ("Phó Thủ tướng") is looked for in its English forms, below.
    asking, vi_titles = without_vi_titles(asking)
    wanted = _name_parts(asking)
    missing = [
        w for w in wanted
        if squash(w) and not named_in(squash(w), haystack) and not _qualifier(w, asking, haystack) and not _about_sources(w)
    ]
    # A name glossed in brackets, "Viêng Chăn (Vientiane)", is there in either form.
    for gloss in re.finditer(r"\(([^()]+)\)", question):
        before = names(question[: gloss.start()], lone_first_words=False)
        if before and named_in(squash(gloss.group(1)), haystack):
            missing = [w for w in missing if w not in _split_name(before[-1])]
    # A capitalised office ("Prime Minister Chinh") is there in any of its forms ("PM Chinh").
    titles = list(dict.fromkeys(_titles(asking) + vi_titles))
    lacking = _missing_titles(titles, documents)
    held = {w for t in titles if t not in lacking for form in (t, *TITLES.get(t, ())) for w in form.split()}
    # "Ministers" of "Which Deputy Foreign Ministers …?" (or "… Deputy Ministers of Foreign
    # Affairs …?") is held where the office is.
    missing = [w for w in missing if w.lower() not in held and w.lower().removesuffix("s") not in held]
    if any(w.lower() in MONTHS for w in missing) and not any(map(_dated_text, documents)):
        # "Which officials met Lao leaders in July?": an article that states no month, nor a
        # date, does not say its news was of another month (a news item of a list may be
        # undated).
        missing = [w for w in missing if w.lower() not in MONTHS]
    said = {w.lower() for w in missing}
    return missing + [t for t in lacking if not set(t.split()) <= said]


# A month's name, short or not ("May", not "may"), or a date ("2025-07-09", "2025-07-09T10:00",
# "9/7", "tháng 7"): an article that holds one is dated.
_DATED_TEXT = re.compile(
    rf"\b(?:{MONTH_WORD})\b|\d{{4}}-\d{{2}}-\d{{2}}|\b\d{{1,4}}/\d{{1,2}}\b|\btháng\s+\d", re.IGNORECASE
)


def _dated_text(text: str) -> bool:
    """True when `text` states a month or a date (a lower-case "may" is a verb).

    >>> [_dated_text(t) for t in ("It may rain.", "On Nov. 13", "in MAY", "2025-05-03T10:00", "ngày 9 tháng 7", "on 3/5")]
    [False, True, True, True, True, True]
    """
    return any(m.group() != "may" for m in _DATED_TEXT.finditer(text))


_AUXILIARIES = "is|was|are|were|do|does|did|has|have|had|will|would|can|could|should|may|might|must"
# What a question sets aside: "Apart from Peru, …", "other than Laos, Poland and Slovakia", or
# up to six words before a comma where the question starts with it ("Besides the two
# European countries, …").
_SET_ASIDE_PHRASES = ("apart from", "aside from", "besides", "other than", "in addition to")
_SET_ASIDE = rf"(?i:{'|'.join(_SET_ASIDE_PHRASES)}|except(?: for)?)"
_ASIDE_WORD = r"[A-Z][\w'’.-]*"
_EXCEPTED_LEAD = re.compile(rf"^\W*{_SET_ASIDE}\s+(?:[^\s,;?]+\s+){{0,5}}[^\s,;?]+,\s*")
_ASIDE_RUN = rf"(?:the\s+)?{_ASIDE_WORD}(?:\s+(?:(?:of|the)\s+)?{_ASIDE_WORD})*"
# A list of names is joined by commas only where ", and X," ends it: in "Besides Peru,
# Luong Cuong (and Boluarte) discussed …?" the names after the comma are the question's own.
_EXCEPTED_NAMES = re.compile(
    rf"\b{_SET_ASIDE}\s+(?:{_ASIDE_RUN}(?:,\s*{_ASIDE_RUN})+,?\s+(?:and|or)\s+{_ASIDE_RUN},"
    rf"|{_ASIDE_RUN}\s+(?:and|or)\s+{_ASIDE_RUN}|{_ASIDE_RUN}),?\s*"
)


_EXCEPTED_ITEMS = re.compile(rf"^\W*{_SET_ASIDE}\s+([^,;?]+),")
_EXCEPTED_CLAUSE = re.compile(rf"(?:{_SET_ASIDE}|(?i:as well as|along with|alongside|together with))\s+[^,;.]+")


def _gives_excepted(question: str, said: str) -> bool:
    """True when `said` gives as its answer a thing that the question's opening sets aside,
    but not all of them ("Apart from digital transformation and renewable energy, …?"
    answered "artificial intelligence and renewable energy"; a copied sentence lists them
    all with the answer), nor in a clause of its own that sets it aside.

    >>> q = "Apart from digital transformation and renewable energy, which fields did he name?"
    >>> [_gives_excepted(q, a) for a in ("He named AI and renewable energy.", "Besides renewable energy, AI and chips.",
    ...  "AI and chips.", "Chips, in addition to digital transformation.")]
    [True, False, False, False]
    >>> _gives_excepted(q, "Potential lies in digital transformation, renewable energy, AI and chips.")
    False
    >>> _gives_excepted("Besides Peru, which country did he visit?", "After Peru, he visited Brazil.")
    False
    >>> _gives_excepted(q, "AI and chips, as well as renewable energy."), _gives_excepted("Besides trade, what?", "Trade promotion.")
    (False, False)
    """
    if not (lead := _EXCEPTED_ITEMS.match(question)):
        return False
    # Names set aside ("Besides Peru, …") are left to `set_aside`: an answer may name Peru as
    # where something else happened.
    # So are single words ("Besides trade, …?" answered "trade promotion").
    items = [i for i in re.split(r"\s*(?:,|\band\b|\bor\b)\s*", lead.group(1)) if len(stems(i)) > 1 and not names(i)]
    rest = f" {' '.join(stems(_EXCEPTED_CLAUSE.sub(' ', said)))} "
    given = [f" {' '.join(stems(i))} " in rest for i in items]
    # Every one of them is a copied sentence that lists them with the answer.
    return any(given) and not all(given)


def _without_excepted(question: str) -> str:
    """`question` without what it sets aside, unless it asks yes or no: in "Was it shared
    with anyone except for the Air Force?" the Air Force is what it asks about.

    >>> _without_excepted("Apart from Peru, which countries did Vietnam meet?")
    'which countries did Vietnam meet?'
    >>> _without_excepted("Which countries other than Peru and Brazil did Vietnam meet?")
    'Which countries did Vietnam meet?'
    >>> _without_excepted("Besides the two European countries, who met Laos?")
    'who met Laos?'
    >>> _without_excepted("Apart from Laos, Poland and Slovakia, which countries met Vietnam?")
    'which countries met Vietnam?'
    >>> _without_excepted("Besides Peru, Luong Cuong visited which country?")
    'Luong Cuong visited which country?'
    >>> _without_excepted("Aside from Peru, Luong Cuong and Boluarte discussed which country?")
    'Luong Cuong and Boluarte discussed which country?'
    >>> _without_excepted("Was it shared with anyone except for the Air Force?")
    'Was it shared with anyone except for the Air Force?'
    >>> _without_excepted("Besides Peru, when did Vietnam sign FTAs?")
    'when did Vietnam sign FTAs?'
    >>> _without_excepted("What did Luong Cuong do besides talks with Boluarte in Lima, Peru?")
    'What did Luong Cuong do besides talks with Boluarte in Lima, Peru?'
    """
    if _YES_NO.match(question):
        return question
    return _EXCEPTED_LEAD.sub("", _EXCEPTED_NAMES.sub("", question))


def without_aside_lead(question: str) -> str:
    """`question` without the clause that opens it by setting something aside ("Besides
    Peru, …"); as it is where it opens otherwise.

    >>> without_aside_lead("Besides Peru, which Latin American countries appear in the news?")
    'which Latin American countries appear in the news?'
    >>> without_aside_lead("Which countries other than Peru met Vietnam?")
    'Which countries other than Peru met Vietnam?'
    """
    return _EXCEPTED_LEAD.sub("", question)


# A question that opens with its verb asks yes or no about all it names.
_YES_NO = re.compile(rf"\W*(?i:{_AUXILIARIES})\b")


def set_aside(question: str) -> list[str]:
    """The words of the names that `question` sets aside ("Apart from Peru, …"): they need
    not be in the cited articles, but a name the corpus never holds ("Besides Beibniz, which
    mathematician …?") makes the question one it cannot answer.

    >>> set_aside("Apart from Laos, Poland and Slovakia, which countries met Vietnam?")
    ['Laos', 'Poland', 'Slovakia']
    >>> set_aside("Besides Beibniz, what other mathematician proved it?")
    ['Beibniz']
    """
    asking = _asking(question)
    kept = set(_name_parts(_without_excepted(asking)))
    return [w for w in _name_parts(asking) if w not in kept and w.lower() not in _SET_ASIDE_WORDS]


_SET_ASIDE_WORDS = frozenset(" ".join(_SET_ASIDE_PHRASES).split()) | {"except", "for"}


def _name_parts(text: str) -> list[str]:
    """The words of the names in `text` as written (a lone capitalised first word is no
    name), each name split by `_split_name`; `_name_words` gives them folded instead."""
    return [w for phrase in names(text, lone_first_words=False) for w in _split_name(phrase)]


def _split_name(phrase: str) -> list[str]:
    """The words of a name, a hyphenated one's parts too: "Vietnam-Peru relations" is held
    by an article that names Vietnam and Peru. A short part stays joined ("Vietnam-US",
    "AMM-58"): names are found inside the article's squashed text, where "us" is in "business".

    >>> _split_name("Vietnam-Peru Business Forum"), _split_name("Vietnam-US ties")
    (['Vietnam', 'Peru', 'Business', 'Forum'], ['Vietnam-US', 'ties'])
    """
    return [p for w in phrase.split() for p in (w.split("-") if min(map(len, w.split("-"))) >= 4 else [w]) if p]


def _about_sources(word: str) -> bool:
    """True for a word about sources, not a name: "See" of "the See more items", "Passage"."""
    return set(stems(word)) <= _SOURCE_WORDS


# Capitalised words that qualify an institution's act rather than name one ("Party
# resolution", "State budget"); a brand or a country does name one ("Samsung factory").
_QUALIFIERS = frozenset(["party", "state", "government", "central", "communist", "national"])


def _qualifier(word: str, question: str, haystack: str) -> bool:
    """True for a capitalised word that only qualifies the thing asked for, which the
    documents hold: "Which Party resolution …?" of an article that writes "Resolution
    18-NQ/TW". Only words of `_QUALIFIERS`: "Which French king …?" asks about France.

    >>> _qualifier("Party", "Which Party resolution was reviewed?", "resolution18nqtw")
    True
    >>> _qualifier("French", "Which French king ruled?", "theking")
    False
    """
    if squash(word) not in _QUALIFIERS:
        return False
    after = re.search(rf"\b(?:which|what)\s+{re.escape(word)}\s+([a-z]+)", question, re.IGNORECASE)
    return after is not None and after.group(1).islower() and squash(after.group(1)) in haystack


def unheld_terms(terms: Sequence[str], documents: Sequence[str]) -> list[str]:
    """The words of `terms` (what a question in another language names, in the glossary's
    English, without its notes in brackets) that none of the `documents` holds, by stem or
    inside a squashed name; words that only qualify ("National", "State") aside.

    >>> unheld_terms(["National Election Council", "Ministry of Foreign Affairs"], ["The two Ministries of Foreign Affairs met."])
    ['election', 'council']
    >>> unheld_terms(["Lao Cai (a Vietnamese province)"], ["Lao Cai leaders met."])
    []
    """
    held = set(stems(" ".join(documents)))
    haystack = " ".join(squash(d) for d in documents)
    return [
        w for term in terms for w in words(without_brackets(term))
        if w not in STOPWORDS | _QUALIFIERS and not (set(stems(w)) <= held or named_in(w, haystack))
    ]


def _asking(question: str) -> str:
    """The sentences of `question` that ask, without a quiz's lead-in ("Corporate America cut
    ties with Ye.") and bracketed asides; the whole question where no sentence ends in "?"."""
    return " ".join(s for s in sentences(without_brackets(question)) if s.endswith("?")) or question


def _titles(question: str) -> list[str]:
    """The offices of `TITLES` that the question names, in any case ("Peru's prime minister"),
    or in the plural ("Which Deputy Foreign Ministers …?").

    >>> _titles("Which Deputy Foreign Ministers took part?"), _titles("What did the mayors say?")
    (['foreign minister', 'deputy foreign minister'], ['mayor'])
    >>> _titles("Which Deputy Ministers of Foreign Affairs took part?"), _titles("Who spoke at 3 pm?")
    (['foreign minister', 'deputy foreign minister'], [])
    """
    asked = " ".join(words(question))
    return [title for title, pattern in _TITLES_ASKED.items() if pattern.search(asked)]


def _plural_too(form: str) -> str:
    """A pattern for an office's words, each in the singular or the plural: "deputy
    ministers of foreign affairs" for "deputy minister of foreign affairs"."""
    return r"\b" + " ".join(rf"{re.escape(w)}s?" for w in form.split()) + r"\b"


# Each office of `TITLES` as a question may name it: its name and its forms of two words or
# more, each word in the singular or the plural; not the one-word forms, since "at 3 pm"
# names no prime minister.
_TITLES_ASKED = {
    title: re.compile("|".join(_plural_too(f) for f in (title, *forms) if f == title or " " in f))
    for title, forms in TITLES.items()
}


def _missing_titles(titles: Sequence[str], documents: Sequence[str]) -> list[str]:
    """The `titles` (see `_titles`) that no document holds, in any of their forms ("PM",
    "premier").

    >>> _missing_titles(_titles("What did he discuss with Peru's prime minister?"), ["President Boluarte"])
    ['prime minister']
    >>> _missing_titles(_titles("What did the prime minister chair?"), ["PM Chinh chaired it"])
    []
    >>> _missing_titles(_titles("Who met Deputy Foreign Minister Văn?"), ["Deputy Minister of Foreaign Affairs"])
    []
    """
    said = words(" ".join(documents))
    text = " ".join(said)
    return [
        title for title in titles
        if not any(re.search(rf"\b{f}s?\b", text) or _misspelt(f.split(), said) for f in TITLES[title])
    ]


def _misspelt(form: list[str], said: list[str]) -> bool:
    """True where `said` holds the office `form` with a typo in a long word: the Slovakia item
    writes "Deputy Minister of Foreaign Affairs".

    >>> _misspelt("minister of foreign affairs".split(), "the minister of foreaign affairs".split())
    True
    >>> _misspelt(["prime", "minister"], "the president met".split())
    False
    """
    return bool(_found_at(form, said))


def _found_at(form: list[str], said: list[str]) -> list[int]:
    """Where `said` holds the words of `form`, a long word with a typo too."""
    n = len(form)
    return [i for i in range(len(said) - n + 1) if all(map(_close, form, said[i : i + n]))]


def _close(a: str, b: str) -> bool:
    """The same word, or a long one with a typo."""
    return a == b or (min(len(a), len(b)) >= 6 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.85)


# A question that asks for the holders of an office: "Which deputy foreign ministers …?",
# "Name the prime minister …", "Who is the ambassador …?"; not "the prime minister's guest".
_ASKS_OFFICE = re.compile(
    r"^(?:which|what|name|who (?:is|was|are|were))(?: the)?(?P<between>(?: \w+){0,2}?) (?P<office>"
    + "|".join(sorted({re.escape(f) for forms in TITLES.values() for f in forms}, key=len, reverse=True))
    + r")s?\b(?! s\b)"
)
# Event words after an office: the office qualifies what is asked ("Which Foreign Ministers'
# Meeting …?").
_OFFICE_EVENTS = re.compile(
    r" (?:meeting|conference|summit|session|forum|talks|consultation|delegation|retreat|dialogue|council|committee"
    r"|visit|statement|declaration)s?\b"
)
# Words before a name that are no part of it: "Mrs. Hang", "Bà Hằng".
_HONORIFICS = frozenset("mr mrs ms dr sir madam ong ba".split())


# The countries of the regions a question may ask about ("Which European countries …?"), of
# those `DEMONYMS` knows.
_LATIN_AMERICA = frozenset("argentina brazil chile colombia cuba mexico peru venezuela".split())
REGIONS = {
    "europe": frozenset(
        """austria belgium britain czechia denmark netherlands finland france germany greece
        hungary ireland italy norway poland portugal russia slovakia spain sweden switzerland
        turkey ukraine""".split()
    ),
    "asia": frozenset(
        """afghanistan myanmar cambodia china india indonesia iran iraq israel japan korea laos
        malaysia mongolia pakistan palestine philippines singapore syria thailand vietnam""".split()
    ),
    "africa": frozenset(["egypt"]),
    "latin america": _LATIN_AMERICA,
    "america": _LATIN_AMERICA | {"canada"},
}
_REGION_COUNTRIES = frozenset().union(*REGIONS.values())
_ASKS_REGION = re.compile(r"\b(latin american|european|asian|african|american) (?:countries|nations|country|nation)\b")


def region_asked(question: str) -> frozenset[str]:
    """The countries of the region whose countries the question asks for ("Which European
    countries …?"), of those `REGIONS` knows; none for other questions.

    >>> sorted(region_asked("Which Latin American countries met Vietnam?"))[:3], region_asked("Who met?")
    (['argentina', 'brazil', 'chile'], frozenset())
    """
    asked = _ASKS_REGION.search(" ".join(words(question)))
    return REGIONS[" ".join(DEMONYMS.get(w, w) for w in asked.group(1).split())] if asked else frozenset()


def countries_named(text: str) -> set[str]:
    """The countries `text` names, by name or demonym, of those `REGIONS` knows.

    >>> sorted(countries_named("The Venezuelan Vice President met Brazil's envoy."))
    ['brazil', 'venezuela']
    """
    return {c for c in (DEMONYMS.get(w, w) for w in words(text)) if c in _REGION_COUNTRIES}


def off_region(question: str, answer: str) -> list[str]:
    """The countries the answer names, but the question does not, that lie outside the region
    whose countries it asks for ("Which European countries …?"); none for other questions.

    >>> off_region("Which European countries met Vietnam?", "Vietnam met Poland, Slovakia and Laos [1].")
    ['laos']
    >>> off_region("Which latin american countries appear?", "Peru and Brazil [1]."), off_region("Who met?", "Laos [1].")
    ([], [])
    """
    region = region_asked(question)
    if not region:
        return []
    in_question = {DEMONYMS.get(w, w) for w in words(question)}
    named = dict.fromkeys(DEMONYMS.get(w, w) for w in words(answer))
    return [c for c in named if c in _REGION_COUNTRIES and c not in region and c not in in_question]


# A question that asks where something took place: "Which country hosted …?", "Where was
# … held?", "In which city did … take place?" (a "where" question with a verb of taking place).
_ASKS_VENUE = re.compile(
    r"^(?:(?:which|what) (?:country|city|town|capital|nation) (?:hosted|hosts|will host|is hosting|was the host)\b"
    r"|(?:where|in (?:which|what) (?:country|city|town|capital|nation)) (?:was|were|is|are|will|did|does|do)\b"
    r".*\b(?:held|hosted|host|take place|took place|convened|organised|organized)\b)"
)
# Where an article places something at a name (`{}`, folded, a space or none between its
# letters: "Vietnam" is "Việt Nam", "Hanoi" "Hà Nội"): "in Lima", "in the capital city
# Vientiane", "in Vientiane, Laos", "hosted by Peru", "host country Peru"; a dateline, "Lima
# (VNA)", "Hanoi, July 10 (VNA)"; "Peru on hosting", "Vietnam will host", "Peru, the host …".
_PLACED = (
    r"\b(?:in|at|to|hosted by|host (?:country|city|nation))\s+(?:the\s+)?(?:[\w,-]+\s+){{0,2}}{0}\b"
    r"|\b{0}(?:,[\w\s]{{1,20}})?\s+\(|\b{0}(?:,? (?:the|as) host\b|\s+on\s+hosting\b|(?:\s+will)?\s+host(?:s|ed|ing)?\b)"
)


def unplaced(question: str, answer: str, documents: Sequence[str]) -> list[str]:
    """The names the answer gives, but the question does not, for a question in English that
    asks where something took place, when no cited document places anything at any of them
    (`_PLACED`): "Which country hosted the 58th ASEAN Foreign Ministers' Meeting?" is not
    answered "Vietnam" by an item that says only "Vietnam proposes …". None for other
    questions, or answers without names; months and weekdays are no places.

    >>> q = "Which country hosted the meeting?"
    >>> [unplaced(q, a, ["Vietnam proposes orientations at the meeting in July."])
    ...  for a in ("Vietnam hosted it [1].", "It was held there [1].", "Vietnam, in July [1].")]
    [['Vietnam'], [], ['Vietnam']]
    >>> [unplaced(q, "Peru [1].", [d]) for d in ("He congratulated Peru on hosting it.", "Talks in Peru.",
    ...  "Peru will host it.", "Lima (VNA) – Peru met.", "Peru is hostile.")]
    [[], [], [], ['Peru'], ['Peru']]
    >>> [unplaced("Where were the talks held?", a, ["Lima, Nov 13 (VNA) – They met in Việt Nam."])
    ...  for a in ("In Lima, Peru [1].", "In Vietnam [1].", "In Hanoi [1].")]
    [[], [], ['Hanoi']]
    >>> unplaced("Where was the session held?", "In Hà Nội [1].", ["Hanoi (VNA) – It opened."])
    []
    """
    if not _ASKS_VENUE.search(" ".join(words(question))):
        return []
    # Words that name no place the answer gives: the question's names, months, weekdays.
    known = _UNNAMED | {w for n in names(question) for w in words(n)}
    given = [n for n in names(MARKER.sub(" ", answer)) if not set(words(n)) <= known and not n[0].isdigit()]
    # "Lima Peru" of "in Lima, Peru" is placed where either word is, "Hà Nội" where both are.
    parts = set(given) | {w for n in given for w in n.split() if not set(words(w)) <= known}
    text = fold(" ".join(documents))
    placed = (_PLACED.format(r"\s?".join(map(re.escape, squash(w)))) for w in parts if squash(w))
    return given if given and not any(re.search(p, text) for p in placed) else []


# A question that asks for a person, from its start: "Who …?", "According to VNA, which
# French official …?" (not "Which official's …?"; "Which country's minister …?" asks for a
# country).
_ASKS_PERSON = re.compile(
    rf"^(?:[^,?]*,\s*)?(?:(?:who|whom)\b|which (?:(?!(?:{_AUXILIARIES}|the|of)\b)[\w-]+ ){{0,3}}?"
    r"(?:leader|official|minister|president|ambassador|chairman|chairwoman|secretary|diplomat|envoy"
    r"|representative|officer|counterpart)s?\b(?!['’]))"
)
# An office as news writes it after its holder's name and a comma: "…, Minister Delegate for
# Francophonie and …", "…, Secretary of State at the Ministry …".
_OFFICE_AFTER = re.compile(
    r",\s+(?P<office>(?:(?:Acting|Deputy|Vice|Prime|Chief|First|Permanent|State|General)\s+)*"
    r"(?:Minister|President|Secretary|Ambassador|Chairman|Chairwoman|Head|Director|Governor|Mayor|Delegate)\b"
    r"[^,.;()]{0,120})"
)
# Where an answer gives an office for a person: at the start of a sentence, or after "was" ("…
# was the Minister Delegate …").
_GIVEN_AS = r"(?:^|(?<=[.!?]\s)|(?<=\bis\s)|(?<=\bwas\s)|(?<=\bare\s)|(?<=\bwere\s))(?:the\s+)?"
# The word before a holder's name: "the working session with Thani Mohamed Soilihi, …",
# "Ngo Le Van and Marek Estok, …"; not "In Phnom Penh, Prime Minister …".
_BEFORE_HOLDER = frozenset("with and by between receives received meets met welcomes welcomed hosts hosted".split())


def _holders(text: str) -> Iterator[tuple[str, str]]:
    """The names and offices of `text`'s "Name, Office" appositives: two to four capitalised
    words, none an office's, a nationality or an honorific, after a word of meeting
    (`_BEFORE_HOLDER`).

    >>> list(_holders("The session with Thani Mohamed Soilihi, Minister Delegate for Francophonie."))
    [('Thani Mohamed Soilihi', 'Minister Delegate for Francophonie')]
    >>> list(_holders("Deputy Minister Ngo Le Van and Marek Estok, Secretary of State, met."))
    [('Marek Estok', 'Secretary of State')]
    >>> [list(_holders(t)) for t in ("They met in Phnom Penh, Prime Minister Hun Manet said.", "Viettel Group, Chairman Tao",
    ...  "He met Minister Ngo Van, Secretary of State Marek Estok and others.")]
    [[], [], []]
    >>> list(_holders("Chaired by Đỗ Văn Chiến, Chairman of the Front."))
    [('Đỗ Văn Chiến', 'Chairman of the Front')]
    """
    for m in _OFFICE_AFTER.finditer(text):
        before = text[: m.start()].split()
        name = list(itertools.takewhile(lambda w: w[:1].isupper(), reversed(before[-5:])))[::-1]
        if not 2 <= len(name) <= 4 or len(before) == len(name) or before[-len(name) - 1] not in _BEFORE_HOLDER:
            continue
        if not set(words(" ".join(name))) & (_NOT_NAMES | _DAYS):
            yield " ".join(name), m.group("office").strip()


def with_holder(question: str, answer: str, cited: Sequence[Citation]) -> str:
    """The answer to an English question that asks for a person ("Which French official …?"),
    where it gives an office in place of a name ("… was the Minister Delegate for Francophonie
    [1]."), with the name of that office's holder, as the passage that sentence cites gives it
    (`_holders`: "with Thani Mohamed Soilihi, Minister Delegate for Francophonie …"), put
    before the office: the 1.5B model read the caption's office and not its name. The answer
    as it is where it names a word of the holder's name, or where the question does.

    >>> from qa.types import Citation
    >>> cite = lambda n, text: Citation(id=f"d#{n}", doc_id="d", title="", text=text, start=0, end=1, marker=n)
    >>> cited = [cite(1, "At the session with Thani Mohamed Soilihi, Minister Delegate for Francophonie. (Photo)")]
    >>> q = "Which French official held the session?"
    >>> with_holder(q, "The official was Minister Delegate for Francophonie [1].", cited)
    'The official was Thani Mohamed Soilihi, Minister Delegate for Francophonie [1].'
    >>> with_holder(q, "It was the Minister Delegate for Francophonie [1].", cited)
    'It was Thani Mohamed Soilihi, the Minister Delegate for Francophonie [1].'
    >>> [with_holder(q, a, cited) == a for a in ("Thani Mohamed Soilihi, Minister Delegate for Francophonie [1].",
    ...  "Marek Estok, Minister Delegate for Francophonie [1].", "Soilihi [1].", "It was the deputy minister delegate for "
    ...  "francophonie [1].", "Vu Hai Ha met him [1]. It was Minister Delegate for Francophonie who came [2].")]
    [True, True, True, True, True]
    >>> [with_holder(q2, "Minister Delegate for Francophonie [1].", cited).startswith("Minister") for q2 in (
    ...  "What is the office of the French official?", "Which official's office was it?", "Who met Soilihi?",
    ...  "Give the title of the official who held it.", "Whose office was it?")]
    [True, True, True, True, True]
    """
    if not _ASKS_PERSON.match(fold(question)):
        return answer
    asked, said = set(words(question)), set(words(answer))
    for c in cited:
        for name, office in _holders(c.text):
            if set(words(name)) & (asked | said):
                continue
            # The office's first words as the passage writes them, after "was (the)" or at the
            # start of a sentence, in a sentence that cites that passage.
            first = r"\s+".join(map(re.escape, office.split()[:4]))
            for given in re.finditer(rf"{_GIVEN_AS}{first}\b", answer):
                cites = markers(answer[given.end() :].split(".", 1)[0])
                if c.marker in cites:
                    return f"{answer[: given.start()]}{name}, {answer[given.start() :]}"
    return answer


DATED_WINDOW = 15  # words either side of a year or weekday that tell what it dates
DATED_SUPPORT = 3  # question words that must be that near a year or weekday put in an answer
_ASKS_DATE_TOO = re.compile(r"\b(?:when|what date|which date|which day)\b")
_VI_YEAR_OF = re.compile(r"(?:ngày\s+\d{1,2}\s+)?(?:tháng\s+\d{1,2}\s+)?năm\s+$", re.IGNORECASE)


def _asked_units(question: str, kind: str) -> list[set[str]]:
    """The question's words, a name of several words as one ("Prime Minister Pham Minh Chinh",
    which may be written joined: "Viet Nam"), without the words that ask for the `kind` of
    date ("year")."""
    named = [set(stems(n)) | {"".join(words(n))} for n in names(question)]
    plain = set(stems(question)) - DATED_WORDS.get(kind, _DAY_WORDS)
    return named + [{w} for w in plain if not any(w in n for n in named)]


# Verbs that say little of what a year or a date is of ("come to Vietnam" is "visit").
_LIGHT_VERBS = frozenset(stems("come go get make take"))
# The words that ask for a day ("On exactly what date …?", "When …?"), for `stated_date`.
_DAY_WORDS = frozenset(stems("date day when exact exactly precise precisely specific"))


def _stated_values(kind: str, text: str) -> list[tuple[str, str]]:
    """The years, weekdays or (`kind` "day") dates `text` states, each with the word that
    `_dated_support` finds it by: itself, or a date's month ("november 14, 1994", "november")."""
    if kind == "day":
        return [(m.group().lower(), (m["month"] or m["month2"]).lower()) for m in DATE.finditer(text)]
    return [(m.group().lower(), m.group().lower()) for m in stated(kind, text)]


def _dated_support(units: Sequence[set[str]], sentence: str, value: str) -> int:
    """How many of the question's words (`units`) are within `DATED_WINDOW` words of the word
    `value` in `sentence` (at its best occurrence), two words joined counting as one; one
    more where one is next to it, or one word away ("the 2024 Land Law", "Vietnam in 2025").

    >>> units = _asked_units("When did Prime Minister Pham Minh Chinh visit Viet Nam?", "year")
    >>> [_dated_support(units, s, "2025") for s in (
    ...  "PM Pham Minh Chinh was in Vietnam in 2025.", "PM Pham Minh Chinh was in Vietnam, he said, in 2025.")]
    [3, 2]
    """
    said, best = words(sentence), 0
    for i in (i for i, w in enumerate(said) if w == value.lower()):
        held = [
            set(stems(" ".join(near))) | {a + b for a, b in itertools.pairwise(near)}
            for near in (said[max(0, i - width) : i + width + 1] for width in (DATED_WINDOW, 2))
        ]
        best = max(best, sum(bool(unit & held[0]) for unit in units) + any(unit & held[1] for unit in units))
    return best


def _dated_by_article(kind: str, units: Sequence[set[str]], passages: Sequence[Passage]) -> dict[str, int]:
    """The years (weekdays) of the days that `passages` write without a year ("on November
    13", in an article of 2024-11-13: 2024, a Wednesday), each with the most of the
    question's words (`units`) near one of those days."""
    support: dict[str, int] = {}
    for p in passages:
        if not (published := iso_date(p.date)):
            continue
        for sentence in sentences(p.text):
            for m in DATE.finditer(sentence):
                if m["year"] or m["year2"]:
                    continue  # a year it writes is stated
                day = day_of(m)
                try:
                    on = datetime.date(published.year, day.month, day.day)
                except ValueError:
                    continue
                value = str(on.year) if kind == "year" else on.strftime("%A").lower()
                month = (m["month"] or m["month2"]).lower()
                support[value] = max(support.get(value, 0), _dated_support(units, sentence, month))
    return support


def year_unstated(question: str, answer: str, passages: Sequence[Passage]) -> bool:
    """True when a question that asks for a year gets one, or several, none of which the
    `passages` (the cited ones) state near two of its words, nor near two of the words of
    the part that asks for it (or its one word: "…, and from which year is that law?"); a day they
    write without its year ("on November 13") in an article of that year counts as stating
    it. "The Bitel brand was launched in Peru in 2024 [3]" from a passage on APEC 2024 in
    Peru: a small model shown passages that state years gives one of them.

    >>> ps = [Passage(id="d#0", doc_id="d", text="Peru chairs APEC 2024. Viettel runs Bitel in Peru.", start=0, end=1)]
    >>> [year_unstated(q, "In 2024 [1].", ps) for q in ("In what year did Viettel launch Bitel?",
    ...  "In which year did Peru chair APEC?", "What does Viettel run, and from which year is APEC's chair?",
    ...  "When did Viettel launch Bitel?")]
    [True, False, False, False]
    >>> lead = Passage(id="v#0", doc_id="v", date="2024-11-13", text="Cuong held talks in Lima on November 13.", start=0, end=1)
    >>> year_unstated("In which year did Cuong hold talks in Lima?", "In 2024 [1].", [lead])
    False
    >>> [year_unstated(q, "Viettel runs Bitel in Peru, of APEC 2024 and 2025 [1].", ps) for q in (
    ...  "In what year did Viettel launch Bitel?", "In which year did Peru chair APEC?")]
    [True, False]
    """
    year = ASKS_DATED["year"]
    if not year.search(fold(question)):
        return False
    given = {m.group() for m in stated("year", MARKER.sub(" ", answer))} - set(DATED["year"].findall(question))
    said = [s for p in passages for s in sentences(p.text)]
    parts = [part for part in split_parts(question) if year.search(fold(part))]
    for asked in {question, *parts[:1]}:
        units = _asked_units(asked, "year")
        needed = min(2, len(units))
        by_article = _dated_by_article("year", units, passages)
        for value in given:
            if by_article.get(value, 0) >= needed or any(_dated_support(units, s, value) >= needed for s in said):
                return False
    return bool(given)


def with_stated_date(question: str, answer: str, passages: Sequence[Passage]) -> str:
    """The `answer` to a question that asks for a year or a weekday, with the one it gives
    put right where the numbered `passages` state another near more of the question's words:
    "The visit was proposed for November 14, 1994 [3]" becomes "… for 2025 [1]" where [1]
    reads "invite the Peruvian President to visit Việt Nam in 2025". A small model reading a
    two-part question takes the year of another sentence (the 1994 of relations), or a
    weekday no passage states ("Thursday", for talks "on Wednesday afternoon").

    The answer as it is unless it gives one year (weekday) only, the question none, and one
    other stated in a passage that holds a word of a name the question gives (a country's
    aside) is near more of the question's words than any other: `DATED_SUPPORT` at least,
    and two more than the answer's, which a day written without its year in an article of
    that year ("on November 13", of 2024-11-13) also states. A year is left for a question
    that asks for a date too. A weekday a passage states is near the question's words also
    where a day written without its year is, in an article of that year whose date makes it
    that weekday. Every writing of the answer's value is replaced, with a date
    it ends ("November 14, 1994"; "ngày 14 tháng 11 năm 1994" keeps "năm"; "on" before it
    becomes "in"), the first followed by the stating passage's marker unless its sentence
    cites it.

    >>> ps = [Passage(id=f"d#{n}", doc_id="d", title="Cuong in Lima", text=t, start=0, end=1) for n, t in enumerate((
    ...     "Cuong used the occasion to invite the Peruvian President to visit Viet Nam in 2025.",
    ...     "It marks the 30th anniversary of relations (November 14, 1994 - 2024).",
    ...     "Speaking after the Lima talks with Boluarte on Wednesday afternoon, he congratulated Peru."))]
    >>> q = "For which year did Cuong invite Boluarte to visit Vietnam?"
    >>> with_stated_date(q, "On November 14, 1994, Cuong invited Boluarte to visit Vietnam [2]. That was 1994.", ps)
    'In 2025 [1], Cuong invited Boluarte to visit Vietnam [2]. That was 2025.'
    >>> with_stated_date(q, "It was proposed in November 1994 [2].", ps)
    'It was proposed in 2025 [1] [2].'
    >>> with_stated_date(q, "Năm 2025 [1]; ngày 14 tháng 11 năm 1994 [2].", ps)
    'Năm 2025 [1]; ngày 14 tháng 11 năm 1994 [2].'
    >>> with_stated_date(q, "Ngày 14 tháng 11 năm 1994 [2].", ps)
    'Năm 2025 [1] [2].'
    >>> with_stated_date("On which weekday were the Lima talks with Boluarte?", "On Thursday [3].", ps)
    'On Wednesday [3].'
    >>> lead = Passage(id="v#0", doc_id="v", date="2024-11-13", text="Cuong and Boluarte held talks in Lima on November 13.", start=0, end=1)
    >>> press = Passage(id="s#0", doc_id="s", title="Talks in Lima", text="He spoke to the press on Wednesday.", start=0, end=1)
    >>> with_stated_date("What day of the week were the Lima talks between Cuong and Boluarte?", "A Friday [1].", [lead, press])
    'A Wednesday [2] [1].'
    >>> [with_stated_date(q, a, ps) == a for a in ("She was invited for 2025 [1].", "In 1994 or 2024 [2].", "She accepted [2].")]
    [True, True, True]
    >>> [with_stated_date(q2, "In 1994 [2].", ps) == "In 1994 [2]." for q2 in ("In what year were relations set up?",
    ...  "When and for which year did Cuong invite Boluarte to visit Vietnam?", "Which year did Warsaw host Vietnam?")]
    [True, True, True]
    """
    for kind in _dated_kinds(question):
        asked = {m.group().lower() for m in stated(kind, question)}
        given = {m.group().lower() for m in stated(kind, MARKER.sub(" ", answer))} - asked
        if len(given) != 1:
            continue
        (value,) = given
        anywhere, named = _stated_support(question, kind, passages)
        if best := _best_stated(named, value, anywhere.get(value, 0)):
            answer = _put_date(answer, kind, value, best[0], best[2])
    return answer


def stated_date(question: str, passages: Sequence[Passage], articles: Sequence[str] = ()) -> str:
    """For a question that asks for a year or a weekday (as `with_stated_date` reads one),
    or else for a date ("On exactly what date …?", "When did …?", not of what is still to
    come), the sentence of the numbered `passages` that states one near more of the question's
    words than any other (`_best_stated`), itself near `DATED_SUPPORT` of them and holding
    all of them but one name, cited, without a photo credit; "" when there is none. The name
    word that `_stated_support` looks for may be anywhere in its article, of `articles` (the
    whole article of each passage, in order) where given. A small model
    shown "Cường used the occasion to invite the Peruvian President to visit Việt Nam in
    2025" declines "For which year did Cuong invite Boluarte to visit Vietnam?".

    >>> ps = [Passage(id=f"d#{n}", doc_id="d", title="Cuong in Lima", text=t, start=0, end=1) for n, t in enumerate((
    ...     "It marks the 30th anniversary of relations (November 14, 1994 - 2024).",
    ...     "Cuong used the occasion to invite the Peruvian President to visit Viet Nam in 2025."))]
    >>> stated_date("For which year did Cuong invite Boluarte to visit Vietnam?", ps)
    'Cuong used the occasion to invite the Peruvian President to visit Viet Nam in 2025 [2].'
    >>> stated_date("For what year did President Cuong invite the Peruvian President to come to Vietnam?", ps)[-9:]
    '2025 [2].'
    >>> q = "For which year did the Vietnamese president invite Boluarte to come to Viet Nam?"
    >>> stated_date(q, ps), stated_date(q, ps, ["Cuong meets Dina Boluarte.", "Cuong invites Boluarte."])[-9:]
    ('', '2025 [2].')
    >>> [stated_date(q, ps) for q in ("In which year did Cuong open an embassy?", "When did Cuong invite Boluarte?",
    ...  "In which year did Cuong first visit Peru?")]
    ['', '', '']
    >>> lead = Passage(id="v#0", doc_id="v", date="2024-11-13", text="Cuong held talks in Lima on November 13.", start=0, end=1)
    >>> weekly = Passage(id="e#0", doc_id="e", text="The embassy in Lima holds a briefing every Wednesday.", start=0, end=1)
    >>> stated_date("On which weekday did Cuong hold talks in Lima?", [lead, weekly])
    ''
    >>> ties = [Passage(id="t#0", doc_id="t", start=0, end=1, text="Vietnam and Peru set up relations on November 14, "
    ...  "1994. Boluarte hailed it as the first official visit by the head of state to Peru on the occasion of the 30th "
    ...  "anniversary of the establishment of bilateral diplomatic relations (November 14, 1994 - 2024).")]
    >>> [stated_date(q, ties) for q in ("On exactly what date did Vietnam and Peru set up relations?",
    ...  "When will Vietnam and Peru set up relations?", "When did Boluarte first visit Peru?")]
    ['Vietnam and Peru set up relations on November 14, 1994 [1].', '', '']
    """
    asks = _asks(question)[1]
    day = asks is not None and (asks.group(1) == "when" or asks.group(1).endswith("date")) and not _ASKS_FUTURE.search(question)
    for kind in _dated_kinds(question) or (["day"] if day else []):
        if not (best := _best_stated(_stated_support(question, kind, passages, articles)[1])):
            continue
        value, _, marker, sentence = best
        value = dict(_stated_values(kind, value)).get(value, value)  # a date's month
        units = _asked_units(question, kind)  # its names first, then its other words
        said = set(stems(sentence)) | {a + b for a, b in itertools.pairwise(words(sentence))}
        asked = names(question)
        # Every name of the question, but one of three or more that is no number ("Boluarte",
        # written "the Peruvian President"; not "APEC" of "Vietnam and APEC"); its other words
        # near the value ("… the first official visit … relations (November 14, 1994" dates no
        # first visit), or their related words ("trip" for "visit"), but a light verb ("come").
        unnamed = [n for n, u in zip(asked, units, strict=False) if not u & said]
        near = [_dated_support([u | {r for w in u for r in RELATED_STEMS.get(w, ())}], sentence, value) > 0
                for u in units[len(asked):] if not u <= _LIGHT_VERBS]
        if (_dated_support(units, sentence, value) < DATED_SUPPORT or not all(near)
                or len(unnamed) > (len(asked) > 2) or any(c.isdigit() for n in unnamed for c in n)):
            continue
        cut = CAPTION.sub("", sentence).strip()
        end = re.search(r"[.!?][\"”’]?$", cut)
        return f"{cut[: end.start()]} [{marker}]{end.group()}" if end else f"{cut} [{marker}]."
    return ""


def _dated_kinds(question: str) -> list[str]:
    """What of "year" and "weekday" the question asks for, but a year where it asks for a date
    too ("When and for which year …?")."""
    folded = fold(question)
    return [kind for kind, asks in ASKS_DATED.items()
            if asks.search(folded) and not (kind == "year" and _ASKS_DATE_TOO.search(folded))]


def _stated_support(
    question: str, kind: str, passages: Sequence[Passage], articles: Sequence[str] = ()
) -> tuple[dict[str, int], dict[str, tuple[int, int, str]]]:
    """Each year, weekday or date (`kind`) the numbered `passages` state, but the question's
    own, with how many of the question's words are near it (`_dated_support`): at its best anywhere, or
    by an article's date (`_dated_by_article`); and at its best in a passage that holds a
    word of a name the question gives (or whose article of `articles` does), with that
    passage's number and the sentence."""
    asked = {value for value, _ in _stated_values(kind, question)}
    units = _asked_units(question, kind)
    # A stating passage must hold a word of a name the question gives: "Lima" or "Cuong",
    # not "Vietnam", of which every article speaks.
    needed = {w for n in names(question) for w in words(n) if len(w) > 3 and not w.isdigit()}
    needed -= _COUNTRIES | {"viet", "nam"} | _NOT_NAMES
    by_article = _dated_by_article(kind, units, passages) if kind in DATED else {}
    anywhere = dict(by_article)
    named: dict[str, tuple[int, int, str]] = {}
    for n, p in enumerate(passages, 1):
        holds = not needed or bool(needed & set(words(articles[n - 1] if articles else f"{p.title} {p.text}")))
        for sentence in sentences(p.text):
            for found, by in {(v, by) for v, by in _stated_values(kind, sentence) if v not in asked}:
                held = _dated_support(units, sentence, by)
                if kind == "weekday":
                    # The day an article's date and "on November 13" give is that weekday.
                    held = max(held, by_article.get(found, 0))
                anywhere[found] = max(anywhere.get(found, 0), held)
                if holds and held > named.get(found, (-1, 0, ""))[0]:
                    named[found] = (held, n, sentence)
    return anywhere, named


def _best_stated(
    named: dict[str, tuple[int, int, str]], value: str = "", own: int = 0
) -> tuple[str, int, int, str] | None:
    """The stated value of `named` (see `_stated_support`), not `value`, near more of the
    question's words than any other: `DATED_SUPPORT` at least and two more than `own`, the
    support of `value`; with its support, passage number and sentence. None if there is none."""
    ranked = sorted(((v, s) for v, s in named.items() if v != value), key=lambda item: -item[1][0])
    if not ranked:
        return None
    best, (held, marker, sentence) = ranked[0]
    if held < max(DATED_SUPPORT, own + 2) or (len(ranked) > 1 and ranked[1][1][0] >= held):
        return None
    return best, held, marker, sentence


def _put_date(answer: str, kind: str, value: str, stated_value: str, marker: int) -> str:
    """`answer` with every writing of `value` replaced by `stated_value` (see
    `with_stated_date`), the first followed by `[marker]` unless its sentence cites it."""
    put = stated_value if kind == "year" else stated_value.title()
    spans = [(m.start(), m.end()) for m in stated(kind, answer) if m.group().lower() == value]
    out, at = [], len(answer)
    for n, (start, end) in reversed(list(enumerate(spans))):
        before = answer[:start]
        text = put
        if kind == "year":
            dates = [m.start() for m in DATE.finditer(answer) if m.end() == end]
            if month := re.search(rf"(?i)\b{MONTH_WORD}\.?\s+$", before):  # "November 1994"
                dates.append(month.start())
            if dates:
                start, before = dates[0], answer[: dates[0]]
            elif vi := _VI_YEAR_OF.search(before):
                start, before = vi.start(), answer[: vi.start()]
                text = f"{'N' if vi.group()[0].isupper() else 'n'}ăm {put}"
            if on := re.search(r"\b([Oo])n(\s+)$", before):  # "on November 14, 1994" → "in 2025"
                start, text = on.start(), f"{'I' if on.group(1) == 'O' else 'i'}n{on.group(2)}{text}"
        sentence_end = re.search(r"[.!?](?:\s|$)", answer[end:])
        sentence = answer[end : end + sentence_end.end()] if sentence_end else answer[end:]
        if n == 0 and marker not in markers(sentence):
            text += f" [{marker}]"
        out.append(answer[end:at])
        out.append(text)
        at = start
    return answer[:at] + "".join(reversed(out))


def office_unheld(question: str, answer: str, documents: Sequence[str]) -> bool:
    """True when the question asks for the holder of an office and none of the people the
    answer names holds it in the cited `documents`: the office within a few words before
    the person's last name ("Deputy Minister of Foreign Affairs Nguyen Manh Cuong", "Deputy
    Foreign Minister of Laos Phoxay"), or after it ("Hang, who is deputy foreign minister").
    A small model names the Deputy Prime Minister of the other article.

    >>> docs = ["Deputy PM Nguyen Chi Dung met Thongloun.", "Deputy Minister of Foreaign Affairs Ngo Le Van spoke."]
    >>> [office_unheld("Which deputy foreign ministers took part?", a, docs)
    ...  for a in ("Nguyen Chi Dung took part [1].", "Ngo Le Van and Nguyen Chi Dung did [2][1].", "Mr. Van [2].",
    ...            "Van did [2].", "The deputy minister did [2].")]
    [True, False, False, False, False]
    >>> office_unheld("Which deputy prime ministers came?", "Bui Thanh Son [1].",
    ...               ["Deputy Prime Minister and Minister of Foreign Affairs Bui Thanh Son spoke."])
    False
    >>> office_unheld("Which deputy foreign ministers came?", "Ngo Le Van and Marek Estok [1].",
    ...               ["Deputy Minister of Foreign Affairs Ngo Le Van and Marek Estok met."])
    False
    >>> office_unheld("Which deputy foreign ministers came?", "Marek Estok [1].",
    ...               ["Deputy Minister of Foreign Affairs Ngo Le Van and Marek Estok met."])
    True
    >>> [office_unheld(q, "Nguyen Chi Dung [1].", docs) for q in ("What did the deputy foreign minister say?",
    ...  "Who was the deputy foreign minister's guest?", "Which country's deputy foreign minister came?",
    ...  "Which Deputy Foreign Ministers' Meeting did he attend?", "Which deputy foreign ministers' retreat was it?")]
    [False, False, False, False, False]
    """
    said = " ".join(words(question))
    asks = _ASKS_OFFICE.match(said)
    # "Which Vietnamese deputy foreign ministers …", not "What did the deputy foreign minister
    # say?"; "Which country's ambassador …?" asks for a country; "Which ASEAN Foreign
    # Ministers' Meeting …?" for a meeting.
    if (
        not asks
        or set(asks.group("between").split()) & (STOPWORDS | {"country", "nation", "s"})
        or _OFFICE_EVENTS.match(said, asks.end())
        or re.search(r"\b" + r"\W+".join(asks.group("office").split()) + r"s?'", fold(question))
    ):
        return False
    forms = [f.split() for forms in TITLES.values() if asks.group("office") in forms for f in forms]
    asked = {squash(n) for n in names(question)}
    last_names = {
        kept[-1]
        for n in names(MARKER.sub(" ", answer))
        if squash(n) not in asked
        and (kept := [w for w in words(n) if w not in _NOT_NAMES])
    }
    return bool(last_names) and not any(
        last in _before_and(_after_office(said, i, form)[:4]) or last == _named_before(said, i)
        for said in map(words, documents)
        for form in forms
        for i in _found_at(form, said)
        for last in last_names
    )


# Words before a person's noun that say whose side is asked for: "the Vietnamese side", "Which
# Slovak official", "Lao counterparts".
_PERSON_NOUNS = frozenset(
    "side official minister deputy counterpart co-chair chair leader president delegation diplomat "
    "ambassador secretary chairman chairwoman representative envoy premier".split()
)
_CONTINENTS = frozenset("africa america asia europe".split())
_OFFICE_LINKS = frozenset("of at the for to".split())
_TOKENS = re.compile(r"[^\W_][\w'’.-]*|[,;:()]")


def _sides_asked(question: str) -> set[str]:
    """The countries whose people a question that asks who ("Who …?", not "Who did …?"; "Which
    … official …?") asks for: a nationality or a country up to three words before a person's
    noun ("the Vietnamese side", "Which Slovak official"), not one that names or owns its
    person ("Vietnamese President Luong Cuong", "the Vietnamese president's host").

    >>> [_sides_asked(q) for q in ("Who co-chaired it for the Vietnamese side?", "Which Slovak official came?",
    ...  "Who did Vietnamese Deputy Minister Ngo Le Van meet?", "With which President did Vietnamese President Luong Cuong talk?",
    ...  "Who was the Vietnamese president's host?", "What did the Vietnamese side propose?",
    ...  "Which official met Vietnamese Deputy Minister Ngo Le Van?")]
    [{'vietnam'}, {'slovakia'}, set(), set(), set(), set(), set()]
    """
    if not _ASKS_WHO.match(fold(question)):
        return set()
    tokens = _TOKENS.findall(question)
    sides = set()
    for i, t in enumerate(tokens):
        w = t.lower()
        country = DEMONYMS.get(w, w)
        if country not in DEMONYMS.values() or country in _CONTINENTS:
            continue
        for j in range(i + 1, min(i + 4, len(tokens))):
            if tokens[j].lower().removesuffix("s") in _PERSON_NOUNS:
                after = tokens[j + 1] if j + 1 < len(tokens) else ""
                if not after[:1].isupper() and not after.startswith(("'", "’")):
                    sides.add(country)
                break
    return sides


_ASKS_WHO = re.compile(r"^\W*(?:who\b(?!\s+(?:did|does|do|will|would|can|could|has|have|had)\b)|which\b)")


def _sides_of(last: str, tokens: Sequence[str]) -> set[str]:
    """The countries that the office written with a person whose name ends with `last` names
    in a text's `tokens` (`_TOKENS`): in the capitalised words just before the name
    ("Vietnamese Deputy Minister of Foreign Affairs Ngo Le Van"), or after it and a comma
    ("Marek Estok, Secretary of State at the Ministry of Foreign and European Affairs of
    Slovakia"); continents aside.

    >>> tokens = _TOKENS.findall("Vietnamese Deputy Minister Ngo Le Van and Marek Estok, Secretary of State of Slovakia, met.")
    >>> _sides_of("Van", tokens), _sides_of("Estok", tokens), _sides_of("Secretary", tokens)
    ({'vietnam'}, {'slovakia'}, set())
    >>> _sides_of("Anh", _TOKENS.findall("It was held in Peru. Vietnamese Ambassador to Venezuela Nguyen Van Anh spoke."))
    {'vietnam'}
    """

    def in_office(t: str) -> bool:
        return t[:1].isupper() or t in _OFFICE_LINKS

    office: list[str] = []
    for i, t in enumerate(tokens):
        if t != last or (i + 1 < len(tokens) and tokens[i + 1][:1].isupper()):
            continue
        j = i - 1
        while j >= 0 and in_office(tokens[j]) and not tokens[j].endswith("."):
            j -= 1
        office += ["", *tokens[j + 1 : i]]  # in the text's order
        if i + 1 < len(tokens) and tokens[i + 1] == ",":
            office.append("")
            j = i + 2
            while j < len(tokens) and (
                in_office(tokens[j]) or tokens[j] == "and" and j + 1 < len(tokens) and tokens[j + 1][:1].isupper()
            ):
                office.append(tokens[j])
                j += 1
    # An ambassador "to Venezuela" is of the other side.
    hosts = {DEMONYMS.get(w, w) for a, t in itertools.pairwise(["", *office]) if a == "to" for w in words(t)}
    found = {DEMONYMS.get(w, w) for t in office for w in words(t)} - hosts
    return (found & set(DEMONYMS.values())) - _CONTINENTS


def other_side(question: str, answer: str, documents: Sequence[str]) -> bool:
    """True when the question asks for a person of one side ("Who co-chaired the
    consultation for the Vietnamese side?") and the answer names someone whose office, as
    the cited `documents` write it, is of other countries only ("Marek Estok, Secretary of
    State … of Slovakia"), and no one of that side. A small model reading a meeting of two co-chairs names the other.

    >>> docs = ["Vietnamese Deputy Minister Ngo Le Van and Marek Estok, Secretary of State of Slovakia, co-chaired it."]
    >>> q = "Who co-chaired the consultation for the Vietnamese side?"
    >>> [other_side(q, a, docs) for a in ("Marek Estok co-chaired it [1].", "Ngo Le Van [1].", "The two sides [1].")]
    [True, False, False]
    >>> [other_side(q, "Marek Estok [1].", docs) for q in ("Who was the Slovak co-chair?", "Who co-chaired it?")]
    [False, False]
    >>> other_side(q, "Ngo Le Van and Marek Estok [1].", docs)
    False
    """
    sides = _sides_asked(question)
    if not sides:
        return False
    asked = set(words(question))
    texts = [_TOKENS.findall(d) for d in documents]
    people = [
        set().union(*(_sides_of(t, tokens) for tokens in texts))
        for t in set(_TOKENS.findall(MARKER.sub(" ", answer)))
        if t[:1].isupper() and len(t) > 2 and (w := t.lower()) not in asked and w not in _NOT_NAMES | _COUNTRIES
    ]
    # Someone of the side asked for, beside another ("Ngo Le Van and Marek Estok"), passes.
    return any(found and not found & sides for found in people) and not any(found & sides for found in people)


def _after_office(said: list[str], i: int, form: list[str]) -> list[str]:
    """The words after the office `form` found at `i` of `said`, past a second office "of"
    something that its holder holds too: "Deputy Prime Minister | and Minister of Foreign
    Affairs | Bui Thanh Son"; not past one after a plural ("Ambassadors and Deputy Foreign
    Minister …"), nor past one of nothing ("the Prime Minister and President Luong Cuong").

    >>> said = "deputy prime minister and minister of foreign affairs bui thanh son".split()
    >>> _after_office(said, 0, ["deputy", "prime", "minister"])
    ['bui', 'thanh', 'son']
    >>> _after_office("prime minister and president luong cuong".split(), 0, ["prime", "minister"])
    ['and', 'president', 'luong', 'cuong']
    >>> _after_office("ambassadors and minister of trade an".split(), 0, ["ambassador"])
    ['and', 'minister', 'of', 'trade', 'an']
    """
    after = said[i + len(form) :]
    if after[:1] != ["and"] or said[i + len(form) - 1] != form[-1]:
        return after
    j = 1
    while j < len(after) and (after[j] in _OFFICE_WORDS or after[j] in ("of", "the")):
        j += 1
    second = after[1:j]
    return after[j:] if "of" in second and any(w in _OFFICE_WORDS for w in second) else after


def _before_and(said: list[str]) -> list[str]:
    """The words before the first "and": "… Affairs Ngo Le Van and Marek Estok" names one
    deputy minister."""
    return said[: said.index("and")] if "and" in said else said


# Words between a name and the office after it: "Hang, who is the deputy foreign minister".
_LINKS = frozenset("who is was the a an as".split())


def _named_before(said: list[str], i: int) -> str:
    """The word before the office at `i`, past linking words (see `_LINKS`)."""
    j = i - 1
    while j >= 0 and said[j] in _LINKS:
        j -= 1
    return said[j] if j >= 0 else ""


def unfounded_names(answer: str, question: str, documents: Sequence[str]) -> list[str]:
    """Words of the names an answer gives beyond its question that none of its cited
    `documents` holds: the model made them up ("the Vietnam Ports Group").

    >>> unfounded_names("Yes, it was built by Vietnam Ports Group [1].", "Who built the port?", ["Vietnam's ports"])
    ['group']
    >>> unfounded_names("Polish firms built it [1].", "Who built it?", ["Poland's firms"])
    []
    """
    asked = set(words(question)) | {squash(w) for w in question.split()}
    said = [squash(w) for w in _name_parts(MARKER.sub(" ", answer))]
    return _unheld(said, documents, skip=asked)


def _unheld(said: Sequence[str], documents: Sequence[str], skip: AbstractSet[str] = frozenset()) -> list[str]:
    """The words of `said` (folded names) that none of `documents` holds, but for function
    words, dates and number words, words about sources ("as stated in Passage [4]"), and
    misspellings of a word they hold ("Slovania")."""
    haystack = " ".join(squash(d) for d in documents)
    unknown = [
        w for w in dict.fromkeys(said)
        if w and not w[0].isdigit() and w not in skip | _UNNAMED and not _about_sources(w) and not named_in(w, haystack)
    ]
    known = set(words(" ".join(documents)))
    return [w for w in unknown if len(w) < 5 or not difflib.get_close_matches(w, known, n=1, cutoff=0.8)]


# Words of offices and of institutions that only qualify ("Prime Minister Chinh" of a "PM
# Chinh", "the Party resolution"): `missing_names` checks those the question asks about.
_OFFICE_WORDS = frozenset(w for title, forms in TITLES.items() for f in (title, *forms) for w in words(f)) | _QUALIFIERS
# Words in a name that are not the person's: "Deputy PM Nguyen Chi Dung", "Vietnamese", "Mrs.".
_NOT_NAMES = _OFFICE_WORDS | DEMONYMS.keys() | _HONORIFICS
# Nationalities and their countries, folded: "Peruvian", "peru", "vietnam".
_COUNTRIES = DEMONYMS.keys() | set(DEMONYMS.values())


def misattributed(answer: str, documents: Sequence[str]) -> list[str]:
    """Words of the names of an answer's sentence that the articles it cites lack and another
    shown article holds: the model gave one article's fact to the other ("The Vietnam-Slovakia
    consultation was held in Warsaw [2]", citing the Poland item). `documents` are the shown
    passages' articles, in marker order. Names no shown article holds are for
    `missing_names` and `unfounded_names`.

    >>> docs = ["Vietnam, Slovakia hold consultation in Hanoi", "Vietnam, Poland consultation in Warsaw"]
    >>> misattributed("The Vietnam-Slovakia one was in Hanoi [1]. The Vietnam-Poland one was in Warsaw [2].", docs)
    []
    >>> misattributed("The Vietnam-Slovakia one was in Warsaw [2]. The Vietnam-Poland one was in Hanoi [1].", docs)
    ['slovakia', 'poland']
    """
    # Word by word: "chan" of "Viêng Chăn" is not held by an "exchange".
    held = [set(words(d)) for d in documents]
    wrong = []
    for sentence in sentences(_markers_inside(answer)):
        cited = set(markers(sentence, len(documents)))
        if cited:
            lacking = _unheld(_name_words(sentence), [documents[n - 1] for n in cited], skip=_OFFICE_WORDS)
            others = [h for n, h in enumerate(held, 1) if n not in cited]
            wrong += [w for w in lacking if any({w, DEMONYMS.get(w, w)} & other for other in others)]
    return list(dict.fromkeys(wrong))


ASKED_GAP = 3  # words of the question another shown passage holds beyond the cited ones


def off_question(
    question: str, passages: Sequence[Passage], cited: Sequence[int], documents: Sequence[str]
) -> list[str]:
    """Words of the question, its names aside, that another shown passage holds and the best
    cited one lacks, when that passage holds `ASKED_GAP` or more of the question's words more
    than the best cited one (in their whole text, not the excerpt the model read), and its
    article names all that the cited ones name of the question: the model answered from a
    passage about something else. "What kind of agreements did the two presidents witness
    being signed after the talks?" was answered "the CPTPP [3]", from "the CPTPP, to which
    Vietnam and Peru are signatories", while [4] reads "Following the talks, the two leaders
    witnessed the signing of trade promotion agreements". `passages` are the shown ones, in
    marker order, `documents` their articles; `cited`, the markers. (Asked only "What kind
    of agreements were signed after the talks?", [4] holds two words more: too few to
    tell. "What area of cooperation did Vietnam discuss with France?", answered from the
    France item, is not doubted for the Peru talks' "discussions covering various bilateral
    cooperation areas": that article does not name France.)

    >>> ps = [Passage(id=f"{n}", doc_id="d", text=t, start=0, end=0) for n, t in enumerate((
    ...     "The Agreement (CPTPP), to which Vietnam and Peru are signatories, is a framework.",
    ...     "Following the talks, the two leaders witnessed the signing of trade agreements."))]
    >>> question = "What kind of agreements did the two presidents witness being signed after the talks?"
    >>> off_question(question, ps, [1], [p.text for p in ps])
    ['two', 'wit', 'sign', 'talk']
    >>> off_question(question, ps, [2], [p.text for p in ps])
    []
    >>> off_question(f"{question[:-1]} in Peru?", ps, [1], ["Peru …", "Laos …"])
    []
    """
    named = set(stems(" ".join(names(question))))
    asked = list(dict.fromkeys(s for w in keywords(without_brackets(question)) for s in stems(w) if s not in named))
    cited = [n for n in cited if 0 < n <= len(passages)]
    if not cited:
        return []
    unnamed = set(missing_names(question, [documents[n - 1] for n in cited]))
    rivals = [n for n in range(1, len(passages) + 1)
              if n not in cited and set(missing_names(question, [documents[n - 1]])) <= unnamed]
    held = [[s for s in asked if s in _stems_of(p.text)] for p in passages]
    best_cited = max((held[n - 1] for n in cited), key=len)
    best_other = max((held[n - 1] for n in rivals), key=len, default=[])
    lacking = [s for s in best_other if s not in best_cited]
    return lacking if len(best_other) - len(best_cited) >= ASKED_GAP else []


def _name_words(text: str) -> list[str]:
    """The folded words of the names `text` gives, markers aside ("Vietnam-Poland" is two)."""
    return [w for phrase in names(MARKER.sub(" ", text), lone_first_words=False) for w in words(phrase)]


def _cite_more(text: str, n: int) -> str:
    """`text` citing passage `n` too, after its last marker."""
    last = list(MARKER.finditer(text))[-1]
    return f"{text[: last.end()]}[{n}]{text[last.end():]}"


def cite_named(text: str, passages: Sequence[Passage], question: str, documents: Sequence[str]) -> str:
    """`text` with each sentence that names what its cited articles lack citing also a shown
    passage whose article holds those names and which supports the sentence: "The PM who
    attended the BRICS Summit is Pham Minh Chinh [2]", cited to the Land Law conference he
    chaired, cites the Brazil trip too. `documents` holds each passage's article text.

    >>> ps = [Passage(id=f"{d}#0", doc_id=d, text=t, start=0, end=0) for d, t in (
    ...     ("land", "PM Pham Minh Chinh chaired the land conference."),
    ...     ("brics", "PM Pham Minh Chinh attended the BRICS Summit in Brazil."))]
    >>> cite_named("The PM at the BRICS Summit was Pham Minh Chinh [1].", ps, "Which PM?", [p.text for p in ps])
    'The PM at the BRICS Summit was Pham Minh Chinh [1][2].'
    >>> cite_named("It was in Brazil [1].", ps, "Where was the ASEAN meeting?", [p.text for p in ps])
    'It was in Brazil [1].'
    >>> cite_named("The BRICS Summit was in Hanoi [1].", ps, "Where was it?", [p.text for p in ps])
    'The BRICS Summit was in Hanoi [1].'
    """
    given = sentences(_markers_inside(text))
    fixed = []
    for sentence in given:
        lacking = misattributed(sentence, documents)
        cited = set(markers(sentence, len(passages)))
        claim = MARKER.sub(" ", sentence)
        said = _name_words(sentence)
        # The passage's article holds every name of the sentence: "The ASEAN meeting was held
        # in Hanoi", cited to a Hanoi story, does not also cite the ASEAN one that lacks Hanoi.
        add = [
            n for n in range(1, len(passages) + 1)
            if lacking and n not in cited and not _unheld(said, [documents[n - 1]], skip=_OFFICE_WORDS)
            and support(claim, passages[n - 1], question) >= SUPPORTED
            # About what the question (or a part of it) asks: "held in Hanoi" is supported by
            # any Hanoi story, the ASEAN meeting asked about is not in them.
            and any(not missing_names(part, [documents[n - 1]]) for part in split_parts(question))
        ]
        fixed.append(_cite_more(sentence, add[0]) if add else sentence)
    return " ".join(fixed) if fixed != given else text


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Number words whose digits an answer may write: "the two sides" as "2 sides", "a dozen" as 12.
_SMALL = {"one": "1", "two": "2", "first": "1", "second": "2", "once": "1", "twice": "2", "both": "2"}
_ROUND = {"dozen": "12", "hundred": "100", "thousand": "1000"}
# "as stated in Passage 4" gives the number of a passage, not a fact.
_PASSAGE_NUMBER = re.compile(r"\bpassages? \d+", re.IGNORECASE)


def unfounded_numbers(answer: str, question: str, documents: Sequence[str]) -> list[str]:
    """Numbers an answer gives that neither its question nor its cited `documents` holds,
    in digits or words: the model made them up ("10,000 subscribers").

    >>> unfounded_numbers("Bitel has 10,000 subscribers [1].", "How many subscribers?", ["Bitel has 18 million users"])
    ['10000']
    >>> unfounded_numbers("It was their 3rd meeting, on 14/11/1994 [1].", "When?", ["the third one, Nov. 14, 1994"])
    []
    >>> unfounded_numbers("On July 9, 2025, 1.000 người may come [1].", "When?", ["2025-07-09 … 1,000 people"])
    []
    """
    said = _numbers(_PASSAGE_NUMBER.sub(" ", MARKER.sub(" ", answer)))
    known = _numbers(" ".join([question, *documents]), small=True)
    return [n for n in said if n not in known]


def _numbers(text: str, small: bool = False) -> list[str]:
    """The numbers of `text` as plain digits ("1,000" and "1.000" are 1000, "07" is 7), with
    those written in words (with `small`, also "one", "two", "first" …, words of other
    senses too: "the Poland one", and the months it names alone) and the months of its
    dates."""
    digits = [re.sub(r"[.,](?=\d{3}(?!\d))", "", n).replace(",", ".") for n in _NUMBER.findall(text)]
    digits = [n if "." in n else n.lstrip("0") or "0" for n in digits]
    spelled = [NUMBER_WORDS.get(w) or _ROUND.get(w) or (_SMALL.get(w) if small else None) for w in words(text)]
    months = [(d["month"] or d["month2"])[:3].lower() for d in DATE.finditer(text)]
    # What a passage holds: a month named alone, "in November 2024", holds "tháng 11" too.
    months += [m[:3].lower() for m in _FULL_MONTHS.findall(text)] if small else []
    return list(dict.fromkeys(digits + [n for n in spelled if n] + [str(SHORT_MONTHS.index(m) + 1) for m in months]))


# A question about what is still to come: "When will …?", "On what date is it scheduled to
# …?", the verb right after the question word ("When did she hope that it will …?" asks about
# the past).
_ASKS_FUTURE = re.compile(
    r"\b(?:when|(?:what|which) (?:date|day|month|year|time))(?: and (?:where|how|why))?\s+"
    r"(?:will|shall|(?:is|are)\b[^?,;]{0,60}?\b(?:scheduled|expected|planned|set|due|going) to)\b",
    re.IGNORECASE,
)
# An answer that says the time is still to come ("soon", "next year") gives its past dates as
# context only.
_STILL_TO_COME = re.compile(
    r"\b(?:soon|later|(?:next|coming) (?:year|month|week|decade|spring|summer|autumn|fall|winter)"
    r"|in the (?:near |coming )?future|(?:not )?yet to)\b",
    re.IGNORECASE,
)
# What an article says of a day that is planned ("is scheduled to", "will").
_PLANNED = re.compile(r"\b(?:will|shall|scheduled|expected|planned|due|going to|set to)\b", re.IGNORECASE)
_A_YEAR = re.compile(r"(?<![\w,.])(?:19|20)\d\d\b(?!\s*[a-z%])")  # not "2000 staff"


def past_for_future(question: str, answer: str, dates: Sequence[str], documents: Sequence[str] = ()) -> bool:
    """An answer to a question about what is still to come ("When will Vietnam open its
    embassy in Lima?") all of whose dates are before the date of the articles it cites
    (those articles could not give a day already past for it: the model gave a nearby date,
    "November 14, 1994", when relations were established), or on that day where no cited
    article says what is planned ("will", "scheduled"): the election council's first meeting,
    on the day of its article, is no date of the election it prepares. A date without its
    year is taken in the year that puts it nearest the latest article's date; a year alone
    is past when before that article's year. False where the question asks no such thing,
    the answer gives no date or says the time is still to come ("soon", "next year"), or the
    articles have no date.

    >>> past_for_future("When will Vietnam open its embassy?", "On November 14, 1994 [1].", ["2024-11-13"])
    True
    >>> past_for_future("When will the election be held?", "It will be held on July 9 [1].", ["2025-07-09"], ["It met on July 9."])
    True
    >>> past_for_future("When is it scheduled to open?", "On July 10 [1].", ["2025-07-10"], ["It is scheduled to open today."])
    False
    >>> past_for_future("When will the election be held?", "In May 2026 [1].", ["2025-07-09"])
    False
    >>> past_for_future("When did she hope that it will open?", "On November 13, 2024 [1].", ["2024-11-13"])
    False
    >>> past_for_future("When will it open?", "Soon, 30 years after 1994 [1].", ["2024-11-13"])
    False
    >>> past_for_future("When will the next election be held?", "The next election is on July 9, 2025 [1].", ["2025-07-10"])
    True
    """
    known = [d for d in map(iso_date, dates) if d]
    if not known or not _ASKS_FUTURE.search(question):
        return False
    latest = max(known)
    text = " ".join(MARKER.sub(" ", answer).split())
    if _STILL_TO_COME.search(text):
        return False
    planned = any(_PLANNED.search(d) for d in documents)
    said: list[bool] = []
    for m in DATE.finditer(text):
        given = day_of(m)
        years = [given.year] if given.year else [latest.year - 1, latest.year, latest.year + 1]
        try:
            days = [datetime.date(y, given.month, given.day) for y in years]
        except ValueError:
            continue
        nearest = min(days, key=lambda d: abs(d - latest))
        said.append(nearest < latest or (nearest == latest and not planned))
    said += [int(y) < latest.year for y in _A_YEAR.findall(DATE.sub(" ", text))]
    return bool(said) and all(said)


_FULL_MONTHS = re.compile(rf"\b(?:{'|'.join(m.title() for m in MONTHS)})\b")


_AMOUNTS = ("value", "amount", "cost", "price")
_COMPANIES = frozenset("company companies corporation corporations".split())
# A verb after "which company" says the company is what is asked ("Which company built the
# port?"), not what qualifies it ("Which company products were shown?").
_COMPANY_VERBS = (
    "built|builds|won|wins|ran|runs|made|makes|bought|buys|sold|sells|took|takes|led|leads|got|held|holds|owns?|owned"
    "|operates?|operated|manages?|managed|develops?|developed|produces?|produced|signed|signs|launched|launches"
    "|acquired|acquires|invested|invests|supplies|supplied|provides?|provided"
)
_WH = re.compile(r"\b(?:who|whom|whose|what|which|when|where|why|how)\b.*")
_ASKS = re.compile(
    r"(who|whom|when|(?:what|which) (?:exact |specific |precise )?(?:year|month|date|day|time|percentage|city|town)s?"
    rf"|(?:what|which) (?:{'|'.join(_COMPANIES)})(?= (?:{_AUXILIARIES}|{_COMPANY_VERBS})\b)"
    r"|how (?:many|much|long|old|far)"
    rf"|what(?:['’]s| is| was| are| were) the (?:total |estimated |annual )?(?:{'|'.join(_AMOUNTS)})s?"
    r"|what(?:['’]s| is| was| are| were) (?:the name|the names|(?:his|her|its|their) names?)\b)\b"
)
# "Apart from X, which …?" is not answered by X: the answer must say more than its question,
# beyond words of reporting and of sources.
_APART = re.compile(rf"\b(?:{'|'.join(_SET_ASIDE_PHRASES)})\b")
_SAYING = _POINTING | frozenset(stems("said says stated noted added highlighted mentioned"))
# "Who attended …?": a question that people without a name may answer, like "whom".
_WHO_TOOK_PART = re.compile(r"^\W*who (?:\w+ )?(?:attend|took part|take part|participat|join|benefit|gather)")
# People without a name who may answer "whom" ("for whom was the session held?") and "who
# attended …?".
_GROUPS = frozenset(
    """fishermen fisherman fishers farmers workers residents citizens voters students businesses
    enterprises investors communities community women children youth families households consumers
    tourists visitors locals villagers teachers doctors nurses patients elderly poor""".split()
)
# "Name the agreement …": an order that asks for a name.
_NAME_THE = re.compile(r"^\W*name the ((?:\w+ ?){1,2})")
# "Which law …?", "Name the summit … and the law …": asks for a law, not for the resolution
# named beside it ("Resolution 18-NQ/TW"); not "which law enforcement agency".
_ASKS_LAW = re.compile(
    rf"(?:\b(?:which|what)\s+|\bname\b.*\band the\s+)(?:(?!(?:{_AUXILIARIES})\b)\w+\s+){{0,2}}laws?(?:'s)?\b"
    r"(?!\s+(?:of|enforcement|firms?|schools?|students?|degrees?|professors?)\b)"
)
_LAW_KINDS = "law|act|code|bill|decree|ordinance|statute|constitution|amendment|regulation|directive"
# A law's name: "the 2024 Land Law", "the Civil Rights Act", "Title IX", an acronym ("DOMA").
_LAWS = re.compile(
    rf"\b(?:{'|'.join(k.title() for k in _LAW_KINDS.split('|'))}|Title|Section|Article)s?\b|^[A-Z]{{3,}}$"
)
_LAW_OF = re.compile(rf"([^\W\d_]+)\s+(?:{_LAW_KINDS})s?\b")
_VI_LAWS = re.compile(r"\b(?:luật|nghị định|hiến pháp)\b")
# "Which two European countries …?" asks for two names beyond the question's own.
_ASKS_NAMES = re.compile(
    rf"\b(?:which|what|name the) ({'|'.join(COUNT_WORDS)}) (?:\w+ ){{0,2}}?"
    r"(?:countries|nations|cities|states|provinces|companies|firms|teams|people|persons|leaders|officials|ministers|presidents)\b"
)
# "Which trade pact …?", "what is the free trade agreement that …": each asks for an agreement
# by its name (not "What agreement did they reach?", which an "agreed to …" answers).
_PACTS = r"(?:pacts?|treat(?:y|ies)|accords?|trade agreements?|ftas?)"
_ASKS_PACT = re.compile(
    # "Which (free) trade pact …", "What kind of treaty …"; not "What does the pact cover?",
    # nor "Which leaders signed treaties?"
    rf"\b(?:which|what)\s+(?:(?!(?:{_AUXILIARIES}|the|a|an)\b)[a-z]+(?<!ed)\s+){{0,2}}?{_PACTS}\b(?!\s*['’])"
    # "What is the trade pact that (which, between …) …"
    rf"|\bwhat\s+(?:is|was|are|were)\s+the\s+(?:[a-z]+\s+){{0,2}}?{_PACTS}\s+(?:that|which|between|shared|signed)\b"
)
_PACT_NAME = re.compile(
    r"\b(?:Agreement|Pact|Treaty|Accord|Partnership|Convention|Protocol|Memorandum|Deal|Charter)s?\b|^MoU$|^[A-Z]{3,}$"
)
_PACT_KIND = re.compile(r"([^\W\d_]+)\s+(?:pacts?|treat(?:y|ies)|accords?|agreements?)\b")
_NUMBERS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
    hundred thousand million billion trillion dozen dozens half first second third fourth fifth
    sixth seventh eighth ninth tenth once twice""".split()
)
_DAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow".split()
) | frozenset(MONTHS)
_COUNTED = _NUMBERS | _DAYS | {"week", "month", "year"}
# Capitalised words that name nothing: "Yes, …", "On Monday", "Three".
_UNNAMED = STOPWORDS | _COUNTED | {"yes", "no"}


# "When the presidents met, which …?": a clause, not the question's "when".
_WHEN_CLAUSE = re.compile(rf"when (?!(?:{_AUXILIARIES}|and|or|exactly)\b)\w+ .*[,;]")


def _asks(question: str) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """The question from its first question word on, and the kind of answer that asks for
    (`_ASKS`), if it is one whose answer is checked. A "when" not followed by a verb of the
    question ("When the presidents met, which products …?") is no question word.

    >>> [_asks(q)[1] for q in ("When the presidents met, which products were the focus?", "Why did they meet?")]
    [None, None]
    >>> [_asks(q)[1].group(0) for q in ("When the presidents met, which year was it?", "When did they meet?")]
    ['which year', 'when']
    """
    folded = fold(question)
    wh = _WH.search(folded)
    while wh and _WHEN_CLAUSE.match(wh.group(0)):
        wh = _WH.search(folded, wh.start() + 4)
    return wh, _ASKS.match(wh.group(0)) if wh else None


# "How did … position Vietnam?", "How is … described?": a question of manner, a verb right
# after its "how" (not "how many", "how quickly").
_ASKS_MANNER = re.compile(rf"how (?:{_AUXILIARIES})\b")


def headline_only(question: str, answer: str, titles: Sequence[str], texts: Sequence[str]) -> bool:
    """True when a question of manner ("How did the trip position Vietnam?") is answered only
    with words of its question and of its cited articles' `titles`, some of them not in the
    cited passages' `texts`: a small model restates the headline ("The trip strengthened ties,
    promoting Vietnam's global role") where the text says how ("positioning Vietnam as a
    proactive contributor"). A headline the text bears out stands ("They upgraded ties").

    >>> t = ["PM's Brazil trip strengthens ties, promoting Vietnam's global role"]
    >>> body, q = ["It positioned Vietnam."], "How did the trip position Vietnam?"
    >>> [headline_only(q, a, t, body) for a in ("The trip strengthened ties, promoting Vietnam's global role [1].",
    ...  "As a proactive contributor [1].", "It did [1].")]
    [True, False, False]
    >>> headline_only(q, "It promoted its role [1].", t, ["It promotes its role."])
    False
    >>> headline_only("How did VNA say the trip positioned Vietnam?", "VNA said it strengthened ties [1].", t, body)
    True
    >>> [headline_only(q, "Global ties [1].", t, body) for q in ("Which trip promoted Vietnam's role?",
    ...  "How many ties did the trip strengthen?", "How quickly did ties strengthen?")]
    [False, False, False]
    """
    wh = _asks(question)[0]
    if not wh or not _ASKS_MANNER.match(wh.group(0)):
        return False
    # Words of saying and of sources aside: "VNA said the trip strengthened ties …".
    new = set(stems(MARKER.sub(" ", answer))) - set(stems(question)) - _SAYING
    return bool(new) and new <= set(stems(" ".join(titles))) and not new <= set(stems(" ".join(texts)))


def names_kind_asked(question: str, answer: str) -> bool:
    """False when the answer lacks the kind of thing its question (without its choices) asks
    for: a name that the question does not hold for "who" (or, for "whom" and "who attended …",
    people without one), one that
    is no country for "which city" or "which company", a law for "which law", two names for
    "which two countries", an ordinal or a number of years for "which anniversary", a year,
    not a span of years, for "which year", a weekday for "which day of the week", a number
    or date for "when" and "how many", something beyond the question for "Apart from X,
    which …?".

    >>> names_kind_asked("Who led the delegation?", "The delegation was led by the minister [1].")
    False
    >>> names_kind_asked("Which anniversary celebrations did he attend?", "The National Day celebrations [1].")
    True
    >>> [names_kind_asked("Which anniversary of relations did the visit mark?", a)
    ...  for a in ("It marked relations set up on November 14, 1994 [1].", "The 30th [1].", "Thirty years [1].")]
    [False, True, True]
    >>> names_kind_asked("How many items are on the agenda?", "Eight items are [2].")
    True
    >>> names_kind_asked("What is the force called when two forces act?", "The net force [1].")
    True
    >>> [names_kind_asked("Which year was the visit?", a)
    ...  for a in ("On November 13 [1].", "In 1994 - 2024 [1].", "In 2025 [1].", "On November 14, 1994 - 2024 [1].")]
    [False, False, True, True]
    >>> names_kind_asked("Who spoke first?", "The Vietnamese leader spoke first [1].")
    False
    >>> [names_kind_asked("What's the name of the Venezuelan Vice President?", a)
    ...  for a in ("The Venezuelan Vice President proposed it [1].", "Delcy Rodriguez [1].")]
    [False, True]
    >>> names_kind_asked("Who led the Polish side?", "The Polish side led it on July 8 [1].")
    False
    >>> [names_kind_asked("Who led the Polish side?", a) for a in (
    ...  "They agreed to implement the EU-Vietnam Free Trade Agreement (EVFTA) [1].", "Marek Nowak, at the Meeting [1].")]
    [False, True]
    >>> names_kind_asked("In which city was the summit?", "It was in Brazil [1].")
    False
    >>> names_kind_asked("What was the value of trade last year?", "Peru is its sixth largest partner [1].")
    False
    >>> names_kind_asked("What was the total value of trade?", "It reached 500 million USD [1].")
    True
    >>> names_kind_asked("Phiên họp thứ 47 bàn bao nhiêu nội dung?", "Phiên họp thứ 47 bàn 8 nội dung [1].")
    True
    >>> names_kind_asked("Phiên họp thứ 47 bàn bao nhiêu nội dung?", "Họ bàn 47 nội dung [1].")
    False
    >>> [names_kind_asked("Phiên họp bàn mấy nội dung?", a) for a in ("Một số nội dung.", "Ngày 9/7.", "Thứ Ba.")]
    [False, False, False]
    >>> q = "Which summit did he attend, and which law's first year of enforcement did he review?"
    >>> [names_kind_asked(q, a) for a in ("The BRICS Summit [1], and the law was Resolution 18 [2].",
    ...                                     "The BRICS Summit [1] and the 2024 Land Law [2].")]
    [False, True]
    >>> q = "What is the trade pact that Vietnam shares with Peru, and what is the trade pact that Poland discussed?"
    >>> [names_kind_asked(q, a) for a in ("The Latin American region [1]. The EVFTA [2].", "The CPTPP [1]. The EVFTA [2].")]
    [False, True]
    >>> q = "Which trade pact do Vietnam and Peru share, and which one did Vietnam and Poland discuss?"
    >>> [names_kind_asked(q, a) for a in ("The Latin American region [1]. The EVFTA [2].", "The CPTPP [1]. The EVFTA [2].")]
    [False, True]
    >>> names_kind_asked("What agreement did the two sides reach?", "They agreed to boost trade [1].")
    True
    >>> [names_kind_asked(q, "It cuts tariffs, said Luong Cuong [1].") for q in ("What does the trade pact cover?",
    ...  "What was the Paris Accord's goal?", "Which leaders signed treaties?", "What is the trade pact about?")]
    [True, True, True, True]
    >>> names_kind_asked("Which law enforcement agency led it?", "The FBI [1].")
    True
    >>> [names_kind_asked("For whom was the session held?", a) for a in ("For local fishermen [1].", "For the ceremony [1].")]
    [True, False]
    >>> [names_kind_asked(q, "For local fishermen [1].") for q in ("What is the name of the programme?",
    ...  "Who attended it?", "Who chaired it?")]
    [False, True, False]
    >>> [names_kind_asked("Which company built the port?", a) for a in ("Peru built it [1].", "Cosco Shipping [1].")]
    [False, True]
    >>> [names_kind_asked(q, "They showcased smartphones [1].") for q in ("Which company's products were shown?",
    ...  "What company policies were announced?", "What firm steps were taken?")]
    [True, True, True]
    >>> q = "Apart from energy and mining, which fields did Cuong say offered potential?"
    >>> [names_kind_asked(q, a) for a in ("Cuong said energy and mining offered potential [4].", "E-commerce [4].")]
    [False, True]
    >>> [names_kind_asked(q, "No [1].") for q in ("Besides trade, did they discuss defence?", "Other than Hue, where did they go, Hue or Hanoi?")]
    [True, True]
    >>> names_kind_asked("They work in oil, mining and farming. Apart from oil, which field came first?", "Mining [1].")
    True
    >>> [names_kind_asked("Where were the talks, and on which day of the week?", a)
    ...  for a in ("In Lima, on November 13, a weekday [1].", "In Lima, on Wednesday [1].", "Ở Lima, vào thứ Tư [1].",
    ...            "In Lima, on a WEDNESDAY [1].", "In Lima, on the day of the Sun of Peru [1].")]
    [False, True, True, True, False]
    """
    folded = fold(question)
    if _ASKS_LAW.search(folded) and not _names_law(MARKER.sub(" ", answer), question):
        return False
    if _ASKS_ANNIVERSARY.search(folded) and not _ranks_years(MARKER.sub(" ", answer), question):
        return False
    if (count := _ASKS_NAMES.search(folded)) and _new_names(question, answer) < COUNT_WORDS[count.group(1)]:
        return False
    # Each part is read only where a pact is named at all: `split_parts` need not run for every
    # answer checked.
    pacts = (
        max(len(_ASKS_PACT.findall(folded)), sum(bool(_ASKS_PACT.search(fold(p))) for p in split_parts(question)))
        if re.search(_PACTS, folded) else 0
    )
    if pacts and _pacts_named(MARKER.sub(" ", answer), question) < pacts:
        # "What is the trade pact that Vietnam shares with Peru, and …?" answered "the Latin
        # American region" for one part.
        return False
    if (people := _people_asked(question)) > 1 and _people_named(question, answer) < people:
        # "Who represented Vietnam at …, and who attended …?" answered with one person and
        # a copied sentence for the other.
        return False
    if ASKS_DATED["weekday"].search(folded) and not _WEEKDAY_SAID.search(fold(answer)):
        # "… and what weekday was it when Cuong briefed the press?" answered "on November 14,
        # which was a weekday".
        return False
    asked_vi = " ".join(unicodedata.normalize("NFC", question).lower().split())
    which_date = _VI_WHICH_DATE.search(asked_vi)
    if _VI_HOW_MANY.search(_VI_WHICH_DATE.sub(" ", asked_vi)):
        return _vi_counts(question, answer)
    if which_date:
        # "tháng mấy" (which month) wants a number or a month's name.
        return any(w[0].isdigit() or w in _DAYS for w in words(MARKER.sub(" ", answer)))
    # The question's first question word says what it asks ("What is it called when …?"
    # asks for a thing, not a date).
    wh, asks = _asks(question)
    said = MARKER.sub(" ", answer)
    asks_person = asks is not None and (asks.group(1) in ("who", "whom") or "name" in asks.group(1))
    if wh and not asks_person and " or " not in folded and not _YES_NO.match(question) and _restates(question, said):
        # "In which areas did Peru's President say it could expand its business there?"
        # answered "Peru's President Dina Boluarte Zegarra said it could expand its business
        # there": the name of the president it asks about, and the question.
        return False
    if wh and _APART.search(folded) and " or " not in folded and (
        not set(stems(said)) - set(stems(_asking(question))) - _SAYING or _gives_excepted(question, said)
    ):
        # "Apart from X and Y, which …?" answered with X and Y, or with Y and a new one
        # (a quiz's lead-in may name the answer).
        return False
    thing = None if asks else _NAME_THE.match(folded)
    if not asks and not thing:
        return True
    if thing and any(w.endswith("s") and not w.endswith("ss") for w in thing.group(1).split()):
        # "Name the traditional spheres …" asks for things, not names: "oil and gas, mining".
        return bool(set(stems(said)) - set(stems(question)))
    if not asks or asks.group(1) in ("who", "whom") or "name" in asks.group(1):
        # "The Vietnamese leader" names no one: a nationality is not a name.
        # Nor is a month or a weekday ("The Polish delegation met … on July 8").
        known = _known_names(question)
        # "For whom …?" and "Who attended (took part, benefited …)?" may ask for people that
        # have no name: "local fishermen".
        whom = asks is not None and (asks.group(1) == "whom" or bool(_WHO_TOOK_PART.search(folded)))
        group = whom and bool(_GROUPS & (set(words(said)) - set(words(question))))
        # Nor does an agreement or an event: "The officials agreed to implement the EU-Vietnam
        # Free Trade Agreement (EVFTA)" for "Who led the delegation?".
        if asks is not None and asks.group(1) in ("who", "whom"):
            said = _THING_NAME.sub(" ", said)
        return group or any(squash(n) not in known for n in names(said) if not n.isdigit())
    if asks.group(1).rstrip("s").endswith(("city", "town")) or asks.group(1).split()[-1] in _COMPANIES:
        # "Brazil" is no city, nor a company: a country (or its nationality) is not one.
        known = {squash(n) for n in names(question)} | _COUNTRIES
        return any(squash(n) not in known for n in names(said) if not n.isdigit())
    new = set(words(said)) - set(words(question))
    if asks.group(1).rstrip("s").endswith("year"):
        return any(y not in words(question) for y in _years_given(said, with_spans=asks.group(1).endswith("s")))
    if asks.group(1).rstrip("s").endswith("date"):
        # "The two sides agreed …" gives no date.
        return any(w[0].isdigit() or w in _DAYS for w in new)
    if (asks.group(1) in ("how many", "how much") or asks.group(1).rstrip("s").endswith(_AMOUNTS)) and wh:
        # "How much was pledged?" and "What was the value of the trade?" name no thing to
        # count: any amount will do, but not "the sixth largest trading partner".
        return _counts(wh.group(0), said, thing=asks.group(1) == "how many")
    return any(any(c.isdigit() for c in w) or w in _COUNTED for w in new)


# A weekday in an answer, folded: "Wednesday", "wednesday", "thứ Tư", "chủ nhật" (not "Wed.":
# "the Sun of Peru" and "sat" are no weekdays).
_WEEKDAY_SAID = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\bthu (?:hai|ba|tu|nam|sau|bay)\b|\bchu nhat\b")


# The name of a document or an event, with its acronym: no one "who" asks for.
_THING_NAME = re.compile(
    r"(?:\b[A-Z][\w'’-]*\s+)*(?:Agreement|Treaty|Law|Act|Convention|Declaration|Resolution|Strategy|Programme"
    r"|Initiative|Summit|Meeting|Conference|Week)\b(?:\s*\([A-Z][A-Z0-9-]+\))?"
)

_LIST_ITEMS = re.compile(r"[,;/]|\band\b")


# The words a question asks about after its "which" ("In which areas did …", "Which Deputy
# Foreign Minister …"), up to three, before an auxiliary verb.
_WH_THING = re.compile(rf"\b(?:which|what|whose)\s+((?:(?!(?:{_AUXILIARIES})\b)[\w'’-]+\s+){{0,3}})", re.IGNORECASE)


def _restates(question: str, said: str) -> bool:
    """True when `said` says nothing `question` does not, but words of saying and the name of
    someone the question names by office ("Peru's President Dina Boluarte" for "Peru's
    President"), where the office is not what the question asks for ("Which Deputy Foreign
    Minister …?" is answered by "Deputy Foreign Minister Ngo Le Van").

    >>> q = "In which areas did Peru's President say Viettel could expand its business there?"
    >>> [_restates(q, a) for a in ("Peru's President Dina Boluarte said Viettel could expand its business there.",
    ...  "Viettel could expand into digital transformation.", "In Lima.", "The Mekong Delta.")]
    [True, False, False, False]
    >>> _restates("Which Deputy Foreign Minister co-chaired it?", "Deputy Foreign Minister Ngo Le Van co-chaired it.")
    False
    """
    told = set(stems(said))
    if not told:
        return False
    held = {w.lower() for w in re.findall(r"[\w'’-]+", question)} - STOPWORDS
    thing = _WH_THING.search(question)
    asked = {w.lower() for w in thing.group(1).split()} if thing else set()
    titled: set[str] = set()
    for name in names(said):
        first, *rest = name.split()
        if rest and first.lower() in held - asked:
            titled |= set(stems(" ".join(rest)))
    # What a quiz's lead-in says may be the answer ("They work in oil, mining and farming.
    # … which field came first?" "Mining."); the names a follow-up is searched with, in
    # brackets, are the question's.
    own = f"{_asking(question)} {' '.join(re.findall(r'[(]([^()]*)[)]', question))}"
    return not (told - set(stems(own)) - _SAYING - titled)


# "Which anniversary of relations …?" asks for a rank or a number of years, not a date.
_ASKS_ANNIVERSARY = re.compile(
    r"\b(?:which|what) anniversary(?= of\b| (?:did|does|do|was|is|are|were|has|have|will)\b|\W*$)"
)
_YEAR_WORDS = frozenset("year years decade decades nam".split())  # "nam": folded "năm"


def _ranks_years(said: str, question: str) -> bool:
    """True when `said` gives an ordinal ("30th", "thirtieth", "lần thứ 30") or a number of
    years or decades ("30 years", "a 30-year", "three decades", "30 năm") that `question`
    does not name as such (an inline choice, "the 25th or the 30th?", is not given).

    >>> [_ranks_years(a, "Which anniversary?") for a in ("The 30th [1].", "A 30-year anniversary.", "Kỷ niệm 30 năm [1].",
    ...  "Kỷ niệm lần thứ 30.", "Relations were first set up on November 14, 1994 [1].", "Ngày 14 tháng 11 năm 1994 [1].",
    ...  "The first anniversary [1].")]
    [True, True, True, True, False, False, True]
    """
    told = words(said)
    asked = set() if " or " in question else set(words(question))
    return any(
        w not in asked
        and (
            (is_ordinal(w) and (w not in ("first", "second") or told[n + 1 : n + 2] == ["anniversary"]))
            or w.endswith("ieth")
            or (_value(w).isdigit() and told[n - 1 : n] == ["thu"])
            # "30 năm", not the month of "ngày 14 tháng 11 năm 1994"
            or (_value(w).isdigit() and told[n + 1 : n + 2] and told[n + 1] in _YEAR_WORDS
                and told[n - 1 : n] not in (["thang"], ["ngay"]) and not _YEAR.fullmatch("".join(told[n + 2 : n + 3])))
        )
        for n, w in enumerate(told)
    )


def _new_names(question: str, answer: str) -> int:
    """How many names `answer` gives that `question` does not hold, a nationality no name; each
    item of a list is counted ("France, Spain and Andorra" are three).

    >>> q = "Which two European countries held consultations with Vietnam in July?"
    >>> [_new_names(q, a) for a in ("Vietnam and Slovakia held them in July [4].", "Poland and Slovakia [2, 4].",
    ...                             "Poland, Slovakia.", "Brazil, Russia, India, China and South Africa.", "Polish and Slovak officials.")]
    [1, 2, 2, 5, 0]
    """
    items = _LIST_ITEMS.split(MARKER.sub(",", answer))
    return len({squash(n) for item in items for n in names(item) if not n.isdigit()} - _known_names(question))


def _people_asked(question: str) -> int:
    """How many parts of the question ask for a person: "Who …, and who …?", "Which leader
    …, and which one …?".

    >>> [_people_asked(q) for q in ("Who met him, and who attended the summit?", "Which leader spoke, and which one left?",
    ...  "Who met him, and what did they sign?", "Which country hosted it, and which one attended?")]
    [2, 2, 1, 0]
    """
    asked = 0
    for part in split_parts(question):
        folded = fold(part)
        if _ASKS_PERSON.match(folded) or (asked and re.match(r"\W*which ones?\b", folded)):
            asked += 1
    return asked


def _people_named(question: str, answer: str) -> int:
    """How many names of people `answer` gives that `question` does not hold: names with a
    word that is no office's, no nationality's or country's and no event's or document's
    ("Deputy Prime Minister", "the ASEAN Foreign Ministers' Meeting"), and no capitalised
    first word of a sentence ("Meanwhile, …").

    >>> _people_named("Who met, and who spoke?", "Deputy Prime Minister and Minister of Foreign Affairs Bui Thanh Son met at the ASEAN Meeting [4].")
    1
    """
    said = _THING_NAME.sub(",", MARKER.sub(",", answer))
    people = {
        squash(n) for item in _LIST_ITEMS.split(said) for n in names(item, lone_first_words=False)
        if not n.isdigit() and set(words(n)) - _NOT_NAMES - STOPWORDS - _COUNTRIES
    }
    return len(people - _known_names(question))


def _known_names(question: str) -> set[str]:
    """Squashed names that tell nothing new about `question`: its own, nationalities, and
    capitalised words that name nothing (a month, "Yes")."""
    return {squash(n) for n in names(question)} | DEMONYMS.keys() | _UNNAMED


def _pacts_named(said: str, question: str) -> int:
    """How many agreements `said` names: by their names ("the EU-Vietnam Free Trade Agreement
    (EVFTA)", once), or by a kind the question lacks ("trade promotion agreements").

    >>> q = "What is the trade pact that Vietnam shares with Peru, and what is the trade pact of Poland?"
    >>> [_pacts_named(s, q) for s in ("The Latin American region. The EU-Vietnam Free Trade Agreement (EVFTA).",
    ...  "The CPTPP, and the EU-Vietnam Free Trade Agreement (EVFTA).", "trade promotion agreements")]
    [1, 2, 1]
    >>> _pacts_named("Hiệp định Đối tác Toàn diện và Tiến bộ xuyên Thái Bình Dương [1].", q)
    1
    >>> [_pacts_named(s, q) for s in ("Hiệp định CPTPP [1][2].", "Poland signed agreements [1].")]
    [1, 0]
    """
    unbracketed = re.sub(r"\(\s*[A-Z][\w-]*\s*\)", " ", said)
    named = {squash(n) for n in names(unbracketed) if _PACT_NAME.search(n)}
    asked = set(words(question)) | STOPWORDS
    kinds = {
        m.group(1) for m in _PACT_KIND.finditer(unbracketed.lower())
        if m.group(1) not in asked and not m.group(1).endswith(("ed", "ing"))
    }
    # An answer in Vietnamese: "Hiệp định …" (agreement), "Hiệp ước …" (treaty), "Thỏa thuận
    # …" (agreement), "Công ước …" (convention); the names it keeps ("CPTPP") count above,
    # and "Hiệp định CPTPP" is one agreement.
    vietnamese = re.findall(
        r"\b(?:hiệp định|hiệp ước|th[ỏo]a thuận|công ước)\b", unicodedata.normalize("NFC", unbracketed).lower()
    )
    return max(len(named) + len(kinds), len(vietnamese))


def _names_law(said: str, question: str) -> bool:
    """`said` names a law: "the 2024 Land Law", "land law" (a word before it that the question
    lacks), "Luật Đất đai 2024".

    >>> q = "Which law's first year of enforcement did he review?"
    >>> [_names_law(s, q) for s in ("the 2024 Land Law", "land law", "Luật Đất đai 2024", "The law's first year was Resolution 18")]
    [True, True, True, False]
    """
    asked = set(words(question)) | STOPWORDS
    return (
        any(_LAWS.search(n) for n in names(said))
        or any(m.group(1) not in asked for m in _LAW_OF.finditer(said.lower()))
        or bool(_VI_LAWS.search(unicodedata.normalize("NFC", said).lower()))
    )


# Vietnamese "how many" ("bao nhiêu", "mấy" but "thứ mấy", which ordinal, and "ngày mấy",
# "tháng mấy", "năm mấy", which day, month, year, unless after "mỗi", each: those are taken
# out first), and number words with their diacritics: "sau" is "after", "sáu" six ("năm",
# five, is a year too, and "Nam" of "Việt Nam"); after a date's or an ordinal's word a
# number counts nothing.
_VI_HOW_MANY = re.compile(r"\bbao nhiêu\b|(?<!thứ )\bmấy\b")
_VI_WHICH_DATE = re.compile(r"(?<!mỗi )\b(?:ngày|tháng|năm) mấy\b")
_VI_NUMBERS = frozenset("một hai ba bốn sáu bảy tám chín mười trăm nghìn ngàn triệu tỷ".split())
# The English number words that count in an English answer to a Vietnamese question ("a
# two-tier model"): "two" too, here a count.
_EN_COUNTS = frozenset({"two", *CARDINALS})
_VI_NOT_COUNTS = frozenset("ngày tháng năm thứ lần".split())
_VI_DATE = re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b")  # "9/7", "9/7/2025"


# The thing "how many" counts: the words up to the next function word.
_COUNTED_THING = re.compile(rf"how (?:many|much) ((?:\w+ ){{0,2}}?\w+?)(?= (?:{'|'.join(STOPWORDS)})\b|\W*$)")


_DETERMINERS = frozenset("the both its their his her these those".split())
_COUNT_VERBS = frozenset("is are was were numbered totalled totaled".split())


_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_SPAN = re.compile(r"\b\d{4}\s*[-–—]\s*\d{4}\b")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _years_given(text: str, with_spans: bool = False) -> list[str]:
    """The years `text` gives; without `with_spans`, not those of a span of years ("1994 -
    2024" gives no one year), unless a full date ends at the first ("November 14, 1994 -
    2024", "14/11/1994 - 2024" give 1994).

    >>> [_years_given(t) for t in ("In 1994; the years 1994-2024.", "(November 14, 1994 - 2024)", "14/11/1994 - 2024", "1994 - 2024")]
    [['1994'], ['1994'], ['1994'], []]
    """
    ranges = [] if with_spans else [m.span() for m in _YEAR_SPAN.finditer(text)]
    dates = {m.end() for pattern in (DATE, _VI_DATE) for m in pattern.finditer(text)}
    return [
        m.group() for m in re.finditer(r"\b\d{4}\b", text)
        if m.end() in dates or not any(a <= m.start() < b for a, b in ranges)
    ]


_TIME_UNITS = frozenset(stems("days weeks months years hours"))
# An anniversary counts years: "the 30th anniversary of relations" is 30 years of them.
_ANNIVERSARY, _YEARS = frozenset(stems("anniversary")), frozenset(stems("years"))


def _counts_years_of(after: list[str], asked: set[str], counted: set[str]) -> bool:
    """True when the question counts years and the words after "anniversary" say of what,
    in words of the question: "the 30th anniversary of diplomatic relations" for "how many
    years of relations", not "the 75th anniversary celebrations" for "how many years has he
    served"."""
    return bool(counted & _YEARS) and after[:1] == ["of"] and bool(set(stems(" ".join(after[1:8]))) & asked - counted)


def _vi_counts(question: str, answer: str) -> bool:
    """True when an answer in Vietnamese gives a number the question does not: not that of
    a date or an ordinal ("ngày 9 tháng 7", "thứ Ba"), nor "một số" (some). Words keep their
    diacritics: "sau" is "after", "sáu" six.

    >>> [_vi_counts("Bàn mấy nội dung?", a) for a in ("Bàn 8 nội dung.", "Bàn hai nội dung.", "Sau đó, bà ấy bàn.")]
    [True, True, False]
    >>> _vi_counts("Kỷ niệm bao nhiêu năm?", "Luong Cuong held talks in Lima on November 13 afternoon [4].")
    False

    An answer in English (the model's, or that of the question's English rewrite) counts in
    English words: "a two-tier model" answers "mấy cấp".

    >>> _vi_counts("Mô hình mấy cấp?", "Vietnam runs a two-tier local government model [4].")
    True
    """
    asked = set(vi_words(question))
    # A date in English ("November 13"), as a quoted English sentence gives it, counts nothing either.
    told = vi_words(DATE.sub(" ", _ISO_DATE.sub(" ", _VI_DATE.sub(" ", MARKER.sub(" ", answer)))))
    return any(
        (w[0].isdigit() or w in _VI_NUMBERS or w in _EN_COUNTS) and w not in asked
        and not (n and told[n - 1] in _VI_NOT_COUNTS) and told[n + 1 : n + 2] != ["số"]
        for n, w in enumerate(told)
    )


def _counts(question: str, answer: str, thing: bool = True) -> bool:
    """True when the answer to "how many X …?" gives a number the question does not (the
    "47" of "its 47th session" is no count), in front of X where it names X, or after "were"
    (is, was, are, numbered, totalled) up to six words after X, not an ordinal, a year or
    "one of" there: "the two leaders witnessed the signing of agreements" does not count the
    agreements.

    >>> _counts("how many agreements were signed", "The two leaders witnessed the signing of agreements [1].")
    False
    >>> _counts("how many agreements were signed", "They signed 12 new cooperation agreements [1].")
    True
    >>> _counts("how many major items at its 47th session", "It gave opinions on 47 major items.")
    False
    >>> _counts("how many times has peru hosted apec", "Peru has hosted it three times.")
    True
    >>> _counts("how many days did the visit last", "He held talks on November 13, 2024.")
    False
    >>> _counts("how many agreements were signed", "In August, 12 agreements were signed.")
    True
    >>> [_counts("how many key orientations did he propose", a) for a in ("The key orientations he proposed were three [4].",
    ...  "The orientations were one of many [4].", "The orientations were first proposed in 2019 [4].")]
    [True, False, False]
    >>> [_counts("how many members does the council have", a) for a in (
    ...     "He spoke at the council's first meeting.", "The Council met (2025-07-09).")]
    [False, False]
    >>> _counts("how many agreements were signed", "The two countries' relations grew.")
    False
    >>> _counts("how many agreements were signed", "12 deals were signed, 500,000 USD pledged.")
    True
    >>> _counts("how much was pledged", "It pledged 500,000 USD.", thing=False)
    True
    >>> _counts("how many days did the visit last", "It marks the anniversary of relations (1994 - 2024).")
    False
    >>> [_counts("how many tiers of local government", a) for a in (
    ...     "Việt Nam tổ chức chính quyền theo mô hình hai cấp.", "Công ty Viettel điều hành Bitel.")]
    [True, False]
    >>> [_counts(q, "It marks the 30th anniversary of relations.") for q in (
    ...     "how many years of relations", "how many days did the visit last", "how many years has he served")]
    [True, False, False]
    """
    if is_vietnamese(answer):  # "hai cấp" (two tiers)
        return _vi_counts(question, answer)
    asked = set(stems(question))
    counted_thing = _COUNTED_THING.match(question) if thing else None
    counted = set(stems(counted_thing.group(1))) if counted_thing else set()
    # The day and year of a date count nothing: "on November 13" (or "2025-07-09") is no
    # number of days.
    said = words(DATE.sub(" ", _ISO_DATE.sub(" ", answer)))
    numbers = [n for n, w in enumerate(said) if (w[0].isdigit() or w in _NUMBERS) and not set(stems(w)) & asked]
    things = [
        n for n, w in enumerate(said)
        if (s := set(stems(w))) & counted or (s & _ANNIVERSARY and _counts_years_of(said[n + 1 :], asked, counted))
    ]
    if not things:
        # An ordinal counts only next to the thing ("for the third time"): "the NEC's first
        # meeting" gives no number of members. Nor does "the two countries", which names what
        # it counts, for agreements ("12 deals were signed" does count), nor a year ("1994 -
        # 2024") for days or any other unit of time.
        return any(
            not is_ordinal(said[n])
            and not (counted and n > 0 and said[n - 1] in _DETERMINERS)
            and not (counted & _TIME_UNITS and _YEAR.fullmatch(said[n]))
            for n in numbers
        )
    # "12 agreements", or "the agreements signed were 12" (not "were first proposed in 2019").
    return any(
        0 < t - n <= 3
        or (0 < n - t <= 6 and said[n - 1] in _COUNT_VERBS and not is_ordinal(said[n]) and not _YEAR.fullmatch(said[n])
            and said[n + 1 : n + 2] != ["of"])
        for n in numbers for t in things
    )


_DECIMAL = re.compile(r"\d+[.,]\d+")
# "How many days apart …?", "in total": a count worked out from the articles, not read in them.
_WORKED_OUT = re.compile(r"\b(?:apart(?! from)|difference|total|totall?ed|combined|altogether)\b|\bin all(?=\W*(?:$|,|\?))")


def uncounted(question: str, answer: str, documents: Sequence[str]) -> bool:
    """True when the answer to "how many X …?" counts X ("two trade promotion agreements")
    where none of its cited `documents` gives that number near X: a small model counts what
    an article only names. The number may be written in digits or words, or as an ordinal
    ("three times" is held by "for the third time"); "30 years" by "the 30th anniversary".

    >>> docs = ["The two leaders witnessed the signing of trade promotion agreements."]
    >>> uncounted("How many trade promotion agreements were signed?", "Two trade promotion agreements [1].", docs)
    True
    >>> uncounted("How many times has Peru hosted APEC?", "Peru has hosted it 3 times [1].", ["Peru hosts APEC for the third time."])
    False
    >>> uncounted("How many years of relations?", "Thirty years [1].", ["the 30th anniversary of relations"])
    False
    >>> uncounted("How many agreements were signed?", "The leaders signed agreements [1].", docs)
    False
    >>> uncounted("How many trade agreements were signed?", "Two trade agreements [1].", ["The two sides signed trade agreements."])
    True
    >>> uncounted("How many Vietnamese businesses are in Peru?", "Six Vietnamese businesses [1].", ["Peru is Vietnam's sixth largest partner."])
    True
    >>> uncounted("How many people died in the crash?", "Five people died [1].", ["Five people were killed in the crash."])
    False

    A count added up over several articles, or given with its items named, is not checked:

    >>> uncounted("How many countries held consultations?", "Three countries: Laos [1], Poland [2] and Slovakia [3].", ["Laos"])
    False
    >>> uncounted("How many agreements were signed?", "Two agreements were signed in Lima, Peru [1].", docs)
    True
    >>> uncounted("How many countries did he visit?", "Two countries [1].", ["He visited the two countries, Chile and Peru."])
    False
    """
    folded = fold(question)
    thing = _COUNTED_THING.search(folded)
    if not thing or _WORKED_OUT.search(folded) or is_vietnamese(answer):
        return False
    # A nationality only says which ones are counted: "How many Vietnamese businesses …?"
    # counts businesses, which "Vietnam's sixth largest trading partner" does not.
    counted = set(stems(" ".join(w for w in words(thing.group(1)) if w not in DEMONYMS)))
    # Countries, officials …: their count may be added up over articles, or named in the answer.
    named = bool(counted & _NAMED_KINDS)
    if named and len(set(documents)) > 1:
        return False
    said = words(DATE.sub(" ", _ISO_DATE.sub(" ", _DECIMAL.sub(" ", MARKER.sub(" ", answer)))))
    # A small count is what a small model makes up from "the two leaders"; a bigger number
    # must be in the documents anyway (`unfounded_numbers`), near X or not ("91.3 males").
    given = {
        value for n, w in enumerate(said)
        if (value := _value(w)).isdigit() and int(value) <= 12 and any(set(stems(x)) & counted for x in said[n + 1 : n + 4])
    }
    if not given or (named and _new_names(question, answer) >= min(map(int, given))):
        return False
    near = counted | (_ANNIVERSARY if counted & _YEARS else set())
    counted_words = {w for w in _PAIRED if set(stems(w)) & counted}
    for document in documents:
        told = words(DATE.sub(" ", _ISO_DATE.sub(" ", document)))
        for n, w in enumerate(told):
            # "the two sides signed trade agreements" counts the sides, not the agreements.
            pair = n and told[n - 1] in _DETERMINERS and told[n + 1 : n + 2] and told[n + 1] in _PAIRED - counted_words
            if _value(w) in given and not pair and any(set(stems(x)) & near for x in told[max(n - 6, 0) : n + 5]):
                return False
    return True


# What "the two …" of a news article most often counts: the parties to a meeting.
_PAIRED = frozenset("sides leaders countries nations parties presidents ministers governments delegations".split())
_NAMED_KINDS = frozenset(
    stems("countries nations cities states provinces companies firms teams people persons leaders officials ministers presidents")
)


def _value(word: str) -> str:
    """The digits a folded word counts or ranks: "two" and "2" are "2", "third" is "3"."""
    return _SMALL.get(word) or _ROUND.get(word) or next(iter(stems(word)), word)


def translation_holds(english: str, translated: str, terms: Sequence[str] = ()) -> bool:
    """True when `translated` reads as a whole Vietnamese translation of the checked answer
    `english`: its words are Vietnamese, it ends a sentence (not cut off), it has the same
    markers in the same order, the same numbers (a date's month may be written as its
    number: "9/7/2025" for "July 9, 2025"), and every name of `english`, with or without
    diacritics, or in the English of a glossary term it uses (`terms`).

    >>> en = "Viettel runs the Bitel project in Peru [1]."
    >>> translation_holds(en, "Viettel điều hành dự án Bitel ở Peru [1].")
    True
    >>> [translation_holds(en, t) for t in ("Dự án viễn thông của tập đoàn [1].", "Viettel điều hành dự án Bitel ở Peru.",
    ...  "Viettel điều hành dự án Bitel ở Peru từ năm 2011 [1].", "Viettel điều hành dự án Bitel ở Peru [1] và")]
    [False, False, False, False]
    >>> translation_holds("They met on July 9, 2025 [2].", "Họ gặp nhau ngày 9/7/2025 [2].")
    True
    >>> translation_holds("The National Election Council met [1].", "Hội đồng Bầu cử Quốc gia họp [1].",
    ...                   ["National Election Council"])
    True
    """
    reply = translated.strip()
    if not reply or not has_vietnamese_words(reply) or not re.search(r"[.!?\]\"”»)]$", reply):
        return False
    if markers(reply) != markers(english):
        return False
    told = set(_numbers(MARKER.sub(" ", reply)))
    if told - set(_numbers(MARKER.sub(" ", english), small=True)) or set(_numbers(MARKER.sub(" ", english))) - told:
        return False
    said = [squash(w) for w in _name_parts(MARKER.sub(" ", english))]
    return not _unheld(said, [reply, *terms], skip=_NOT_NAMES)


def is_decline(text: str) -> bool:
    """True when the model said the passages do not hold the answer."""
    folded = " ".join(words(text))
    return not folded or any(d in folded for d in _DECLINES)


def support(claim: str, passage: Passage, question: str = "", names_only: bool = False) -> float:
    """Share of the claim's words, beyond the question's, that appear in the passage.

    `names_only` counts only names and numbers: an answer in Vietnamese from English articles
    shares those with its passage, not its other words."""
    return _share(_new_stems(claim, question, names_only), _holds(claim, passage))


def _new_stems(claim: str, question: str, names_only: bool) -> set[str]:
    """The stems of what `claim` says beyond the question (of its names and numbers only, with
    `names_only`), without words about sources."""
    said = " ".join(names(claim)) if names_only else claim
    return set(stems(said)) - set(stems(question)) - _META


def _holds(claim: str, passage: Passage) -> set[str]:
    """The stems `passage` holds for `claim`: its title's and text's, its date's where the
    claim writes it ("9 tháng 7" of a passage dated 2025-07-09), the number of a month that
    the claim writes in Vietnamese and the passage in words ("tháng 11", November), and those
    of the words of a name of the claim that the passage writes as one word ("Hà Nội" of its
    "Hanoi").

    >>> p = Passage(id="a#0", doc_id="a", start=0, end=0, text="The session opened in Hanoi in November.")
    >>> sorted(_holds("Phiên họp khai mạc tại Hà Nội vào tháng 11, không phải tháng 12.", p) - _holds("", p))
    ['11', 'ha', 'noi']
    """
    text = f"{passage.title} {passage.text}"
    months = {n for n, named in _vi_months(claim) if named.search(text)}
    return set(_stems_of(text)) | months | set(stems(date_said(claim, passage.date))) | _joined_names(claim, _squashed(text))


@functools.lru_cache(maxsize=256)
def _vi_months(claim: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The months the claim writes in Vietnamese ("tháng 11"), as their numbers, each with a
    pattern of its English name as a passage writes it ("November", "Nov."; capitalised: the
    verb "may" is no May).

    >>> [(n, bool(p.search("on Nov. 13"))) for n, p in _vi_months("Vào tháng 11, không phải tháng 13.")]
    [('11', True)]
    """
    said = " ".join(unicodedata.normalize("NFC", claim).lower().split())
    found = dict.fromkeys(str(int(m)) for m in re.findall(r"\btháng (0?[1-9]|1[0-2])\b", said))
    return tuple(
        (n, re.compile(rf"\b(?:{MONTHS[int(n) - 1].title()}|{MONTHS[int(n) - 1][:3].title()}\.)(?!\w)")) for n in found
    )


@functools.lru_cache(maxsize=256)
def _stems_of(text: str) -> frozenset[str]:
    """`stems`, as a set, cached: a passage is stemmed once, not once per claim."""
    return frozenset(stems(text))


@functools.lru_cache(maxsize=256)
def _squashed(text: str) -> str:
    """`squash`, cached: a passage is squashed once, not once per claim."""
    return squash(text)


def _joined_names(claim: str, squashed: str) -> set[str]:
    """The stems of the words of each run of two or more words of the claim's names that
    `squashed` (a passage's text, see `squash`) holds without spaces: a Vietnamese name of
    short syllables is one word in English ("Hà Nội", "Hanoi"), and an English article puts
    an office before it ("President To Lam" holds "Ông Tô Lâm"'s "Tô Lâm"). A run of fewer
    than five letters is passed over: so short a run turns up anywhere in squashed text."""
    held: set[str] = set()
    for runs in _name_runs(claim):
        held |= next((found for run, found in runs if run in squashed), frozenset())
    return held


@functools.lru_cache(maxsize=256)
def _name_runs(claim: str) -> tuple[tuple[tuple[str, frozenset[str]], ...], ...]:
    """For each start of a run of two or more words of the claim's names, the runs from it of
    five letters or more, the longest first, squashed, with the stems of their words: worked
    out once per claim, not once per passage it is held against."""
    starts = []
    for name in names(claim):
        parts = words(name)
        for i in range(len(parts) - 1):
            runs = (("".join(parts[i:j]), frozenset(stems(" ".join(parts[i:j])))) for j in range(len(parts), i + 1, -1))
            starts.append(tuple((run, found) for run, found in runs if len(run) >= 5))
    return tuple(starts)


def _share(new: set[str], have: set[str]) -> float:
    """Share of the stems `new` found in `have`; 0 without any: a claim that only repeats the
    question answers nothing."""
    if not new:
        return 0.0
    return sum(_shared(w, have) for w in new) / len(new)


def _shared(stem: str, have: set[str]) -> bool:
    """`stem` is in `have`, or one is a prefix of the other ("europ" / "european")."""
    if stem in have:
        return True
    return len(stem) >= 4 and any(len(h) >= 4 and (h.startswith(stem) or stem.startswith(h)) for h in have)


def resolve(
    text: str, passages: Sequence[Passage], question: str = "", names_only: bool = False
) -> tuple[str, list[Citation]]:
    """Cite each sentence by the one passage that supports it best, or the two that support
    it together (the model's markers only say that it claims something), drop markers where
    no passage supports it, and add one where a supported sentence has none.

    Returns the cleaned text, its dates written as the articles write them ("November 13"),
    and the cited passages in the order of first mention.
    """
    text = _without_heads(text, passages)
    out = [_fix_clauses(s, passages, question, names_only) for s in sentences(_markers_inside(text))]
    clean = " ".join(s for s in out if s)
    if not MARKER.search(clean) and _only_points(text, question):
        clean = quote_cited(text, passages, question) or clean
    return _plain_dates(clean), citations_of(clean, passages)


_ORDINAL_DATE = re.compile(
    rf"\b((?:{MONTH_NAMES})\.? \d{{1,2}})(?:st|nd|rd|th)\b(?:(\s*[-–]\s*\d{{1,2}})(?:st|nd|rd|th)?\b)?"
)


def _plain_dates(text: str) -> str:
    """Dates as the VNA articles write them: "November 13th" is "November 13".

    >>> _plain_dates("On November 13th-14th, Nov. 2nd and the 5th may be.")
    'On November 13-14, Nov. 2 and the 5th may be.'
    """
    return _ORDINAL_DATE.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}", text)


def _without_heads(text: str, passages: Sequence[Passage]) -> str:
    """The reply without the "[3] Title (date):" heads of the passages it copied whole from
    the prompt, with or without "The" before them: a head is no answer, and its date would
    pass for one.

    >>> ps = [Passage(id="a#0", doc_id="a", title="Talks in Lima", date="2024-11-13", text="", start=0,
    ...               end=0)]
    >>> _without_heads("[1] Talks in Lima (2024-11-13): The visit marks 30 years.", ps)
    'The visit marks 30 years.'
    >>> _without_heads("The Talks in Lima (2024-11-13): The visit marks 30 years.", ps)
    'The visit marks 30 years.'
    >>> _without_heads("It was 30 years [1]. Talks in Lima: more.", ps)
    'It was 30 years [1]. Talks in Lima: more.'

    A reply that is only a head's date, in brackets as the prompt shows it, is nothing (also
    for a "when" question the article's date would answer: the copy is no reading); a date
    after a sentence's words stays:

    >>> _without_heads("[1] [2024-11-13]", ps)
    ''
    >>> _without_heads("The talks opened (2024-11-13) [1].", ps)
    'The talks opened (2024-11-13) [1].'
    """
    for p in passages:
        if p.title:
            date = rf"(?:\s*{re.escape(dated(p))})?"
            text = re.sub(rf"(?m)^\s*(?:\[\d+\]\s*)?(?:[Tt]he )?{re.escape(p.title)}{date}:\s+", "", text)
    dates = "|".join(re.escape(p.date) for p in passages if p.date)
    if dates and re.fullmatch(rf"(?:\s|\[\d+\])*[\[(](?:{dates})[\])](?:\s|\[\d+\]|\.)*", text):
        return ""
    return text


def citations_of(text: str, passages: Sequence[Passage]) -> list[Citation]:
    """The passages the markers of `text` cite, in the order of first mention."""
    return [Citation(**passages[n - 1].model_dump(), marker=n) for n in dict.fromkeys(markers(text, len(passages)))]


def cite_also(
    text: str, passages: Sequence[Passage], question: str, missing: Sequence[str], documents: Sequence[str]
) -> str:
    """`text` citing also the passage whose article holds the question's `missing` names, where
    that passage holds words of the answer that the cited ones lack: an answer to a question
    about two articles ("Which agreements come up in the Peru talks and the Poland
    consultation?") whose one sentence cited only the first. Where the cited passages lack
    none of the answer's words, the passage must say them of a missing name in one sentence
    ("Hanoi hosted both the NA session and the Vietnam-Slovakia consultation [1]"; see
    `_says_of`). `documents` holds each passage's article text; the text is returned unchanged
    when no passage does.

    >>> ps = [Passage(id=f"{d}#0", doc_id=d, text=t, start=0, end=0)
    ...       for d, t in (("p", "Peru and Vietnam are in the CPTPP."), ("o", "Poland backs the EVFTA."))]
    >>> cite_also("The CPTPP and the EVFTA [1].", ps, "Which deals with Peru and Poland?", ["Poland"],
    ...           [p.text for p in ps])
    'The CPTPP and the EVFTA [1][2].'
    >>> ps = [Passage(id=f"{d}#0", doc_id=d, text=t, start=0, end=0)
    ...       for d, t in (("n", "The NA met in Hanoi."), ("s", "Slovakia held talks in Hanoi."), ("l", "Laos"))]
    >>> cite_also("Hanoi hosted both [1].", ps, "Which city hosted both the NA and Slovakia talks?", ["Slovakia"],
    ...           [p.text for p in ps])
    'Hanoi hosted both [1][2].'
    """
    cited = set(markers(text, len(passages)))
    if not cited or not missing:
        return text
    new = _new_stems(MARKER.sub(" ", text), question, names_only=False)
    held = set().union(*(_holds(text, passages[n - 1]) for n in cited))
    lacking = {w for w in new if not _shared(w, held)}
    candidates = [
        n for n in range(1, len(passages) + 1)
        if n not in cited
        and all(named_in(squash(w), squash(documents[n - 1])) for w in missing)
        and (any(_shared(w, _holds(text, passages[n - 1])) for w in lacking) if lacking
             else _says_of(passages[n - 1].text, new, missing))
    ]
    if not candidates:
        return text
    return _cite_more(text, max(candidates, key=lambda n: passages[n - 1].score))


def _says_of(text: str, new: AbstractSet[str], missing: Sequence[str]) -> bool:
    """True when one sentence of `text` holds all the stems `new` and a name of `missing`:
    "Vietnam, Slovakia hold talks in Hanoi" says "Hanoi" of Slovakia; "Slovakia's minister
    will visit Hanoi. The talks were in Bratislava." says it too, of a visit.

    >>> _says_of("Slovakia met in Hanoi. The NA met.", {"hanoi"}, ["Slovakia"])
    True
    >>> _says_of("Slovakia met in Bratislava. The NA met in Hanoi.", {"hanoi"}, ["Slovakia"])
    False
    """
    return bool(new) and any(
        all(_shared(w, set(stems(s))) for w in new) and any(named_in(squash(m), squash(s)) for m in missing)
        for s in sentences(text)
    )


def _markers_inside(text: str) -> str:
    """Markers written after a sentence's full stop belong to that sentence.

    >>> _markers_inside("Viettel runs it. [2] Peru agreed.[1][3]")
    'Viettel runs it [2]. Peru agreed [1][3].'
    >>> _markers_inside('It said: "Peru agreed." [3]')
    'It said: "Peru agreed [3]."'

    An ellipsis before the markers is where an excerpt was cut (`qa.context`), copied by the
    model: the sentence ends there.

    >>> _markers_inside("They laid a foundation for... [4]"), _markers_inside("They laid it for… [4]")
    ('They laid a foundation for [4].', 'They laid it for [4].')
    """
    return _TRAILING.sub(lambda m: f" {m.group(2).strip()}{'.' if m.group(1) in ('...', '…') else m.group(1)}", text)


_TRAILING = re.compile(rf"\s*(\.\.\.|…|[.!?][\"”’']?)((?:\s*{MARKER.pattern})+)")
# The dateline that opens a news article's lead: a place, maybe a date, then an agency in
# brackets ("Lima (VNA) – ", "Hanoi, July 9 (Kyodo) - ") or the place in capitals ("LIMA — ").
_DATELINE = re.compile(r"(?P<place>[^\W\d_][^()–—.?!]{0,40}?)\s*(?P<agency>\([A-Z][A-Za-z]+\)\s*[-–—]|\s[–—])\s")


def _is_lead(sentence: str) -> bool:
    """True when `sentence` opens with a dateline.

    >>> [_is_lead(s) for s in ("Lima (VNA) – Cuong met.", "LIMA — Cuong met.", "Hanoi, July 9 (VNA) - It met.")]
    [True, True, True]
    >>> [_is_lead(s) for s in ("Viettel – the army's group – runs Bitel.", "Mr. Cuong – who came – met.", "I – I agreed.")]
    [False, False, False]
    """
    found = _DATELINE.match(sentence)
    if not found:
        return False
    return found["agency"].startswith("(") or (found["place"].isupper() and len(found["place"]) > 1)


def quote_cited(text: str, passages: Sequence[Passage], question: str) -> str:
    """When the model only points at passages ("they are mentioned in [3]"), answer with the
    sentence of the first passage it points at that best matches the question, unless that
    is a label (`_copies_label`) or shares only names with the question: a dateline's
    "Vietnam's President held talks in Lima on November 13" does not say when Vietnam opens
    its embassy in Lima. Nor is a lead sentence after its dateline ("Lima (VNA) – …") quoted
    but for who, when or where (a day, a year, a city): it tells who met whom, where and when,
    and shares the words of any question about the visit ("Which ministers accompanied him on
    his official visit?").

    >>> ps = [Passage(id="a#0", doc_id="a", start=0, end=30, text="Leaders met in Lima. Viettel runs Bitel.")]
    >>> quote_cited("See [1].", ps, "Who runs Bitel?"), quote_cited("See [1].", ps, "When did Viettel open in Lima?")
    ('Viettel runs Bitel. [1]', '')
    >>> ps = [Passage(id="a#0", doc_id="a", start=0, end=30, text="Lima (VNA) – Cuong held talks on his official visit.")]
    >>> [quote_cited("[1]", ps, q) for q in ("Which ministers joined Cuong's official visit?",
    ...  "In which city did Cuong hold talks?")]
    ['', 'Lima (VNA) – Cuong held talks on his official visit. [1]']
    """
    cited = markers(text, len(passages))
    if not cited:
        return ""
    quote = best_sentence(passages[cited[0] - 1].text, question)
    asked = _beyond_names(question)
    if _copies_label(quote, passages, question) or (asked and not asked & set(stems(quote))):
        return ""
    wh, kind = _asks(question)
    about_lead = bool(wh and re.match(r"when|where|who", wh.group(0))) or bool(
        kind and re.search(r"year|month|date|day|time|city|town", kind.group(0))
    )
    if _is_lead(quote) and not about_lead:
        return ""
    return f"{quote} [{cited[0]}]"


def _beyond_names(text: str) -> set[str]:
    """The stems of `text` that are not those of its names: what it says of them."""
    return set(stems(text)) - set(stems(" ".join(names(text))))


def _only_points(text: str, question: str) -> bool:
    """True when the text says nothing beyond the question but where to look."""
    said = set(stems(MARKER.sub(" ", text))) - set(stems(question))
    return _pointing(said) and not is_decline(text)


def _points(claim: str) -> bool:
    """True when `claim` only says where to look ("This is stated in passage 2.").

    >>> _points("This information is found in Passage [2]."), _points("Viettel is found in [2].")
    (True, False)
    """
    return _pointing(set(stems(MARKER.sub(" ", claim))))


def _pointing(said: set[str]) -> bool:
    """True when `said` holds only words about sources, and numbers only where it names a
    source too ("passage 2"): "The answer is 58" answers.

    >>> _pointing({"found", "passag", "2"}), _pointing({"answer", "58"})
    (True, False)
    """
    return all(w in _POINTING or (w.isdigit() and bool(said & _SOURCE_WORDS)) for w in said)


def restated(reply: str, question: str) -> bool:
    """True when `reply` says nothing the question does not, but where to look: the model
    restated the question without reading the answer out of a passage ("The French official
    held a working session … This information is found in Passage [4]."). Not a decline, nor
    a reply to a yes/no question ("No, they did not sign it [1]." says no).

    >>> q = "Which French official met them?"
    >>> restated("The French official met them. See passage [4].", q), restated("Thani Mohamed Soilihi met them [4].", q)
    (True, False)
    >>> restated("The passages do not mention it.", q), restated("No, they did not [1].", "Did they sign it?")
    (False, False)
    """
    return bool(stems(MARKER.sub(" ", reply))) and not _YES_NO.match(question) and _only_points(reply, question)


def markers(text: str, count: int | None = None) -> list[int]:
    """The numbers of the `[n]` / `[n, m]` markers of `text`, in order; with `count`, only
    those that point at one of `count` passages.

    >>> markers("Viettel [1][2, 7].", count=3)
    [1, 2]
    """
    found = (int(x) for m in MARKER.finditer(text) for x in re.split(r"\s*[,;]\s*", m.group(1)))
    return [n for n in found if 1 <= n and (count is None or n <= count)]


_CLAUSE = re.compile(r"(?<=,) and (?=\S)")


def _fix_clauses(sentence: str, passages: Sequence[Passage], question: str, names_only: bool) -> str:
    """`_fix_sentence` for each clause of a sentence that joins two statements with ", and"
    ("Nguyen Manh Cuong led the Laos talks, and Luong Cuong met Boluarte."): each is cited by
    the passage that holds it, often of two articles. An answer in another language keeps
    its sentences whole, as its markers do.

    >>> ps = [Passage(id=f"{d}#0", doc_id=d, text=t, start=0, end=0)
    ...       for d, t in (("l", "Laos talks: Nguyen Manh Cuong led."), ("p", "Luong Cuong met Boluarte."))]
    >>> _fix_clauses("Nguyen Manh Cuong led the Laos talks, and Luong Cuong met Boluarte [1].", ps, "", False)
    'Nguyen Manh Cuong led the Laos talks [1], and Luong Cuong met Boluarte [2].'
    """
    clauses = _CLAUSE.split(sentence)
    if names_only or len(clauses) == 1 or any(len(keywords(MARKER.sub(" ", c))) < 2 for c in clauses):
        return _fix_sentence(sentence, passages, question, names_only)
    fixed = [_fix_sentence(c.rstrip(", ") if i < len(clauses) - 1 else c, passages, question, names_only)
             for i, c in enumerate(clauses)]
    # A list ("Peru, Chile, and Mexico") or two facts of one passage stay one sentence.
    if len({tuple(markers(f)) for f in fixed if f}) < 2 or not all(markers(f) for f in fixed):
        return _fix_sentence(sentence, passages, question, names_only)
    return ", and ".join(fixed)


def _fix_sentence(sentence: str, passages: Sequence[Passage], question: str, names_only: bool) -> str:
    cited = markers(sentence, len(passages))
    claim = MARKER.sub("", sentence).strip()
    bare = re.sub(r"\s+([.,;:!?])", r"\1", MARKER.sub("", sentence)).rstrip()
    if not claim or not passages:
        return bare
    if _points(claim) or _copies_label(claim, passages, question):
        return ""
    new = _new_stems(claim, question, names_only)
    if names_only and not new:
        # An answer in another language that names nothing beyond its question has no words
        # to check against English passages: the model's own markers stand, where the passage
        # is about the question at all, and where it says something the question does not.
        asked = set(stems(question))
        says = _new_stems(claim, question, names_only=False)
        cites = [n for n in dict.fromkeys(cited) if says and len(asked & set(stems(passages[n - 1].text))) >= 2]
    elif not names_only and new == _AFFIRM:
        cites = _affirming(claim, passages)
    else:
        cites = _supporting(claim, new, passages)
    if not cites or not (cited or _is_claim(claim)):
        return bare
    marks = "".join(f"[{n}]" for n in cites)
    end = bare[-1] if bare[-1:] in ".!?" else ""
    return f"{bare[: len(bare) - len(end)]} {marks}{end}"


_AFFIRM = frozenset(["yes"])
_NEGATION = re.compile(r"\b(?:not|never|no)\b|n't\b", re.IGNORECASE)


def _affirming(claim: str, passages: Sequence[Passage]) -> list[int]:
    """`[n]` for the best ranked passage that holds every word of a "yes" answer but its names
    ("Yes, the Peruvian President accepted the invitation to visit Vietnam"), which restates
    its question; `[]` when none does. The names are checked against the whole article
    (`missing_names`, `unfounded_names`), as are those in brackets, which a follow-up's
    question gave. A "yes" with a negation restates nothing checkable ("not" is no keyword).

    >>> ps = [Passage(id="a#0", doc_id="a", start=0, end=0, text="Boluarte accepted the invitation.")]
    >>> _affirming("Yes, Boluarte accepted the invitation.", ps), _affirming("Yes, Boluarte declined it.", ps)
    ([1], [])
    >>> _affirming("Yes, Boluarte did not accept it.", ps)
    []
    """
    plain = without_brackets(claim)  # the names a follow-up's question gave in brackets
    if _NEGATION.search(plain):
        return []  # "not" is a stopword: "Yes, she did not accept" is no restatement to check
    said = {w for w in _beyond_names(plain) if len(w) > 1} - _AFFIRM - _META
    # Its names are not looked for in the passage, which often says "the latter" for the
    # one named elsewhere in the article.
    holding = [n for n in range(1, len(passages) + 1) if said and _share(said, _holds(claim, passages[n - 1])) == 1]
    return [max(holding, key=lambda n: passages[n - 1].score)] if holding else []


def _pair(new: set[str], have: list[set[str]], scores: dict[int, float], passages: Sequence[Passage]) -> list[int]:
    """Two passages that together support a sentence that joins facts from both ("They
    signed trade agreements [1] and will announce a new framework [2]."), each holding
    some of it that the other lacks; [] when no pair does. `have` holds each passage's
    stems (`_holds`), `scores` each one's share of the sentence's `new` stems alone.

    >>> ps = [Passage(id=f"{d}#0", doc_id=d, text="", start=0, end=0) for d in "ab"]
    >>> _pair({"sign", "trade", "deal", "new", "framework"}, [{"sign", "trade"}, {"new", "framework"}],
    ...       {1: 0.4, 2: 0.4}, ps)
    [1, 2]
    """
    held = {
        (a, b): _share(new, have[a - 1] | have[b - 1])
        for a in range(1, len(passages) + 1)
        for b in range(a + 1, len(passages) + 1)
    }
    # The better ranked pair on ties, as for one passage.
    best = max(held, key=lambda ab: (held[ab], sum(passages[n - 1].score for n in ab)), default=None)
    if best is None or held[best] < SUPPORTED:
        return []
    return list(best) if all(scores[n] < held[best] for n in best) else []


def _supporting(claim: str, new: set[str], passages: Sequence[Passage]) -> list[int]:
    """The numbers of the passages that support a claim whose stems beyond the question are
    `new`: the one that holds most of it, with the one that holds the names and numbers it
    lacks; or two that hold it together; [] when none do.

    >>> ps = [Passage(id=f"{d}#0", doc_id=d, text=t, start=0, end=0)
    ...       for d, t in (("l", "Laos received Nguyen Manh Cuong."), ("s", "Slovakia met Ngo Le Van."))]
    >>> _supporting("Nguyen Manh Cuong and Ngo Le Van went", {"nguyen", "manh", "cuong", "ngo", "le", "van"}, ps)
    [1, 2]
    """
    have = [_holds(claim, p) for p in passages]
    scores = {n: _share(new, have[n - 1]) for n in range(1, len(passages) + 1)}
    # The passage that holds most of the sentence, the better ranked on ties: where several
    # outlets tell the same story, the model's pick is often a weaker copy.
    best = max(scores, key=lambda n: (scores[n], passages[n - 1].score))
    if scores[best] >= SUPPORTED:
        return [best, *_completing(claim, new, have, best, passages)]
    return _pair(new, have, scores, passages)


def _completing(
    claim: str, new: set[str], have: list[set[str]], best: int, passages: Sequence[Passage]
) -> list[int]:
    """`[n]` for the passage that holds every name and number of the claim that passage `best`
    lacks ("Nguyen Manh Cuong [Laos item] and Ngo Le Van [Slovakia item] took part"), the
    better ranked on ties; `[]` when `best` lacks none or only numbers, or no one passage holds
    them all; a name of which `best` holds a word ("Boluarte" of "Dina Ercilia Boluarte
    Zegarra") is not lacking, but each half of a hyphenated one is a name (`_name_halves`).
    See `_supporting` for an example."""
    lacking = {
        w
        for name in names(claim)
        for part in _name_halves(name)
        if not any(_shared(w, have[best - 1]) for w in stems(part))
        for w in set(stems(part)) & new
    }
    if all(w.isdigit() for w in lacking):
        return []  # a lone number is no name: it is where the claim goes beyond its passage
    holding = [n for n in range(1, len(passages) + 1) if n != best and all(_shared(w, have[n - 1]) for w in lacking)]
    return [max(holding, key=lambda n: passages[n - 1].score)] if lacking and holding else []


def _name_halves(name: str) -> list[str]:
    """The names a one-word name joins with plain hyphens ("Vietnam-Slovakia" names Slovakia
    too, even where a passage holds "Vietnam"); other names whole ("Hanoi-based", "Ba
    Ria-Vung Tau").

    >>> [_name_halves(n) for n in ("Vietnam-Slovak", "Hanoi-based", "Ba Ria-Vung Tau", "Peru")]
    [['Vietnam', 'Slovak'], ['Hanoi-based'], ['Ba Ria-Vung Tau'], ['Peru']]
    """
    halves = name.split("-")
    return halves if " " not in name and len(halves) > 1 and all(h[:1].isupper() for h in halves) else [name]


def _copies_label(claim: str, passages: Sequence[Passage], question: str = "") -> bool:
    """True when `claim` holds a photo credit, or is a passage's whole title (with its date at
    most): the model copied a label instead of answering. A title that holds every word of
    the question and more answers it: "Vietnam proposes three key orientations for ASEAN"
    for "How many key orientations did Vietnam propose for ASEAN?".

    >>> p = Passage(id="a#0", doc_id="a", title="Council meets", date="2025-07-09", text="", start=0, end=0)
    >>> [_copies_label(c, [p]) for c in ("The Council meets (2025-07-09)", "Council meets on July 9", "Council")]
    [True, False, False]
    >>> _copies_label("The Council meets (2025-07-09)", [p], "When did the Council meet?")
    True
    >>> t = p.model_copy(update={"title": "Vietnam proposes three orientations"})
    >>> [_copies_label("Vietnam proposes three orientations", [t], q) for q in (
    ...     "How many orientations does Vietnam propose?", "Where does Vietnam propose orientations?")]
    [False, True]
    """
    if CAPTION.search(claim):
        return True
    said, asked = set(stems(claim)), set(stems(question))
    # Only for a question whose kind of answer is checked ("how many" wants a number): a
    # title says nothing of where or why.
    wh, kind = _asks(question)
    answers = kind is not None and names_kind_asked(question, claim)
    # Nor for "which meeting" or "what event", whose answer a title can name: "Vietnam
    # proposes three key orientations for ASEAN at AMM-58" for "At which ASEAN meeting did
    # Vietnam propose three key orientations?", where the title holds the question's names.
    which = kind is None and bool(wh and _WHICH_THING.match(wh.group(0)))
    return any(
        p.title and set(stems(p.title)) <= said <= set(stems(f"{p.title} {p.date}"))
        and not (answers and asked <= set(stems(p.title)) and (said - asked) & set(stems(p.title)))
        and not (which and _names_more(question, p.title))
        for p in passages
    )


# "Which meeting", "what organisation": things a title can name, not what was said or done.
_WHICH_THING = re.compile(
    r"(?:which|what) (?:[\w-]+ ){0,2}?(?:meeting|summit|conference|forum|event|session|organi[sz]ation|body|agency"
    r"|group|committee|council|ministry|project|agreement|treaty|programme|program)s?\b"
)


def _names_more(question: str, title: str) -> bool:
    """Whether `title` holds every name of `question` and names something more.

    >>> _names_more("At which ASEAN meeting did Vietnam speak?", "Vietnam speaks at AMM-58 of ASEAN")
    True
    >>> [_names_more("Which meeting did Laos hold?", t) for t in ("Vietnam speaks at AMM-58", "Laos meets in 2025",
    ...  "Welcoming ceremony held for Laos")]
    [False, False, False]
    """
    asked = {w for n in names(question) for w in stems(n)}
    # A capitalised first word is a name the question may hold, but no more that it names.
    more = {w for n in names(title, lone_first_words=False) for w in stems(n)} - asked
    return asked <= {w for n in names(title) for w in stems(n)} and any(not w.isdigit() for w in more)


def _is_claim(sentence: str) -> bool:
    """A sentence worth a citation: it states something (not just a greeting)."""
    return len(keywords(sentence)) >= 1 and not is_decline(sentence)
