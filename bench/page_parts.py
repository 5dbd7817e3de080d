"""Where a `stance compare` output's story pages spend their bytes.

    python bench/page_parts.py OUT_DIR

Sums every ``OUT_DIR/stories/*.html`` by part and prints one JSON line, in MB: ``pages`` (all of
them), each ``<section id=…>`` of a page (``coverage``, ``quoted``, ``articles`` …; ``head`` is what
comes before the first), and within the articles' columns, ``features`` (each article's table of
feature values), ``text_div`` (the highlighted texts) and ``text`` (their characters without tags:
the articles' own text, once).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

SECTION = re.compile(r'<(?:section|h2)[^>]*\bid="([^"]+)"')
FEATURES = re.compile(r'<table class="features">.*?</table>', re.S)
TEXT = re.compile(r'<div class="text">.*?</div>', re.S)
TAG = re.compile(r"<[^>]+>")


def parts(page: str) -> Counter:
    found = Counter(pages=len(page.encode()))
    starts = [(m.start(), m.group(1)) for m in SECTION.finditer(page)] + [(len(page), "")]
    found["head"] += len(page[: starts[0][0]].encode())
    for (start, name), (end, _) in pairwise(starts):
        found[name] += len(page[start:end].encode())
    found["features"] += sum(len(m.group().encode()) for m in FEATURES.finditer(page))
    for m in TEXT.finditer(page):
        found["text_div"] += len(m.group().encode())
        found["text"] += len(TAG.sub("", m.group()).encode())
    return found


def main() -> None:
    total = Counter()
    for path in sorted((Path(sys.argv[1]) / "stories").glob("*.html")):
        total += parts(path.read_text("utf-8"))
    print(json.dumps({name: round(size / 1e6, 2) for name, size in total.most_common()}))


if __name__ == "__main__":
    main()
