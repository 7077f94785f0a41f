"""The matching rules of the benchmarks' README, on small hand-made cases."""

from __future__ import annotations

import pytest

from qa.matching import Expected, contains, normalize, strip_markers


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("Lương Cường", "luong cuong"),
        ("Đà Nẵng", "da nang"),  # đ has no combining mark: NFKD alone would keep it
        ("the “Sun of Peru”", "the sun of peru"),
        ("São Paulo's 47th—session!!", "sao paulo s 47th session"),
        ("a_b  c\n\td", "a b c d"),
        ("ﬁnal ²", "final 2"),  # NFKD compatibility forms
        ("...", ""),
    ],
)
def test_normalize(text: str, normalized: str) -> None:
    assert normalize(text) == normalized


@pytest.mark.parametrize(
    ("text", "needle", "found"),
    [
        ("Ông Lương Cường met them", "Luong Cuong", True),
        ("Luong Cuong met them", "Lương Cường", True),
        ("Da Nang and Hanoi", "Đà Nẵng", True),
        ("about 30 people", "3", False),  # a number does not match inside a bigger one
        ("in 1930", "30", False),  # nor at the end of one
        ("3 people", "3", True),
        ("it was 3.", "3", True),
        ("the 47th session", "47", False),
        ("the 47th session", "47th", True),
        ("agriculture grew", "agricultur", True),  # a prefix of a word matches
        ("agriculture grew", "griculture", False),  # but not the middle of one
        ("the Grand Cross of the Order of \"the Sun of Peru\"", "Order of “the Sun of Peru”", True),
        ("Sweden and Finland", "sweden, and finland!", True),
        ("anything", "", False),
        ("anything", "—", False),
    ],
)
def test_contains(text: str, needle: str, found: bool) -> None:
    assert contains(text, needle) is found


def test_citation_markers_are_not_numbers() -> None:
    assert strip_markers("It was signed in 1994 [3][1, 2].") == "It was signed in 1994 ."
    assert not Expected(answers=[["3"]]).judge("Signed by two parties [3].", abstained=False)


def test_every_answer_group_must_match() -> None:
    expected = Expected(answers=[["Grand Cross"], ["Sun of Peru"]])
    assert expected.judge("He received the Grand Cross of the Order of the Sun of Peru [1].", False)
    assert not expected.judge("He received the Grand Cross [1].", False)


def test_any_string_of_a_group_matches() -> None:
    expected = Expected(answers=[["CPTPP", "Comprehensive and Progressive Agreement"]])
    assert expected.judge("Both are in the CPTPP [2].", False)
    assert expected.judge("the comprehensive and progressive agreement", False)


def test_a_distractor_present_makes_it_wrong() -> None:
    expected = Expected(answers=[["Colombia"]], distractors=["Thailand", "Ecuador", "India"])
    assert expected.judge("Colombia elected its first leftist leader [1].", False)
    assert not expected.judge("Colombia, not Ecuador [1].", False)
    # Distractors follow the same rules, so a word that starts with one counts as it.
    assert not expected.judge("Colombia, as Indiana reported [1].", False)
    assert expected.judge("Colombia, as Sindia reported [1].", False)


def test_diacritics_in_the_answer_or_the_expected_string() -> None:
    assert Expected(answers=[["Lương Cường"]]).judge("Luong Cuong [1].", False)
    assert Expected(answers=[["Luong Cuong"]]).judge("Chủ tịch Lương Cường [1].", False)


def test_an_abstention_is_wrong_when_answerable_and_right_when_not() -> None:
    decline = "The corpus does not say: none of its articles answers this question."
    assert not Expected(answers=[["Viettel"]]).judge(decline, abstained=True)
    assert Expected(answerable=False).judge(decline, abstained=True)
    assert not Expected(answerable=False).judge("Dina Boluarte [1].", abstained=False)


def test_relevance_by_evidence_string_or_document() -> None:
    expected = Expected(evidence=["Bitel telecommunications project"], evidence_docs=["vns-talks"])
    assert expected.relevant("other", "Viettel runs the Bitel  telecommunications project in Peru.")
    assert expected.relevant("vns-talks", "Nothing relevant in the text.")
    assert not expected.relevant("other", "Bitel is a brand.")
    assert not Expected().has_evidence and expected.has_evidence
