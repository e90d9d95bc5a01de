"""Qualitative targets and answers: rating scales, tier phrases, and free text.

A clerk may write a scale in place of a target ("好坏", "高中低", "优良中低差") and answer with
one of its words; the top word is 达成, the bottom 未达成, the ones between 部分达成. Answers
may also be the official tier phrases, or free text — from which a tier is inferred only
together with a finding that says which word it was inferred from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..text import compact, strip_trailing_punctuation

MET, PARTLY, NOT_MET = "met", "partly_met", "not_met"
TIER_NAMES = {MET: "达成", PARTLY: "部分达成", NOT_MET: "未达成"}
_SEPARATORS = "/、,，|;；-—"


@dataclass(frozen=True)
class Vocabulary:
    tier_phrases: tuple[tuple[str, str], ...]  # (phrase, tier), longest first
    scale_words: dict[str, str]  # word -> tier
    inference: tuple[tuple[str, str], ...]  # (word, tier), not_met and partly first

    @classmethod
    def from_profile(cls, qualitative: dict) -> Vocabulary:
        return _vocabulary(
            tuple((t, tuple(qualitative["tier_phrases"][t])) for t in (MET, PARTLY, NOT_MET)),
            tuple((t, tuple(qualitative["scale_words"][t])) for t in (MET, PARTLY, NOT_MET)),
            tuple((t, tuple(qualitative["inference_words"][t])) for t in (MET, PARTLY, NOT_MET)),
        )


@lru_cache(maxsize=16)
def _vocabulary(phrases, scale, inference) -> Vocabulary:
    phrase_list = sorted(((compact(p), t) for t, ps in phrases for p in ps), key=lambda x: -len(x[0]))
    words = {}
    for tier, ws in scale:
        for word in ws:
            words.setdefault(compact(word), tier)
    order = {NOT_MET: 0, PARTLY: 1, MET: 2}
    infer = sorted(
        ((compact(w), t) for t, ws in inference for w in ws), key=lambda x: (order[x[1]], -len(x[0]))
    )
    return Vocabulary(tuple(phrase_list), words, tuple(infer))


@dataclass(frozen=True)
class Scale:
    """A rating scale written as a target, top word first."""

    words: tuple[str, ...]

    def tier_of(self, word: str) -> str | None:
        if word not in self.words:
            return None
        position = self.words.index(word)
        if position == 0:
            return MET
        if position == len(self.words) - 1:
            return NOT_MET
        return PARTLY


@lru_cache(maxsize=4096)
def _tokenize(text: str, words: tuple[str, ...]) -> tuple[str, ...] | None:
    """Split "优良中低差" or "优/良/中/差" into scale words; None if anything else is left."""
    tokens: list[str] = []
    i = 0
    while i < len(text):
        if text[i] in _SEPARATORS:
            i += 1
            continue
        for word in words:  # longest first
            if text.startswith(word, i):
                tokens.append(word)
                i += len(word)
                break
        else:
            return None
    return tuple(tokens) or None


def scale_of(text: str, vocab: Vocabulary) -> Scale | None:
    """The scale a target writes out, if it is one (two or more distinct scale words)."""
    words = tuple(sorted(vocab.scale_words, key=len, reverse=True))
    tokens = _tokenize(strip_trailing_punctuation(compact(text)), words)
    if tokens and len(tokens) >= 2 and len(set(tokens)) == len(tokens):
        return Scale(tokens)
    return None


@dataclass(frozen=True)
class Answer:
    """How a qualitative actual was read."""

    tier: str | None  # met | partly_met | not_met | None (undecidable)
    how: str  # phrase | scale | word | same_as_target | inferred | undecidable
    word: str = ""  # the word a tier was inferred from


def read_answer(actual: str, target: str, vocab: Vocabulary) -> Answer:
    text = strip_trailing_punctuation(compact(actual))
    for phrase, tier in vocab.tier_phrases:
        if text == phrase or (len(phrase) >= 4 and text.startswith(phrase)):
            return Answer(tier, "phrase", phrase)
    scale = scale_of(target, vocab)
    if scale is not None and text in scale.words:
        return Answer(scale.tier_of(text), "scale", text)
    if text in vocab.scale_words:
        return Answer(vocab.scale_words[text], "word", text)
    if text and text == strip_trailing_punctuation(compact(target)):
        return Answer(MET, "same_as_target", text)
    if scale is not None:  # free text that uses a word of the target's own scale: "服务质量好"
        hits = [w for w in scale.words if w in text]
        if len(hits) == 1:
            return Answer(scale.tier_of(hits[0]), "inferred", hits[0])
    for word, tier in vocab.inference:
        if word in text:
            return Answer(tier, "inferred", word)
    return Answer(None, "undecidable")
