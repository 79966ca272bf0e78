"""The small offline English dictionary that tells a name from a word: spaCy's stop words
and the words that spacy-lookups-data's English frequency table (which ships with it) gives
a log probability of at least ``COMMON`` when written in small letters: "honestly" is a
word, "wang", "tang" and "xicheng" are not."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

# Words that are capitalised for reasons other than naming a person or a place.
CALENDAR = frozenset("""january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday
    wednesday thursday friday saturday sunday mon tue wed thu fri sat sun""".split())
# Words before a name that mark it as a person's (the title is kept in the term).
TITLES = frozenset("""dr doctor nurse mr mrs ms miss prof professor director sister matron
    uncle aunt auntie grandma grandpa granny teacher manager""".split())


COMMON = -13.8


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """Casefolded common English words (about 60,000)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = set(STOP_WORDS) | CALENDAR | TITLES
    table = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with table.open("rb") as raw:
        probabilities = json.loads(gzip.decompress(raw.read()))
    words.update(form for form, p in probabilities.items() if p >= COMMON and form.islower())
    return frozenset(words)


def is_word(token: str, also: frozenset[str] | set[str] = frozenset()) -> bool:
    """Whether a token is an English word (or a number): casefolded, in the dictionary or
    in ``also`` (the words a corpus writes in small letters); of "I'm" or "CDC's" the part
    before the apostrophe counts."""
    key = token.casefold().replace("’", "'")
    if key.isdigit() or key in also or key in dictionary():
        return True
    stem = key.split("'", 1)[0]
    return stem != key and (stem in also or stem in dictionary() or len(stem) <= 1)
