"""The English dictionary redact-check uses to tell ordinary words from names, with British spellings and
inflections folded."""

from __future__ import annotations

import functools
import re

#: British spellings folded to the American ones of the word list ("paediatric" -> "pediatric").
_BRITISH = (
    (re.compile(r"ae"), "e"),
    (re.compile(r"^oe"), "e"),
    (re.compile(r"our\b"), "or"),
    (re.compile(r"our(?=s|ed|ing|able)"), "or"),
    (re.compile(r"is(?=e\b|es\b|ed\b|ing\b|ation)"), "iz"),
    (re.compile(r"tre\b"), "ter"),
    (re.compile(r"tres\b"), "ters"),
    (re.compile(r"ogue\b"), "og"),
    (re.compile(r"ence\b"), "ense"),
)

#: Endings stripped to find a listed word: (ending, what replaces it).
_ENDINGS = (
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("es", ""),
    ("s", ""),
    ("ly", ""),
    ("er", ""),
    ("ers", ""),
    ("ness", ""),
    ("ment", ""),
    ("ments", ""),
)


#: Prefixes written with a hyphen before an ordinary word ("pre-birth", "co-sleeping").
PREFIXES = frozenset({"pre", "post", "non", "re", "co", "ex", "anti", "sub", "self", "step", "half", "mid", "multi"})


@functools.cache
def ordinary_words() -> frozenset[str]:
    """Lower-case words of the English word list (``english-words``, web2) that are never written there as
    proper nouns: "will", "mark" and "grace" are out because "Will", "Mark" and "Grace" are listed too."""
    from english_words import get_english_words_set

    listed = get_english_words_set(["web2"], alpha=True)
    proper = {w.casefold() for w in listed if not w.islower()}
    return frozenset(w for w in listed if w.islower() and w not in proper)


def _forms(word: str) -> set[str]:
    """The word, its American spelling, and candidate stems of each."""
    spellings = {word}
    american = word
    for pattern, replacement in _BRITISH:
        american = pattern.sub(replacement, american)
    spellings.add(american)
    forms = set(spellings)
    for spelling in spellings:
        for ending, replacement in _ENDINGS:
            if spelling.endswith(ending) and len(spelling) - len(ending) >= 3:
                stem = spelling[: -len(ending)]
                forms.add(stem + replacement)
                if len(stem) >= 4 and stem[-1] == stem[-2] and not replacement:
                    forms.add(stem[:-1])  # planned -> plan
    return forms


@functools.lru_cache(maxsize=65536)
def is_ordinary(word: str) -> bool:
    """Whether a word (any letter case) is an ordinary English word, inflected or British-spelt."""
    folded = word.casefold().replace("’", "'")
    if "'" in folded or "-" in folded:
        parts = [p for p in re.split(r"['-]", folded) if len(p) > 1 and p not in PREFIXES]
        return bool(parts) and all(is_ordinary(p) for p in parts)
    words = ordinary_words()
    return any(form in words for form in _forms(folded))
