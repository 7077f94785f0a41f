"""Text folding shared by keyword search, question handling and answer matching.

    >>> fold("Lương Cường met “Đà Nẵng” officials")
    'luong cuong met "da nang" officials'
    >>> keywords("What did Lương Cường congratulate Peru on?")
    ['luong', 'cuong', 'congratulate', 'peru']
    >>> stems("Boluarte presented awards")
    ['boluart', 'present', 'award']
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from typing import NamedTuple

import Stemmer

# Letters that NFKD does not decompose into a base letter plus a mark.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})
_WORD = re.compile(r"[a-z0-9]+")

STOPWORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "been", "by", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "whose", "why", "will", "with", "would", "you", "your", "about", "after", "before", "also", "any", "can", "could", "many", "much", "more", "most", "other", "over", "such", "was"]
)
_ENGLISH_HINTS = frozenset(
    ["what", "who", "whom", "whose", "which", "when", "where", "why", "how", "is", "are", "was", "were", "did", "does", "do", "the", "of", "to", "in", "on"]
)
_VIETNAMESE_TOO = frozenset(["do", "to"])  # hints that are common Vietnamese words too
_VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300-\u0303\u0309\u0323]")


def fold(text: str) -> str:
    """Lower case, diacritics dropped, curly quotes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL).translate(_QUOTES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The folded alphanumeric words of `text`."""
    return _WORD.findall(fold(text))


def vi_words(text: str) -> list[str]:
    """The lower-case words of `text` with their diacritics, which tell Vietnamese words
    apart ("sáu", six, from "sau", after).

    >>> vi_words("Sáu nội dung, sau đó")
    ['sáu', 'nội', 'dung', 'sau', 'đó']
    """
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).lower())


def keywords(text: str) -> list[str]:
    """Words of `text` that carry meaning (stopwords dropped), for keyword search."""
    return [w for w in words(text) if w not in STOPWORDS]


_stemmer = Stemmer.Stemmer("english")


# Nationality words and their countries, which news uses in turn: "Polish officials" in
# a question, "Poland" in the article.
DEMONYMS = dict(
    pair.split(":")
    for pair in """afghan:afghanistan african:africa american:america argentine:argentina
    argentinian:argentina asian:asia australian:australia austrian:austria belgian:belgium
    brazilian:brazil british:britain burmese:myanmar cambodian:cambodia canadian:canada
    chilean:chile chinese:china colombian:colombia cuban:cuba czech:czechia danish:denmark
    dutch:netherlands egyptian:egypt european:europe filipino:philippines finnish:finland
    french:france german:germany greek:greece hungarian:hungary indian:india
    indonesian:indonesia iranian:iran iraqi:iraq irish:ireland israeli:israel italian:italy
    japanese:japan korean:korea lao:laos laotian:laos malaysian:malaysia mexican:mexico
    mongolian:mongolia norwegian:norway pakistani:pakistan palestinian:palestine
    peruvian:peru polish:poland portuguese:portugal russian:russia singaporean:singapore
    slovak:slovakia slovakian:slovakia spanish:spain swedish:sweden swiss:switzerland
    syrian:syria thai:thailand turkish:turkey ukrainian:ukraine venezuelan:venezuela
    vietnamese:vietnam""".split()
)
# Offices that questions name in lower case ("Peru's prime minister"), with the forms news
# writes them in.
TITLES = {
    "prime minister": ("prime minister", "pm", "premier"),
    "vice president": ("vice president", "vp"),
    "deputy prime minister": ("deputy prime minister", "deputy pm"),
    "foreign minister": ("foreign minister", "minister of foreign affairs", "foreign affairs minister"),
    "deputy foreign minister": ("deputy foreign minister", "deputy minister of foreign affairs"),
    "general secretary": ("general secretary", "secretary general"),
    "ambassador": ("ambassador",),
    "mayor": ("mayor",),
    "governor": ("governor",),
}
# The same offices in Vietnamese, folded: "Phó Thủ tướng Nguyễn Chí Dũng" in an English
# question. Longer forms first: "pho thu tuong" holds "thu tuong".
VI_TITLES = {
    "pho thu tuong": "deputy prime minister",
    "thu tuong": "prime minister",
    "thu truong bo ngoai giao": "deputy foreign minister",
    "thu truong ngoai giao": "deputy foreign minister",
    "bo truong bo ngoai giao": "foreign minister",
    "bo truong ngoai giao": "foreign minister",
    "tong bi thu": "general secretary",
    "dai su": "ambassador",
}
_VI_TITLE_WORDS = [(vi.split(), title) for vi, title in VI_TITLES.items()]
# A word of letters only: no digits, no underscore.
_LETTERS = re.compile(r"[^\W\d_]+")


def without_vi_titles(text: str) -> tuple[str, list[str]]:
    """`text` with the Vietnamese offices it names (`VI_TITLES`) blanked out, and those
    offices in English. "Đại sứ quán" (embassy) is no ambassador.

    >>> without_vi_titles("What did Phó Thủ tướng Nguyễn Chí Dũng say at the Đại sứ quán?")
    ('What did  Nguyễn Chí Dũng say at the Đại sứ quán?', ['deputy prime minister'])
    """
    found: list[str] = []
    tokens = list(_LETTERS.finditer(text))
    folded = [fold(t.group(0)) for t in tokens]
    spans = []
    n = 0
    while n < len(tokens):
        for vi, title in _VI_TITLE_WORDS:
            size = len(vi)
            if folded[n : n + size] == vi and folded[n + size : n + size + 1] != ["quan"]:
                found.append(title)
                spans.append((tokens[n].start(), tokens[n + size - 1].end()))
                n += size
                break
        else:
            n += 1
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text, list(dict.fromkeys(found))


# The words of an office's name: "State President", "Minister of Foreign Affairs", "Deputy PM".
_OFFICE_HEADS = frozenset(
    "president minister secretary chairman chairwoman ambassador premier mayor governor pm vp".split()
)


def named_in(word: str, haystack: str) -> bool:
    """`word`, or the country of a nationality word ("polish": "poland"), is in `haystack`.

    >>> named_in("polish", "warsawpoland"), named_in("slovak", "warsawpoland")
    (True, False)
    """
    return word in haystack or DEMONYMS.get(word, word) in haystack


def is_office(name: str) -> bool:
    """True when `name` is an office, not a body: "Deputy Minister", not "Ministry of Foreign Affairs".

    >>> is_office("State President"), is_office("Minister of Foreign Affairs"), is_office("Ministry of Foreign Affairs")
    (True, True, False)
    """
    return bool(_OFFICE_HEADS & set(words(name)))


_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
# Numbers written as words, cardinal or ordinal, and their digits: "the third time" in an
# article, "three times" or "3rd" in a question or an answer. Not "one", "two", "first" and
# "second", words of other senses too ("one of", "first visit") that would support the
# digits of "$1.2 billion".
CARDINALS = ("three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_ORDINALS = ("third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth")
NUMBER_WORDS = {word: str(n) for spelled in (CARDINALS, _ORDINALS) for n, word in enumerate(spelled, 3)} | {
    f"{tens}{end}": str(n)
    for n, tens in zip(range(20, 100, 10), ("twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"))
    for end in ("y", "ieth")
}


def is_ordinal(word: str) -> bool:
    """True for a folded word that ranks rather than counts: "3rd", "first", "third".

    >>> [is_ordinal(w) for w in ("3rd", "first", "tenth", "three", "12")]
    [True, True, True, False, False]
    """
    return bool(_ORDINAL.match(word)) or word in ("first", "second", *_ORDINALS)


def stems(text: str) -> list[str]:
    """English stems of the keywords of `text`: "presented" and "present" meet, so do
    "Polish" and "Poland", "13th" and "13", "third" and "three".

    >>> stems("Polish officials met on the 8th for the third time")
    ['poland', 'offici', 'met', '8', '3', 'time']
    """
    # Only a word that starts with a digit can be an ordinal: the regex stays off the
    # hot path of indexing every passage.
    plain = [
        _ORDINAL.sub(r"\1", w) if w[0].isdigit() else NUMBER_WORDS.get(w) or DEMONYMS.get(w, w)
        for w in keywords(text)
    ]
    return list(_stemmer.stemWords(plain))


# A sentence with a photo credit, "(Photo: VNA)", is a caption: it describes a picture, and
# the model copies one when it has no answer.
CAPTION = re.compile(r"\(\s*photo\b[^)]*\)?", re.IGNORECASE)  # the credit whole, to cut it
# A photo credit that ends a caption's line, "… Meeting. (Photo: VNA)", stays with it.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*(?![ \t]+\(\s*(?i:photo)\b[^)\n]*\)[ \t]*(?:\r?\n|$))\s+|\n+")
# A period after an initial or a short abbreviation ("George H.W. Bush", "U.S. troops", "Mr.")
# does not end a sentence.
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|Gen|Gov|Sen|Rep)\.)[\"”’']?$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`; a line break ends one too, and
    initials and abbreviations stay inside theirs.

    >>> sentence_spans("It rose 2.5%. Then fell!")
    [(0, 13), (14, 24)]
    >>> sentences("Leaders meet.  (Photo: VNA)\\r\\nThey spoke. (Photo: a) Then left.")
    ['Leaders meet.  (Photo: VNA)', 'They spoke.', '(Photo: a) Then left.']
    """
    bounds = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)]
    spans: list[tuple[int, int]] = []
    start = 0
    for end, after in [*bounds, (len(text.rstrip()), len(text))]:
        if text[start:end].strip():
            last = spans[-1] if spans else None
            if last and _ABBREVIATION.search(text[slice(*last)]) and "\n" not in text[last[1] : start]:
                spans[-1] = (last[0], end)
            else:
                spans.append((start, end))
        start = after
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of `text` (see `sentence_spans`).

    >>> sentences("He served George H.W. Bush. Then he left.")
    ['He served George H.W. Bush.', 'Then he left.']
    """
    return [text[start:end].strip() for start, end in sentence_spans(text)]


_TOKEN = re.compile(r"[^\W_][\w.-]*")


def without_brackets(text: str) -> str:
    """`text` with its "(…)" asides blanked out.

    >>> without_brackets("Who won? (Choose one: A; B.)")
    'Who won?  '
    """
    return re.sub(r"\([^)]*\)", " ", text)


def names(text: str, lone_first_words: bool = True) -> list[str]:
    """Capitalised phrases and numbers of a question (outside brackets): what it is about.

    With `lone_first_words=False`, a capitalised first word of a sentence followed by a
    lower-case word ("Far-right pundit Alex Jones …") is taken for grammar, not a name.

    >>> names("Who is the Prime Minister of Peru's government in 2023? (Choose one: A; B.)")
    ['Prime Minister', 'Peru', '2023']
    >>> names("Far-right pundit Alex Jones was in court.", lone_first_words=False)
    ['Alex Jones']
    >>> names("Starbucks brought back the “PSL.” What does it stand for?")
    ['Starbucks', 'PSL']
    """
    found: list[str] = []
    for sentence in sentences(without_brackets(text)):
        run: list[str] = []
        run_start = 0
        for n, m in enumerate(_TOKEN.finditer(sentence)):
            word = m.group(0).strip(".-")
            skip = n == 0 and word.lower() in _ENGLISH_HINTS | STOPWORDS
            if word[:1].isupper() and not skip:
                run_start = n if not run else run_start
                run.append(word)
                continue
            grammar = not lone_first_words and run_start == 0 and len(run) == 1 and _plain_capital(run[0])
            found += [" ".join(run)] if run and not grammar else []
            run = []
            if word[:1].isdigit():
                found.append(word)
        found += [" ".join(run)] if run else []
    return found


def _plain_capital(word: str) -> bool:
    """"Far-right" or "Baseball", not "NASA", "iOS" or "F1"."""
    rest = word[1:].replace("-", "")
    return rest.isalpha() and rest.islower()


# "…, and what …?": the second thing a question asks.
_SECOND_PART = re.compile(
    r",?\s+and\s+(?=(?:what|which|who|whom|whose|when|where|how|(?:in|on|at|for) (?:which|what))\b)", re.IGNORECASE
)


# "…, and which country was each consulting with?": a second part about each of the things
# the first asks for; not "each other".
_OF_EACH = re.compile(r"\beach\b(?!\s+other\b)", re.IGNORECASE)


def split_parts(question: str) -> list[str]:
    """The things a question asks, where it asks two or more in turn ("Which …, and what …?"),
    each with two keywords at least; `[question]` when it asks one.

    >>> split_parts("Which summit did he attend, and which year's Land Law did he review?")
    ['Which summit did he attend', "which year's Land Law did he review?"]
    >>> split_parts("Where and when was it held?")
    ['Where and when was it held?']

    A second part that asks something of each of the several things the first asks for
    ("…, and in which city was each held?") is no question of its own: the question stays
    whole (`one_of_several` takes it, and may put it to each news item alone).

    >>> split_parts("Which countries held consultations, and in which city was each held?")
    ['Which countries held consultations, and in which city was each held?']
    >>> split_parts("Name the ministers in the news items, and the country each held a consultation with.")
    ['Name the ministers in the news items, and the country each held a consultation with.']
    >>> split_parts("Which leaders met in Lima, and how did they describe each other?")
    ['Which leaders met in Lima', 'how did they describe each other?']
    >>> split_parts("What did Vietnam and Laos each pledge, and when was the meeting held?")
    ['What did Vietnam and Laos each pledge', 'when was the meeting held?']
    """
    parts = [p.strip() for p in _SECOND_PART.split(question)]
    if len(parts) == 1 or not all(len(keywords(p)) >= 2 for p in parts):
        parts = _distributed(question)
    parts = [parts[0], *(_one_named(p, parts[0]) for p in parts[1:])]
    if any(_OF_EACH.search(p) for p in parts[1:]) and one_of_several(question):
        return [question]
    return parts if len(parts) > 1 and all(len(keywords(p)) >= 2 for p in parts) else [question]


# What ends the kind a "Which …" question asks for: its verb.
_AUXILIARY_WORDS = frozenset("do does did is are was were has have had will would can could".split())
_WHICH_ONE = re.compile(r"^(which|what)\s+one\b", re.IGNORECASE)


def _one_named(part: str, first: str) -> str:
    """A second part that asks "which one …" with the kind that the `first` part asks for.

    >>> _one_named("which one did Vietnam and Poland agree to implement?", "Which trade pact do Vietnam and Peru share")
    'which trade pact did Vietnam and Poland agree to implement?'
    >>> _one_named("which one went to Brazil?", "Which Vietnamese leader held talks in Lima")
    'which Vietnamese leader went to Brazil?'
    >>> _one_named("which one went to Brazil?", "Who held talks in Lima")
    'which one went to Brazil?'
    >>> [_one_named("which one is newest?", f) for f in ("Which trade pacts does it have", "Which two countries signed")]
    ['which one is newest?', 'which one is newest?']
    """
    said = first.split()
    if not _WHICH_ONE.match(part) or len(said) < 2 or said[0].lower() not in ("which", "what"):
        return part
    kind = []
    for word in said[1:5]:
        if word.lower() in _AUXILIARY_WORDS | _IRREGULAR_PAST or word.lower().endswith("ed"):
            break
        kind.append(word)
    else:
        return part
    # "Which trade pacts …, and which one is newest?" asks for one of those the first part
    # names: not a kind of its own.
    plural = kind and kind[-1].lower().endswith("s") and not kind[-1].lower().endswith("ss")
    if not kind or plural or any(w.lower() in COUNT_WORDS or w.isdigit() for w in kind):
        return part
    return _WHICH_ONE.sub(lambda m: f"{m[1]} {' '.join(kind)}", part, count=1)


# "… with Slovakia and with Laos?", "… the Vietnam-Slovakia and the Vietnam-Poland talks?":
# one question asked of two things, each after the same word.
_BOTH = re.compile(
    r"\b(?P<w>with|in|at|on|for|from|to|by|of|the) (?P<x>(?:(?!\b(?P=w)\b)[^,;])+?),? and (?P=w) (?P<y>[^.?!]+?)"
    r"(?:,? respectively)?(?P<end>[?.!]?)$",
    re.IGNORECASE,
)
# "… at the ASEAN meeting and in the meeting with the Lao leader?": the same, each after its
# own preposition, the first thing's words holding none.
_PREPOSITIONS = "with|in|at|on|for|from|to|by"
_BOTH_PLACED = re.compile(
    rf"\b(?P<w>{_PREPOSITIONS}) (?P<x>(?:(?!\b(?:{_PREPOSITIONS}|and)\b)[^,;])+?),? and (?P<w2>{_PREPOSITIONS}) "
    r"(?!(?:what|which|who|whom|whose|when|where|how)\b)"
    r"(?P<y>[^.?!]+?)(?:,? respectively)?(?P<end>[?.!]?)$",
    re.IGNORECASE,
)
# A name, the second thing asked about, and the words after it that the first shares:
# "Vietnam-Poland | political consultations held", "President of Vietnam | sign".
_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?: (?:of |de |and )?[A-Z][\w'’-]*)*")
_RELATIVE = re.compile(r"(?:who|whom|whose|which)\b", re.IGNORECASE)
# "Which two ministers … with Laos and with Slovakia?": two in all, one in each part.
_COUNT_OF_PARTS = re.compile(r"\b(which|what|name the|(?:who|what) (?:are|were) the) (?:two|2) ", re.IGNORECASE)
_COMPARISON = re.compile(
    r"\b(?:between|both|differ\w*|compar\w*|same|ratio|than|versus|vs|more|less|larger|smaller|bigger|greater"
    r"|higher|lower|older|newer|longer|shorter)\b",
    re.IGNORECASE,
)


def _distributed(question: str) -> list[str]:
    """The question asked of each of two things it names after the same word (or each after
    its own preposition, "at X and in Y"), a count of two ("Which two ministers …") dropped
    from each part; `[question]` for a comparison ("the difference between the A and the B").

    >>> _distributed("Who led the consultations with Slovakia and with Laos, respectively?")
    ['Who led the consultations with Slovakia?', 'Who led the consultations with Laos?']
    >>> _distributed("Where were the Vietnam-Slovakia and the Vietnam-Poland consultations held?")
    ['Where were the Vietnam-Slovakia consultations held?', 'Where were the Vietnam-Poland consultations held?']
    >>> _distributed("Which agreements came up in the Peru talks and in the consultation with Poland?")
    ['Which agreements came up in the Peru talks?', 'Which agreements came up in the consultation with Poland?']
    >>> _distributed("What did the President of Peru and the President of Vietnam sign?")
    ['What did the President of Peru sign?', 'What did the President of Vietnam sign?']
    >>> _distributed("Which two leaders spoke at the ASEAN meeting and in the meeting with the Lao President?")
    ['Which leaders spoke at the ASEAN meeting?', 'Which leaders spoke in the meeting with the Lao President?']
    >>> _distributed("Which two ministers took part in the consultations with Laos and with Slovakia?")
    ['Which ministers took part in the consultations with Laos?', 'Which ministers took part in the consultations with Slovakia?']
    """
    found = _BOTH.search(question) or _BOTH_PLACED.search(question)
    if not found or _COMPARISON.search(question):
        return [question]
    before, w, x, y, end = question[: found.start()], found["w"], found["x"], found["y"], found["end"]
    # "Which two ministers …" counts over both parts: each part asks for its own.
    before = _COUNT_OF_PARTS.sub(r"\1 ", before, count=1)
    if "w2" in found.groupdict():
        # Each thing after its own preposition: the question asked of each with its own.
        return [f"{before}{w} {x}{end}", f"{before}{found['w2']} {y}{end}"]
    name = _NAME_RUN.match(y)
    second, tail = (name.group(0), y[name.end() :]) if name else (y, "")
    # Two people or things described each by its own clause ("the Meeting and the Deputy PM
    # who met …") are one question. The words after the second name are shared only where
    # the first is a bare name too ("the Vietnam-Slovakia and the Vietnam-Poland
    # consultations"), not where each has its own ("the Council hold its meeting and the
    # Committee open its session").
    if _RELATIVE.match(tail.strip()):
        return [question]
    if not _NAME_RUN.fullmatch(x):
        # "the Peru talks and the Poland talks produce": the words both share ("talks") are
        # the first's already, the rest ("produce") is shared; without any, none is.
        said, shared = x.split(), tail.split()
        k = next((k for k in range(min(len(said), len(shared)), 0, -1) if said[-k:] == shared[:k]), 0)
        return [f"{before}{w} {' '.join([x, *shared[k:]]) if k else x}{end}", f"{before}{w} {y}{end}"]
    return [f"{before}{w} {x}{tail}{end}", f"{before}{w} {second}{tail}{end}"]


# "Who were they?", "What are their names?", "Which two agreements are these?": a short last
# question that asks for the things the sentence before it describes.
_ASKS_FOR_THEM = re.compile(
    r"(?P<body>.*[^\s.?!])[.:;?]\s+(?P<tail>(?:(?:who|which|what)(?:\s+two)?(?:\s+[a-z]+){0,2}?\s+(?:are|were)\s+"
    r"(?:they|these|those)|what\s+(?:are|were)\s+their\s+(?:full\s+)?names|(?:can\s+you\s+)?name\s+them)\s*[?.]?)",
    re.IGNORECASE | re.DOTALL,
)
# "Who are the two …, one … and the other …?", "Name the two …": the same, asked in one sentence.
_ASKS_THE_TWO = re.compile(
    r"(?:(?:who|which|what)\s+(?:are|were)|name)\s+the\s+(?:two|2)\s+(?P<rest>[^?]+?,\s*one\s[^?]+?)\s*[?.]?",
    re.IGNORECASE,
)
# Kinds that count time, not things: "Two years ago, one leader …".
_TIME_UNITS = frozenset("second minute hour day week month year decade century time".split())
# The words a part cannot hold: a dash or colon of its own ("one Vietnamese, one Lao — met in …").
_ASIDE = re.compile(r"[–—:;]| - ")
# "Two Vietnamese deputy foreign ministers held consultations – one with Slovakia, …": the
# kind of the two things, up to its plural noun, and what is said of both.
_TWO_OF_A_KIND = re.compile(
    r"^(?:the\s+)?(?:two|2)\s+(?P<kind>(?:[\w'’-]+\s+){0,4}?[\w'’-]*[a-z]s)\b(?P<said>[^:;–—]*?)\s*(?:[:;–—]|\s-|,)\s*(?P<each>.+)$",
    re.IGNORECASE,
)
# "one with Slovakia, the other with Laos"; "a deputy prime minister and a deputy foreign minister".
_ONE_THE_OTHER = re.compile(r"^one\s+(?P<x>.+?),?\s+(?:and\s+)?(?:one|the other|another|the second)\s+(?P<y>.+)$", re.IGNORECASE)
_A_AND_A = re.compile(r"^(?:a|an)\s+(?P<x>.+?),?\s+and\s+(?:a|an)\s+(?P<y>.+)$", re.IGNORECASE)
# "Vietnam shares one trade pact with Peru and talked about implementing another one with
# Poland": what is said of each of two things of one kind, in two clauses.
_ONE_AND_ANOTHER = re.compile(
    r"^(?P<s1>.+?)\s+one\s+(?P<kind>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)(?P<r1>(?:\s+(?:(?:together|along|jointly)\s+)?(?:with|in|at|on|for|to|from|by|of)\b[^,]*?)?),?"
    r"\s+and\s+(?P<s2>[^,]+?)\s*\b(?:another|the other)(?:\s+one)?\b(?P<r2>.*)$",
    re.IGNORECASE,
)
# "named Cuong": a name that describes each thing, not words that say they are in the news.
_NAMED_SO = re.compile(r"named\s+[A-Z]")
# The name a clause opens with, its subject: "Vietnam", "Vietnam and Peru".
_SUBJECT = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)*")
# Words that open a clause with a subject of its own: "…, and it discussed another".
_NO_SUBJECT = frozenset("it they he she we i you the a an this that these those its their his her our".split())
# Longer questions are not read by `one_each`.
_ONE_EACH_CHARS = 400
# What says no more than that the things are in the news: "appear in the news items".
_ONLY_NAMED = re.compile(r"\b(?:appear|appears|mentioned|named|featured?|figure)\b", re.IGNORECASE)
# The first word of a clause that says what one thing did: "co-chaired …", "was received …".
_IRREGULAR_PAST = frozenset(
    "was were is are has had met held led saw took gave made went won came sent told spoke became oversaw".split()
)
_CLAUSE_OPENER = re.compile(r"^(?:who|that|which)\s+", re.IGNORECASE)


def _singular(plural: str) -> str:
    """The singular of the last word of `plural`: "deputy prime ministers" → "deputy prime minister".

    >>> [_singular(k) for k in ("deputy foreign ministers", "countries", "Vietnamese officials", "speeches")]
    ['deputy foreign minister', 'country', 'Vietnamese official', 'speech']
    """
    head, _, last = plural.rpartition(" ")
    for end, single in (("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("sses", "ss"), ("s", "")):
        if last.lower().endswith(end):
            last = last[: -len(end)] + single
            break
    return f"{head} {last}".strip()


def _said_of(kind: str, said: str, each: str) -> str:
    """The question for one of two things of `kind` that `said` describes both of, `each`
    this one ("with Slovakia", "co-chaired the talks with Slovakia", "meeting the Lao leader").

    >>> _said_of("Vietnamese deputy foreign minister", "held political consultations", "with Slovakia")
    'which Vietnamese deputy foreign minister held political consultations with Slovakia'
    >>> _said_of("Vietnamese deputy foreign minister", "appear in the news", "co-chaired the talks with Slovakia")
    'which Vietnamese deputy foreign minister co-chaired the talks with Slovakia'
    >>> _said_of("Vietnamese deputy prime minister", "appear in the news items", "at the ASEAN meeting")
    'which Vietnamese deputy prime minister was at the ASEAN meeting'
    """
    each = _CLAUSE_OPENER.sub("", each.strip())
    said_words = each.split()
    first = said_words[0].lower() if said_words else ""
    passive = said_words[1:2] == ["by"]
    if first.endswith("ed") or first in _IRREGULAR_PAST:
        return f"which {kind} {'was ' if passive else ''}{each}"
    if first.endswith("ing") or not said or _ONLY_NAMED.search(said):
        return f"which {kind} was {each}"
    return f"which {kind} {said} {each}"


def _one_of_a_kind(kind: str, said: str, item: str) -> str:
    """The question for one of two things described by their own kind ("a deputy prime
    minister who saw the Lao President"), after `kind`, what both are ("Vietnamese officials"),
    whose nationality it keeps.

    >>> _one_of_a_kind("Vietnamese officials", "met Lao leaders", "deputy prime minister who saw the Lao President")
    'which Vietnamese deputy prime minister saw the Lao President'
    >>> _one_of_a_kind("Vietnamese officials", "met Lao leaders", "deputy foreign minister received by Bounlua")
    'which Vietnamese deputy foreign minister was received by Bounlua'
    >>> _one_of_a_kind("Vietnamese officials", "held talks in Laos", "deputy prime minister")
    'which Vietnamese deputy prime minister held talks in Laos'
    """
    item_words = item.split()
    cut = next(
        (n for n, w in enumerate(item_words) if n and (_CLAUSE_OPENER.match(w + " ") or w.lower().endswith(("ed", "ing")))),
        len(item_words),
    )
    noun, clause = " ".join(item_words[:cut]), " ".join(item_words[cut:])
    nationality = [w for w in kind.split() if w.lower() in DEMONYMS and w.lower() not in noun.lower()]
    described = " ".join([*nationality, noun])
    return _said_of(described, said, clause) if clause else f"which {described} {said}".rstrip()


def one_each(question: str) -> str:
    """A question that describes two things, one each, and then asks for them ("Two
    Vietnamese deputy foreign ministers held consultations – one with Slovakia, one with
    Laos. Who were they?") asked as two parts, "Which …, and which …?", that `split_parts`
    splits; any other question as it is. A small model reading the two news items together
    gives one person of each ("Ngo Le Van and Marek Estok").

    >>> one_each("Two Vietnamese deputy foreign ministers held political consultations – one with Slovakia, one with Laos. Who were they?")
    'Which Vietnamese deputy foreign minister held political consultations with Slovakia, and which Vietnamese deputy foreign minister held political consultations with Laos?'
    >>> one_each("Two Vietnamese officials met Lao leaders: a deputy prime minister who saw the Lao President, and a deputy foreign minister received by Bounlua. What are their names?")
    'Which Vietnamese deputy prime minister saw the Lao President, and which Vietnamese deputy foreign minister was received by Bounlua?'
    >>> one_each("Vietnam shares one trade pact with Peru and talked about implementing another one with Poland. Which two agreements are these?")
    'What is the trade pact that Vietnam shares with Peru, and what is the trade pact that Vietnam talked about implementing with Poland?'
    >>> one_each("Vietnam and Peru share one trade pact, and Vietnam discussed another with Poland. Which two agreements are these?")
    'What is the trade pact that Vietnam and Peru share, and what is the trade pact that Vietnam discussed with Poland?'
    >>> one_each("Two officials named Cuong appear in the news: one held talks in Peru, the other visited Laos. Who are they?")
    'Which official named Cuong held talks in Peru, and which official named Cuong visited Laos?'
    >>> one_each("Who are the two Vietnamese deputy prime ministers in the news, one meeting the Lao President and the other attending AMM-58?")
    'Which Vietnamese deputy prime minister was meeting the Lao President, and which Vietnamese deputy prime minister was attending AMM-58?'
    >>> one_each("Vietnam belongs to one trade pact together with Peru and agreed with Poland to carry out another. Which two agreements are these?")
    'What is the trade pact that Vietnam belongs to together with Peru, and what is the trade pact that Vietnam agreed with Poland to carry out?'
    >>> one_each("Vietnam is a member of one trade pact along with Peru, and it agreed with Poland to carry out another. Which two agreements are these?")
    'What is the trade pact that Vietnam is a member of along with Peru, and what is the trade pact that Vietnam agreed with Poland to carry out?'
    >>> one_each("Who were the two ministers?")
    'Who were the two ministers?'
    """
    # A long question is no such description (and the patterns below would take long on it).
    if len(question) > _ONE_EACH_CHARS:
        return question
    if found := _ASKS_FOR_THEM.fullmatch(question.strip()):
        body = found["body"].strip()
    elif asked := _ASKS_THE_TWO.fullmatch(question.strip()):
        # "Who are the two Vietnamese Deputy Prime Ministers in the news items, one meeting
        # the Lao President and the other attending …?" describes them as "Two …" does.
        body = f"Two {asked['rest']}"
    else:
        return question
    if two := _TWO_OF_A_KIND.match(body):
        kind, said, each = _singular(two["kind"]), two["said"].strip(" ,"), two["each"].strip()
        if kind.split()[-1].lower() in _TIME_UNITS or _ASIDE.search(each):
            return question
        only = next((m for m in _ONLY_NAMED.finditer(said) if not _NAMED_SO.match(said, m.start())), None)
        if only and only.start():
            # "Two Vietnamese officials named Cuong appear in the news": what comes before
            # "appear" describes each ("Which Vietnamese official named Cuong …").
            kind, said = f"{kind} {said[: only.start()].strip()}", said[only.start() :]
        if one := _ONE_THE_OTHER.match(each):
            parts = [_said_of(kind, said, one[x]) for x in ("x", "y")]
        elif listed := _A_AND_A.match(each):
            parts = [_one_of_a_kind(two["kind"], said, listed[x]) for x in ("x", "y")]
        else:
            return question
    elif clauses := _ONE_AND_ANOTHER.match(body):
        s1, s2 = clauses["s1"].strip(" ,"), clauses["s2"].strip(" ,")
        # "… and talked about implementing another one": the second clause has the first's
        # subject, the name it opens with; one that opens with a pronoun or "the …" is not read.
        if not s2[:1].isupper():
            subject = _SUBJECT.match(s1)
            first = s2.split()[0].lower()
            if not subject or (first in _NO_SUBJECT and first != "it"):
                return question
            # "…, and it agreed with Poland to carry out another": "it" is the first's subject.
            s2 = f"{subject.group(0)} {s2.split(maxsplit=1)[1] if first == 'it' else s2}"
        kind = clauses["kind"]
        parts = [f"what is the {kind} that {s1}{clauses['r1']}", f"what is the {kind} that {s2}{clauses['r2']}"]
    else:
        return question
    parts = [re.sub(r"\s+", " ", p).strip(" ,") for p in parts]
    return f"{parts[0][:1].upper()}{parts[0][1:]}, and {parts[1]}?"


# The counts a question may give of the things it asks for: "Which two countries …?".
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}
# "Which (two) European countries …", "What meetings …", "Name the Lao leaders …": a question
# whose answer is several things of one kind, named after the question word: the count, the
# capitalised words that describe the kind, then up to three words ending in a plural.
_PLURAL = r"[A-Za-z][\w-]*(?:ies|[^\Wisu]s)"
_SEVERAL = re.compile(
    rf"\b(?P<wh>(?i:which|what|name the))\s+(?:(?P<count>(?i:{'|'.join(COUNT_WORDS)}|[2-5]))\s+)?"
    rf"(?P<kind>(?:[A-Z][\w'’-]*\s+)*?)(?P<rest>(?:[a-z][\w-]*\s+){{0,2}}?{_PLURAL})\b"
)
# What shows the thing to be a verb ("Which company runs Bitel?", "What causes the rain?",
# "What lies at …?", "What helps scientists …?") or a possessive ("Which Foreign Ministers'
# Meeting …?").
_AFTER_VERB = re.compile(r"['’]|\s+(?:[A-Z]|(?:the|a|an|its|their|his|her|these|those|at|to|into|from|by|with)\b)")
_NOT_PLURAL = STOPWORDS | frozenset(
    "yes news series species means happens remains causes makes lies helps needs includes contains requires".split()
)
# "… in the news items?", "… according to these reports?": a question asked across the
# articles.
_ACROSS = re.compile(r"\b(?:news|reports|coverage|articles|stories|briefs|corpus)\b", re.IGNORECASE)


class Several(NamedTuple):
    """A question asking for several things (`one_of_several`), put to one news item."""

    ask: str  # the question, its count dropped
    check: str  # the same, a nationality or region describing the things in lower case
    number: int | None  # how many it asks for, if it says
    across: bool  # asked of the news as a whole ("in the news items")


def one_of_several(question: str) -> Several | None:
    """For a question that asks for several things of one kind, often one in each of several
    news items: the question to put to each item, its count dropped; the same with the words
    that describe the kind, where they end in a nationality or region ("European countries",
    "Latin American countries"), in lower case, so they are no name an item must hold; and the
    count asked for; and whether it is asked of the news as a whole ("… in these reports?").
    None for any other question.

    >>> one_of_several("Which two European countries held consultations with Vietnam?")
    Several(ask='Which European countries held consultations with Vietnam?', check='Which european countries held consultations with Vietnam?', number=2, across=False)
    >>> one_of_several("Name the Vietnamese Deputy Prime Ministers in the news.").check
    'Name the Vietnamese Deputy Prime Ministers in the news.'
    >>> [one_of_several(q) for q in ("What did the ministers sign?", "Which company runs Bitel?", "What is the news?")]
    [None, None, None]
    >>> [one_of_several(q) for q in ("What causes the rain?", "What helps scientists date fossils?", "What lies at 37°?")]
    [None, None, None]
    >>> one_of_several("At which ASEAN Foreign Ministers' Meeting did he speak?")
    >>> [one_of_several(q).ask for q in ("Which trade agreements came up?", "What countries does it name?")]
    ['Which trade agreements came up?', 'What countries does it name?']
    """
    found = _SEVERAL.search(question)
    if not found:
        return None
    rest = found["rest"].split()
    # A word before the thing that looks plural is a verb: "What helps scientists …?"
    if any(w.lower() in _NOT_PLURAL or re.fullmatch(_PLURAL, w) for w in rest[:-1]) or rest[-1].lower() in _NOT_PLURAL:
        return None
    after = question[found.end():]
    following = after.split()[0] if after.split() else ""
    if _AFTER_VERB.match(after) or (re.fullmatch(_PLURAL, following) and following.lower() not in _NOT_PLURAL):
        return None
    before, kind, count = f"{question[: found.start()]}{found['wh']} ", found["kind"], found["count"]
    described = kind and kind.split()[-1].lower() in DEMONYMS
    return Several(
        before + kind + found["rest"] + after,
        before + (kind.lower() if described else kind) + found["rest"] + after,
        int(count) if count and count.isdigit() else COUNT_WORDS.get((count or "").lower()),
        bool(_ACROSS.search(question)),
    )


_CHOICES = re.compile(r"\(\s*(?:choose one|choose from|choices|options)\s*:\s*([^)]*)\)", re.IGNORECASE)


def split_choices(question: str) -> tuple[str, list[str]]:
    """A multiple-choice question without its "(Choose one: A; B; C.)" list, and the list.

    >>> split_choices("Which country won? (Choose one: Chile; Peru.)")
    ('Which country won?', ['Chile', 'Peru'])
    """
    found = _CHOICES.search(question)
    if not found:
        return question, []
    options = [o.strip().rstrip(".").strip() for o in re.split(r";", found.group(1))]
    return _CHOICES.sub(" ", question).strip(), [o for o in options if o]


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
# The months as a text writes them with a capital, whole or short, for a pattern:
# "November|…|Jan|…|Sept|…".
MONTH_NAMES = "|".join([m.title() for m in MONTHS] + "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())


def iso_date(date: str) -> datetime.date | None:
    """The day an ISO string ("2025-07-09", or a timestamp) begins with, or None.

    >>> iso_date("2025-07-09T10:00"), iso_date("")
    (datetime.date(2025, 7, 9), None)
    """
    try:
        return datetime.date.fromisoformat(date[:10])
    except ValueError:
        return None


def date_said(text: str, date: str) -> str:
    """The passage `date` (ISO) in words, when `text` writes that date ("July 9", "9 July",
    "9 tháng 7", "9/7", "2025-07-09"); "" when it does not, or `date` is no date.

    >>> date_said("They met on 9 tháng 7 năm 2025.", "2025-07-09")
    '2025 july 9 7'
    >>> date_said("Seven people died.", "2025-07-09"), date_said("July 9", "")
    ('', '')
    """
    if not (day := iso_date(date)):
        return ""
    month, d, m = MONTHS[day.month - 1], day.day, day.month
    forms = rf"{month} {d}\b|\b{d}(?:st|nd|rd|th)? (?:of )?{month}|\b{d} thang {m}\b|\b{d}/{m}\b|{day.isoformat()}"
    return f"{day.year} {month} {d} {m}" if re.search(forms, " ".join(fold(text).split())) else ""


# A day written in words, in any case: "July 9", "Nov. 13, 2024", "9th of July 2025" (an
# answer's "may sign" is no date only where no number follows; `day_stated` wants a capital).
MONTH_WORD = rf"(?:{'|'.join(MONTHS)}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
DATE = re.compile(
    rf"\b(?P<month>{MONTH_WORD})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (?P<year>\d{{4}})\b)?"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<month2>{MONTH_WORD})\b\.?(?:,? (?P<year2>\d{{4}})\b)?",
    re.IGNORECASE,
)


# News asks in other words than it reports: "What honour did he receive?" of an article in
# which "the host leader presented the Grand Cross of the Order …". Keyword search also looks
# for these words (by stem) when a question uses a word on the left (`RELATED_STEMS`), and
# `stated_date` takes them for the question's word.
RELATED = {
    "honour honor": "award order medal prize decoration presented",
    "award": "prize honour medal",
    "prize": "award",
    "receive": "presented awarded given granted",
    "die death": "died death dead killed",
    "kill": "killed died dead",
    "buy acquire": "bought buy acquire acquisition purchase deal",
    "win": "won victory champion",
    "visit": "trip tour travelled",
    "arrest": "arrested detained charged",
    "sentence": "sentenced prison jail",
    "nickname": "dubbed called known",
    "pact treaty": "agreement",
}
RELATED_STEMS = {stem: stems(words) for word, words in RELATED.items() for stem in stems(word)}

# A question that asks for a year or a day of the week ("In what year …", "on which weekday
# …"; not "Which year's Land Law …?", a law, nor "what year-end target"), the words that say
# what it asks for, and the years and weekdays a text states (see `stated`).
ASKS_DATED = {
    "year": re.compile(r"\b(?:which|what)\s+year\b(?![-'’])"),
    "weekday": re.compile(r"\b(?:which|what)\s+weekday\b|\bday of the week\b"),
}
DATED_WORDS = {"year": frozenset(stems("year")), "weekday": frozenset(stems("day week weekday"))}  # stemmed
DATED = {
    "year": re.compile(r"(?<![\w,.\-–—])(?:19|20)\d\d(?![\w\-–—])(?!\s*%)"),
    "weekday": re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"),
}
_WORD_AFTER = re.compile(r"\s+([a-z]+)\b")


def stated(kind: str, text: str) -> list[re.Match[str]]:
    """The years (`kind` "year") or weekdays `text` states: not a year of a span ("2021–2025"),
    nor a number of things ("2000 people": a lower-case word after it that is no stopword;
    "Wednesday afternoon" is a weekday).

    >>> [m.group() for m in stated("year", "In 2025, 2000 people and 2021–2025 plans; 1994 or 2024 (Monday).")]
    ['2025', '1994', '2024']
    """
    return [
        m for m in DATED[kind].finditer(text)
        if kind != "year" or not ((after := _WORD_AFTER.match(text, m.end())) and after.group(1) not in STOPWORDS)
    ]


class Day(NamedTuple):
    """A day a question names: "July 9, 2025" is (7, 9, 2025); "July 9" has no year."""

    month: int
    day: int
    year: int | None


# The three-letter names of the months, to number a month a text names ("Nov." is 11).
SHORT_MONTHS = [m[:3] for m in MONTHS]


def day_of(m: re.Match[str]) -> Day:
    """The day a `DATE` match writes, its year where one follows it."""
    year = m["year"] or m["year2"]
    month = SHORT_MONTHS.index((m["month"] or m["month2"]).lower()[:3]) + 1
    return Day(month, int(m["day"] or m["day2"]), int(year) if year else None)


# A question that asks what the news reports of a day: "What events took place on July 9?",
# "Which of the news items report meetings held on July 9?", "What happened in Hanoi on July
# 9?", "List the events that the news items date to July 9."; not one that asks something of
# one event ("What was the topic of the meeting that took place on July 9?", "What happened to
# the ferry …?", "Which items did customs seize …?").
_OF_A_DAY = re.compile(
    r"\W*(?:on [^,?]{3,30}, )?(?:"
    r"(?:what|which) (?:of the )?(?:[\w-]+ ){0,3}?(?:events|meetings|sessions|consultations|activities|developments"
    r"|news items|news reports|news stories)\b"
    # "List the events …", "Could you name the meetings …": a word or two may describe them
    # ("the three main meetings"), but not another thing ("the chair of the meetings").
    r"|(?:please |(?:can|could|would) you (?:please )?)?(?:list|name) (?:all (?:of )?)?(?:the )?"
    r"(?:(?!(?:of|at|in|on|for|from|with|by|to|about|and|or|whose|that|which|who|whom|where|what)\b)[\w-]+ ){0,2}?"
    r"(?:events|meetings|sessions|consultations|activities|developments)\b"
    r"|what (?:else )?(?:happened|took place|occurred|was reported|was in the news) (?:on|in)\b)",
    re.IGNORECASE,
)
# A question about the time of something: "When …?", "What time …?", "Which day …?".
_ASKS_TIME = re.compile(r"\b(?:when|what (?:time|date|day)|which (?:day|date))\b", re.IGNORECASE)


def days_asked(question: str) -> list[Day]:
    """The days a question asks the events of, in its order; a year given once stands for
    all ("on July 9 and July 10, 2025"). [] for any other question, and for one that asks
    for a time, offers choices, or asks a second thing.

    >>> days_asked("Which meetings were held on July 9 and July 10, 2025?")
    [Day(month=7, day=9, year=2025), Day(month=7, day=10, year=2025)]
    >>> days_asked("What happened on 9th July?"), days_asked("What events took place on July 9th?")
    ([Day(month=7, day=9, year=None)], [Day(month=7, day=9, year=None)])
    >>> days_asked("List the events the news date to July 9."), days_asked("Could you name the meetings held on July 9?")
    ([Day(month=7, day=9, year=None)], [Day(month=7, day=9, year=None)])
    >>> [days_asked(q) for q in ("Which session opened on July 10?", "What did Laos pledge on July 9?",
    ...  "What was the topic of the meeting that took place on July 9?", "Which day did the events happen, July 9 or 10?",
    ...  "Which events took place on July 9, and who chaired them?", "Name the chair of the meetings held on July 9.")]
    [[], [], [], [], [], []]
    """
    if not _OF_A_DAY.match(question) or _ASKS_TIME.search(question) or split_choices(question)[1]:
        return []
    if _SECOND_PART.search(question):
        return []
    found = [day_of(m) for m in DATE.finditer(question)]
    years = {d.year for d in found if d.year}
    year = years.pop() if len(years) == 1 else None
    return [d if d.year or not year else d._replace(year=year) for d in found]


def without_days(question: str) -> str:
    """`question` without the days it names (`days_asked`).

    >>> without_days("Which meetings did Laos hold on July 9 and July 10, 2025?")
    'Which meetings did Laos hold on and ?'
    """
    return " ".join(DATE.sub(" ", question).split())


def day_stated(text: str, day: Day, dated: str = "") -> bool:
    """Whether `text` writes `day` with a capital ("July 9", "9 July"; "may 9" is no day), in
    its year: the year written after it (not "July 9, 2000 people …"), or else the year of
    `dated` (ISO, the article's date), where either is known.

    >>> day_stated("They met in Hanoi on July 9. (Photo: VNA)", Day(7, 9, 2025), "2025-07-09")
    True
    >>> day_stated("Relations date from November 14, 1994.", Day(11, 14, 2024), "2024-11-13")
    False
    >>> day_stated("On July 19 they met.", Day(7, 9, None)), day_stated("They march 9 miles.", Day(3, 9, None))
    (False, False)
    >>> day_stated("On July 9, 2000 people marched.", Day(7, 9, 2025), "2025-07-10")
    True
    """
    for m in DATE.finditer(text):
        said = day_of(m)
        if not (m["month"] or m["month2"])[0].isupper() or said[:2] != day[:2]:
            continue
        if said.year and re.match(r"\s+[a-z]", text[m.end() :]):  # "2000 people", a number
            said = said._replace(year=None)
        year = said.year or (found.year if (found := iso_date(dated)) else None)
        if day.year is None or year is None or year == day.year:
            return True
    return False


def squash(text: str) -> str:
    """Folded letters and digits only: "Việt Nam" and "Vietnam" both become "vietnam"."""
    return "".join(words(text))


def glossed(text: str, terms: dict[str, str]) -> str:
    """`text` with each of the `terms` it holds followed by its gloss in brackets: whole words
    (a hyphen joins words: "Ai-len" holds no "ai"), letter case and spacing aside, the longest
    term first ("Lào Cai", a province, before "Lào").

    >>> terms = {"quốc hội": "National Assembly", "ủy ban thường vụ quốc hội": "National Assembly Standing Committee",
    ...          "bao lâu": "how long", "lào": "Laos", "lào cai": "Lao Cai"}
    >>> glossed("Ủy ban Thường vụ  Quốc hội họp bao lâu?", terms)
    'Ủy ban Thường vụ  Quốc hội (National Assembly Standing Committee) họp bao lâu (how long)?'
    >>> glossed("Lào Cai giáp Lào; Lào-Việt", terms)
    'Lào Cai (Lao Cai) giáp Lào (Laos); Lào-Việt'
    """
    pattern, english = _terms_in(tuple(terms.items()))
    return pattern.sub(lambda m: f"{m.group(0)} ({english[m.lastgroup or '']})", unicodedata.normalize("NFC", text))


def glosses(text: str, terms: dict[str, str]) -> list[str]:
    """The glosses of the `terms` that `text` holds, matched as `glossed` matches them.

    >>> glosses("Ai là Chủ tịch Hội đồng Bầu cử Quốc gia?", {"hội đồng bầu cử quốc gia": "National Election Council"})
    ['National Election Council']
    """
    pattern, english = _terms_in(tuple(terms.items()))
    return [english[m.lastgroup or ""] for m in pattern.finditer(unicodedata.normalize("NFC", text))]


# A gloss that is a question word: "which day", which the rewrite "When …?" says.
_WH_GLOSS = re.compile(r"(?i)(?:which|what|how|when|where|who)\b")


def lost_glosses(rewrite: str, question: str, terms: dict[str, str]) -> list[str]:
    """The glosses of the `terms` that the Vietnamese `question` holds, none of whose words
    (stopwords aside) its English `rewrite` holds, each once; not those of a question word
    ("which day", which "When …?" says).

    >>> terms = {"kỷ niệm": "anniversary", "chủ tịch nước": "State President", "bao nhiêu": "how many", "ngày nào": "which day"}
    >>> lost_glosses("When did the President visit?", "Chủ tịch nước thăm nhân dịp kỷ niệm bao nhiêu năm vào ngày nào?", terms)
    ['anniversary']
    """
    said = set(stems(rewrite))
    return [
        g for g in dict.fromkeys(glosses(question, terms))
        if not _WH_GLOSS.match(g) and (kept := set(stems(g.split(" (")[0]))) and not kept & said
    ]


def englished(text: str, terms: dict[str, str]) -> str:
    """`text` with each of the `terms` it holds, matched as `glossed` matches them, replaced by
    its English, without the gloss's own note in brackets ("Lao Cai (a province)" gives "Lao
    Cai"), and without the gloss where it follows, copied: a small model's English rewrite of
    "Ba Lan (Poland) và …" can keep "Ba Lan", or the whole "Ba Lan (Poland)".

    >>> terms = {"ba lan": "Poland", "lào cai": "Lao Cai (a province)"}
    >>> englished("Which city did Ba Lan and Lào Cai host?", terms)
    'Which city did Poland and Lao Cai host?'
    >>> englished("Did Ba Lan (Poland) and Lào Cai (Lao Cai (a province)) meet?", terms)
    'Did Poland and Lao Cai meet?'
    """
    pattern, english = _terms_in(tuple(terms.items()))
    text = unicodedata.normalize("NFC", text)
    out, at = [], 0
    for m in pattern.finditer(text):
        if m.start() < at:
            continue
        gloss = english[m.lastgroup or ""]
        out += [text[at : m.start()], gloss.split(" (")[0]]
        at = m.end()
        if copied := re.match(rf"\s*\({re.escape(gloss)}\)", text[at:], re.IGNORECASE):
            at += copied.end()
    return "".join(out) + text[at:]


@functools.lru_cache(maxsize=8)
def _terms_in(terms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of the `terms` as whole words, the longest first, each its own group, and
    each group's English; without terms, one that matches nothing. A match is looked up by
    its group, not by its text, which may fold otherwise ("ſ" matches "s")."""
    if not terms:
        return re.compile(r"(?!)"), {}
    ordered = sorted(terms, key=lambda t: len(_spaced(t[0])), reverse=True)
    groups = "|".join(
        f"(?P<t{n}>"
        + r"\s*-\s*".join(r"\s+".join(map(re.escape, part.split())) for part in _spaced(term).split("-"))
        + ")"
        for n, (term, _) in enumerate(ordered)
    )
    pattern = re.compile(rf"(?<![\w-])(?:{groups})(?![\w-])", re.IGNORECASE)
    return pattern, {f"t{n}": english for n, (_, english) in enumerate(ordered)}


def _spaced(term: str) -> str:
    """`term` in lower case, NFC, one space between words, none around a hyphen."""
    return re.sub(r"\s*-\s*", "-", " ".join(unicodedata.normalize("NFC", term).lower().split()))


def is_vietnamese(text: str) -> bool:
    """True when `text` reads as Vietnamese rather than English with Vietnamese names.

    >>> is_vietnamese("Phó Thủ tướng dự phiên toàn thể lần thứ bao nhiêu?"), is_vietnamese("Who is Lương Cường?")
    (True, False)
    """
    return not looks_english(text) and has_vietnamese_words(text)


def has_vietnamese_words(text: str) -> bool:
    """True when a third of the words of `text` or more have Vietnamese letters."""
    tokens = text.split()
    marked = sum(1 for t in tokens if _VIETNAMESE_LETTERS.search(unicodedata.normalize("NFD", t)))
    return bool(tokens) and marked / len(tokens) >= 0.3


def looks_english(text: str) -> bool:
    """True when `text` has the function words of an English sentence; "do" and "to" only in
    a text that does not read as Vietnamese, where they are words too ("toàn" is no "to").

    >>> looks_english("Who met Tô Lâm?"), looks_english("Hội nghị lần thứ mấy, do ai chủ trì?")
    (True, False)
    """
    hints = [w for w in _LETTERS.findall(text.lower()) if w in _ENGLISH_HINTS]
    return any(w not in _VIETNAMESE_TOO for w in hints) or (bool(hints) and not has_vietnamese_words(text))
