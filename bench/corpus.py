"""Build benchmark corpora from the BASIL development corpus.

    python bench/corpus.py copies ../shared/corpora/basil-dev out/basil-x8 --times 8
    python bench/corpus.py synthetic ../shared/corpora/basil-dev out/synth-100k --articles 100000
    python bench/corpus.py tiny out/tiny-200k --items 200000 [--undated]

``copies``: BASIL's articles copied N times into ``copy-1/`` … ``copy-N/``, each copy a distinct
archive (dates 400 days apart, its own URLs and a closing "(Archive copy N.)" paragraph), for the
side-by-side comparison with the straightforward peer: 8 copies are 1,200 articles, 4.5 MB of text.

``synthetic``: N articles of real BASIL sentences recombined into new events, so larger corpora
keep the statistics that matter for story grouping and feature extraction:

- BASIL's ~4,700 body sentences form the pool. Each synthetic *event* draws 30 core sentences
  from the whole pool (so two events rarely share more than one sentence, as unrelated news
  shares generic words but not its sentences), and a headline from the first words of one of them.
- Each event is covered by 1 to 12 articles (about 5 on average) from 40 made-up outlets. An
  article tells the event in 20 of its core sentences, in a shuffled order, plus 6 sentences from
  anywhere (background), in paragraphs of 1–3 sentences: about 3.5 kB, like BASIL's articles.
  Articles of one event share about half their sentences (TF-IDF cosine ~0.5); articles of
  different events ~0.05, as measured on BASIL (README, "Stories").
- Events are spread evenly over ``N / per_day`` days (default 275 articles a day, a year of wire
  copy for 100,000 articles), starting 2020-01-01; each article is dated 0–3 days after its
  event's first day. 1% of the articles have no date, to exercise undated grouping.
- Articles are written in BASIL's own format (``body-paragraphs``, ``triplet-uuid`` = the event)
  as JSON lines, 1,000 per file, so stance reads the event id as its gold story and the grouping
  benchmark can score B-cubed against it. The same seed gives the same corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

OUTLETS = [f"outlet-{i:02d}" for i in range(1, 41)]
CORE_SENTENCES = 30
TOLD_SENTENCES = 20
BACKGROUND_SENTENCES = 6
MAX_ARTICLES_PER_EVENT = 12
UNDATED_SHARE = 0.01
PER_FILE = 1000
START = dt.date(2020, 1, 1)
COPY_SHIFT_DAYS = 400  # further apart than any story window


def basil_articles(basil: Path) -> list[dict]:
    """BASIL's article objects, in path order."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((basil / "articles").rglob("*.json"))]


def copies(basil: Path, out: Path, times: int) -> int:
    """``times`` copies of BASIL's articles under ``out/copy-1`` … as distinct articles: copy *i* is
    dated ``COPY_SHIFT_DAYS·(i-1)`` days later, its URL and ids carry ``copy=i`` and its text
    ends with an "(Archive copy i.)" paragraph, so duplicate detection keeps every copy and
    stories stay within their copy. Returns the article count."""
    count = 0
    for i in range(1, times + 1):
        for path in sorted((basil / "articles").rglob("*.json")):
            article = json.loads(path.read_text(encoding="utf-8"))
            if i > 1:
                shifted = dt.date.fromisoformat(article["date"]) + dt.timedelta(days=COPY_SHIFT_DAYS * (i - 1))
                article.update(
                    date=shifted.isoformat(),
                    url=f"{article['url']}?copy={i}",
                    uuid=f"{article['uuid']}-{i}",
                    **{"triplet-uuid": f"{article['triplet-uuid']}-{i}"},
                )
                article["body-paragraphs"].append([f"(Archive copy {i}.)"])
            target = out / f"copy-{i}" / path.relative_to(basil / "articles")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
            count += 1
    return count


def synthetic(basil: Path, out: Path, articles: int, *, per_day: int = 275, seed: int = 1) -> int:
    """Write ``articles`` synthetic articles (see module docstring) as JSON lines under ``out``."""
    rng = random.Random(seed)
    pool = [
        s.strip() for a in basil_articles(basil) for para in a["body-paragraphs"] for s in para if len(s.split()) >= 5
    ]
    days = max(1, -(-articles // per_day))
    out.mkdir(parents=True, exist_ok=True)
    written, event, batch = 0, 0, []
    while written < articles:
        size = min(
            articles - written,
            rng.choice(range(1, MAX_ARTICLES_PER_EVENT + 1)) if rng.random() < 0.4 else rng.choice(range(3, 7)),
        )
        core = rng.sample(pool, CORE_SENTENCES)
        headline = " ".join(core[0].split()[:10]).rstrip(",.;:")
        first_day = START + dt.timedelta(days=int(days * written / articles))
        for _ in range(size):
            told = rng.sample(core, TOLD_SENTENCES) + rng.sample(pool, BACKGROUND_SENTENCES)
            rng.shuffle(told)
            paragraphs, i = [], 0
            while i < len(told):
                n = rng.choice((1, 1, 2, 2, 3))
                paragraphs.append(told[i : i + n])
                i += n
            date = first_day + dt.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
            batch.append(
                {
                    "title": headline if rng.random() < 0.7 else " ".join(rng.choice(core).split()[:10]),
                    "source": rng.choice(OUTLETS),
                    "date": "" if rng.random() < UNDATED_SHARE else date.isoformat(),
                    "triplet-uuid": f"event-{event:06d}",
                    "body-paragraphs": paragraphs,
                }
            )
            written += 1
            if len(batch) == PER_FILE:
                _write(out, written, batch)
                batch = []
        event += 1
    if batch:
        _write(out, written, batch)
    return written


def _write(out: Path, written: int, batch: list[dict]) -> None:
    name = out / f"part-{(written - 1) // PER_FILE:04d}.jsonl"
    name.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in batch), encoding="utf-8")


TINY_WORDS = (
    "council harbour ferry budget vote school road bridge flood strike union hospital court police mayor".split()
)


def tiny(out: Path, items: int, undated: bool = False, seed: int = 1) -> int:
    """One JSON list of ``items`` one-sentence articles (~140 bytes each) as ``out/list.json``: a
    title, a date spread over 2025 (none with ``undated``), and ten words from a 15-word vocabulary
    with the item's number, so every pair of items shares words: the worst case for story grouping.
    Returns the count."""
    rng = random.Random(seed)
    records = []
    for i in range(items):
        record = {
            "title": f"Item {i}",
            "text": f"The {' '.join(rng.choice(TINY_WORDS) for _ in range(10))} report {i}.",
        }
        if not undated:
            record["date"] = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
        records.append(record)
    out.mkdir(parents=True, exist_ok=True)
    (out / "list.json").write_text(json.dumps(records), encoding="utf-8")
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="kind", required=True)
    c = sub.add_parser("copies", help="BASIL's articles copied N times")
    c.add_argument("basil", type=Path)
    c.add_argument("out", type=Path)
    c.add_argument("--times", type=int, default=8)
    s = sub.add_parser("synthetic", help="N articles of recombined BASIL sentences")
    s.add_argument("basil", type=Path)
    s.add_argument("out", type=Path)
    s.add_argument("--articles", type=int, required=True)
    s.add_argument("--per-day", type=int, default=275)
    s.add_argument("--seed", type=int, default=1)
    t = sub.add_parser("tiny", help="one JSON list of N one-sentence articles")
    t.add_argument("out", type=Path)
    t.add_argument("--items", type=int, required=True)
    t.add_argument("--undated", action="store_true")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out}: exists and is not empty")
    if args.kind == "copies":
        n = copies(args.basil, args.out, args.times)
    elif args.kind == "tiny":
        n = tiny(args.out, args.items, undated=args.undated)
    else:
        n = synthetic(args.basil, args.out, args.articles, per_day=args.per_day, seed=args.seed)
    print(f"{n} articles in {args.out}")


if __name__ == "__main__":
    main()
