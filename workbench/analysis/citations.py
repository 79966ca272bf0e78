"""Quotes as a manuscript cites them: ``"…" (G3)``, ``"…" (G3, general practitioner)`` or
``"…" (Participant 3, GP)``, optionally shortened at sentence boundaries with an ellipsis."""

from __future__ import annotations

import re

from workbench.text.language import sentence_spans
from workbench.text.normalize import detect_language, word_count
from workbench.text.participants import split_participant_id

CITATION_STYLES = ("id", "role", "abbrev")
ELLIPSIS = "…"
_SPACE = re.compile(r"\s+")


def role_abbreviation(label: str, abbreviations: dict[str, str] | None = None,
                      prefix: str | None = None) -> str:
    """``General practitioner`` → ``GP``, unless ``abbreviations`` (keyed by role label or
    prefix, in any case) says otherwise."""
    names = {label.casefold(), (prefix or label).casefold()}
    for key, value in (abbreviations or {}).items():
        if key.casefold() in names:
            return value
    return "".join(word[0].upper() for word in label.split() if word)


def citation_tag(participant: str, role_label: str | None, style: str = "id",
                 abbreviations: dict[str, str] | None = None) -> str:
    """The text in brackets after a quote, without the brackets."""
    if style == "id" or not role_label:
        return participant
    if style == "role":
        return f"{participant}, {role_label.lower()}"
    if style == "abbrev":
        prefix, number = split_participant_id(participant)
        return f"Participant {number}, {role_abbreviation(role_label, abbreviations, prefix)}"
    raise ValueError(f"unknown citation style {style!r}; one of {', '.join(CITATION_STYLES)}")


def cite(text: str, participant: str | None, role_label: str | None, style: str = "id",
         abbreviations: dict[str, str] | None = None, max_words: int | None = None) -> str:
    quote = _SPACE.sub(" ", text).strip()
    if max_words is not None:
        quote = shorten(quote, max_words)
    if participant is None:
        return f'"{quote}"'
    return f'"{quote}" ({citation_tag(participant, role_label, style, abbreviations)})'


def shorten(text: str, max_words: int) -> str:
    """At most ``max_words`` words, keeping whole sentences in order and marking each
    left-out stretch with an ellipsis. A sentence is never cut: if not even one fits, the
    first is kept whole, longer than ``max_words``."""
    if word_count(text) <= max_words:
        return text
    lang = detect_language(text)
    joiner = "" if lang == "zh" else " "
    sentences = [text[s:e] for s, e in sentence_spans(text, [(0, len(text))], lang)[0]]
    kept, budget = [], max_words
    for number, sentence in enumerate(sentences):
        if word_count(sentence) <= budget:
            kept.append(number)
            budget -= word_count(sentence)
    if not kept:
        kept = [0]
    parts = [ELLIPSIS] if kept[0] > 0 else []
    for previous, number in zip([None, *kept], kept):
        if previous is not None and number > previous + 1:
            parts.append(ELLIPSIS)
        parts.append(sentences[number])
    if kept[-1] < len(sentences) - 1:
        parts.append(ELLIPSIS)
    return joiner.join(parts)

