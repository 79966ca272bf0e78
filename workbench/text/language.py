"""spaCy pipelines that work offline, and sentence boundaries for imported transcripts.

Nothing here downloads a model. When a trained pipeline (``en_core_web_sm``, ``zh_core_web_sm``)
is installed, its sentence recogniser is used. Otherwise a blank pipeline's tokenizer is run
once over the whole transcript and spaCy's ``sentencizer`` rule is applied to the token
arrays with numpy: a sentence ends after one of the sentencizer's punctuation characters,
at the next token that is not punctuation. It gives the same sentences as adding the
``sentencizer`` component (a test checks this on the sample data) at several times the
speed, because no Token objects are created.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from workbench.text.normalize import pieces_at_spaces

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy is imported where it is first needed: loading it takes most of a second, which the
# coding screen and most commands should not pay.

_NONE = -(1 << 62)  # no such token yet
_BATCH_TOKENS = 1 << 20  # tokens the sentence rule takes at once
# Trained pipelines used when the user has installed them; never fetched by us.
TRAINED = {"en": "en_core_web_sm", "zh": "zh_core_web_sm"}


@lru_cache(maxsize=None)
def trained_pipeline(lang: str) -> Language | None:
    import spacy

    name = TRAINED.get(lang)
    if not (name and spacy.util.is_package(name)):
        return None
    nlp = spacy.load(name, exclude=["ner", "tagger", "attribute_ruler", "lemmatizer"])
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
        if "parser" in nlp.component_names:
            nlp.disable_pipe("parser")
    return nlp


@lru_cache(maxsize=None)
def blank_pipeline(lang: str) -> Language:
    import spacy

    return spacy.blank(lang)


@lru_cache(maxsize=None)
def _end_punctuation(lang: str) -> np.ndarray:
    from spacy.pipeline import Sentencizer

    strings = blank_pipeline(lang).vocab.strings
    return np.array(sorted(strings.add(ch) for ch in Sentencizer.default_punct_chars),
                    dtype=np.uint64)


def sentence_spans(text: str, regions: list[tuple[int, int]], lang: str
                   ) -> list[list[tuple[int, int]]]:
    """For each ``(start, end)`` region of ``text`` (a turn), its sentences as absolute offsets.

    A sentence never crosses a region's edge; whitespace at either end is trimmed.
    """
    trained = trained_pipeline(lang)
    if trained is not None:
        docs = trained.pipe(text[s:e] for s, e in regions)
        return [_trimmed(text, [(s + sent.start_char, s + sent.end_char) for sent in doc.sents])
                for (s, _), doc in zip(regions, docs)]
    starts = _rule_starts(text, regions, lang)
    result = []
    for start, end in regions:
        inner = starts[bisect.bisect_right(starts, start):bisect.bisect_left(starts, end)]
        edges = [start, *inner, end]
        result.append(_trimmed(text, list(zip(edges, edges[1:]))))
    return result


def _rule_starts(text: str, regions: list[tuple[int, int]], lang: str) -> list[int]:
    """Character offsets where the sentencizer rule starts a new sentence.

    Each region is tokenized on its own, and a long region a piece of about a million
    characters at a time, cut between words (spaCy's tokenizer slows down on very long
    texts). The rule runs over the token arrays of many pieces at once, up to about a
    million tokens (a whole 50 MB transcript's would take gigabytes), carrying from one
    batch to the next where the last end mark and the last word were.
    """
    from spacy.attrs import IDX, IS_PUNCT, ORTH

    pending: deque[tuple[int, bool]] = deque()  # (offset, starts a region) of each piece

    def pieces() -> Iterator[str]:
        for start, end in regions:
            offset = start
            for k, piece in enumerate(pieces_at_spaces(text[start:end])):
                pending.append((offset, k == 0))
                offset += len(piece)
                yield piece

    rule = _Rule(_end_punctuation(lang))
    arrays: list[np.ndarray] = []
    firsts: list[int] = []
    count = 0
    region_first = False
    for doc in blank_pipeline(lang).tokenizer.pipe(pieces()):
        offset, opens = pending.popleft()
        region_first = region_first or opens
        if not len(doc):
            continue
        attrs = doc.to_array([ORTH, IS_PUNCT, IDX])
        attrs[:, 2] += offset
        arrays.append(attrs)
        if region_first:  # a region's first token: no end mark before it counts
            firsts.append(count)
            region_first = False
        count += len(doc)
        if count >= _BATCH_TOKENS:
            rule.run(np.concatenate(arrays), firsts)
            arrays, firsts, count = [], [], 0
    if arrays:
        rule.run(np.concatenate(arrays), firsts)
    return rule.starts


class _Rule:
    """The sentencizer rule over batches of token arrays (ORTH, IS_PUNCT, IDX): a token
    starts a sentence if it is a word and an end mark came after the last word."""

    def __init__(self, end_marks: np.ndarray) -> None:
        self.end_marks = end_marks
        self.starts: list[int] = []
        self.last_end = self.last_word = _NONE  # positions relative to the next batch

    def run(self, attrs: np.ndarray, firsts: list[int]) -> None:
        count = len(attrs)
        first = np.zeros(count, dtype=bool)
        first[firsts] = True
        ends = np.isin(attrs[:, 0], self.end_marks)
        punct = (attrs[:, 1] == 1) | ends
        index = np.arange(count)
        ended = np.maximum(np.maximum.accumulate(np.where(ends, index, _NONE)), self.last_end)
        worded = np.maximum(np.maximum.accumulate(np.where(~punct | first, index, _NONE)),
                            self.last_word)
        before_end = np.concatenate(([self.last_end], ended[:-1]))
        before_word = np.concatenate(([self.last_word], worded[:-1]))
        chosen = ~punct & ~first & (before_end > before_word)
        self.starts.extend(attrs[chosen, 2].astype(np.int64).tolist())
        self.last_end = int(ended[-1]) - count if ended[-1] != _NONE else _NONE
        self.last_word = int(worded[-1]) - count if worded[-1] != _NONE else _NONE


def _trimmed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out
