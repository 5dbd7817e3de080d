"""Warnings about article bodies that stance can read but should not be trusted on.

Each is reported as a `Problem` naming the file; the article is kept (``--strict`` turns any
problem into exit code 2).

- **Not English.** stance's lexicons and measures are English-only. The language is judged on a
  text's first `SAMPLE_CHARS` characters. When they hold at least `LANGUAGE_MIN_WORDS` words and
  English function words (the ``stop_words`` lexicon) are under `ENGLISH_FUNCTION_SHARE` of them,
  py3langid, a language identifier whose model ships in its package, is asked; when it names
  another language with probability at least `LANGUAGE_MIN_PROBABILITY`, the article is reported.
  In English prose function words make up a third to a half of the words (BASIL: 0.35 to 0.55 per
  article; German, Spanish and French news sentences: 0.0 to 0.13), so the screen costs one pass of
  a set lookup and the model is loaded only for texts that may not be English.
"""

from __future__ import annotations

import re
from functools import cache

from ..text import lexicons

LANGUAGE_MIN_WORDS = 20  # on fewer words, language identification is unreliable
ENGLISH_FUNCTION_SHARE = 0.2  # under this share of English function words, ask the language identifier
LANGUAGE_MIN_PROBABILITY = 0.9
SAMPLE_CHARS = 1000  # the language is judged on the text's first characters (a paragraph or two)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def language_problem(text: str) -> str | None:
    """A warning when ``text`` is not in English (module docstring), else None.

    Parameters
    ----------
    text : str
        An article's text.

    Returns
    -------
    str or None
        Such as "text looks like German (de, probability 0.97), not English: stance's measures are
        English-only".
    """
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    if len(words) < LANGUAGE_MIN_WORDS:
        return None
    function = lexicons.load("stop_words")
    if sum(map(function.__contains__, map(str.lower, words))) >= ENGLISH_FUNCTION_SHARE * len(words):
        return None
    language, probability = _identifier().classify(sample)
    if language == "en" or probability < LANGUAGE_MIN_PROBABILITY:
        return None
    name = _LANGUAGE_NAMES.get(language, language)
    return (
        f"text looks like {name} ({language}, probability {probability:.2f}), not English: "
        "stance's measures are English-only"
    )


@cache
def _identifier():
    """py3langid's bundled model, with probabilities normalised to 0–1 (loaded once, on first need)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# Names for the languages most often met in news corpora; others are shown by their ISO 639-1 code.
_LANGUAGE_NAMES = {
    "ar": "Arabic",
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "hi": "Hindi",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}
