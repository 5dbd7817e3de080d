"""Large corpora: pages that grow slower than the corpus (issue 17)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from conftest import DATA, SEEDS

from stance.comparison import tables
from stance.comparison.tables import article_table
from stance.output.filters import MAX_DOTS, chart_circles
from stance.output.pages import STORIES_PER_PAGE
from stance.run.pipeline import analyze

SEED_OUTLETS = DATA / "outlets" / "seeds.toml"


def test_the_index_of_a_large_corpus_is_paged_and_every_story_is_on_one_page(tmp_path):
    corpus = tmp_path / "feed"
    corpus.mkdir()
    items = [
        {
            "title": f"Ferry {n} to Kess{n}by",
            "date": f"2025-03-{1 + n % 28:02d}",
            "text": f"Ferry Q{n}x sailed to Kess{n}by.",
        }
        for n in range(STORIES_PER_PAGE + 40)
    ]
    (corpus / "feed.json").write_text(json.dumps(items), encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "stance", "compare", str(corpus), "--out", str(out), "-q"], check=True)
    first, second = (out / "index.html").read_text("utf-8"), (out / "index" / "2.html").read_text("utf-8")
    assert sorted(p.name for p in (out / "index").iterdir()) == ["2.html"]
    listed = [re.findall(r'<td><a href="(?:\.\./)?stories/([a-z0-9-]+)\.html">', page) for page in (first, second)]
    assert '<a href="stories/' in first and '<a href="../stories/' in second
    assert [len(x) for x in listed] == [STORIES_PER_PAGE, 40]
    stories = json.loads((out / "stories.json").read_text("utf-8"))["stories"]
    assert sorted(listed[0] + listed[1]) == sorted(s["id"] for s in stories)  # each story once, on one page
    for page, other in ((first, "index/2.html"), (second, "../index.html")):
        assert f"{STORIES_PER_PAGE + 40} stories from 1 outlet" in page  # the whole corpus's counts
        assert '<nav class="pager">Pages: ' in page and f'href="{other}"' in page
    assert "<h2>Outlets</h2>" in first and "<h2>Outlets</h2>" not in second
    assert "<title>stance: 1040 stories, page 2 of 2</title>" in second
    # The outlet's page lists its first 1,000 stories; the rest are on its second page.
    (slug,) = [p.stem for p in (out / "outlets").glob("*.html") if "." not in p.stem]
    outlet_pages = [(out / "outlets" / name).read_text("utf-8") for name in (f"{slug}.html", f"{slug}.2.html")]
    on_outlet = [re.findall(r'<li><a href="\.\./stories/([a-z0-9-]+)\.html">', page) for page in outlet_pages]
    assert [len(x) for x in on_outlet] == [STORIES_PER_PAGE, 40]
    assert sorted(on_outlet[0] + on_outlet[1]) == sorted(listed[0] + listed[1])
    assert f'href="{slug}.2.html"' in outlet_pages[0] and f'href="{slug}.html"' in outlet_pages[1]


def test_a_strip_row_of_many_articles_draws_one_dot_per_place():
    few = [0.0] * 10 + [1.0]
    assert str(chart_circles(few, 0.0, 1.0)).count("<circle") == 11  # stacked dots darken: all drawn
    many = [k % 7 / 6 for k in range(MAX_DOTS + 1)]
    drawn = re.findall(r'cx="([\d.]+)"', str(chart_circles(many, 0.0, 1.0)))
    assert drawn == sorted(set(drawn), key=float) and len(drawn) == 7


def run_compare(*args) -> None:
    subprocess.run([sys.executable, "-m", "stance", "compare", *map(str, args), "-q"], check=True)


def test_parquet_output_holds_what_the_csv_and_json_output_hold(tmp_path):
    import pandas as pd

    run_compare(SEEDS, "--out", tmp_path / "csv", "--data-format", "csv")
    run_compare(SEEDS, "--out", tmp_path / "pq", "--data-format", "parquet", "--jobs", "1")
    csv, pq = tmp_path / "csv", tmp_path / "pq"
    assert not (pq / "stories.json").exists() and not list(pq.glob("*.csv"))
    for name in ("articles", "outlets", "quotes", "entities", "facts", "profiles", "differences"):
        table = pd.read_parquet(pq / f"{name}.parquet")
        expected = pd.read_csv(csv / f"{name}.csv", keep_default_na=False, na_values=[""])
        assert list(table.columns) == list(expected.columns), name
        if name in ("quotes", "entities", "facts"):  # Parquet: in story order; CSV: sorted by id or story id
            assert table["story_id"].drop_duplicates().tolist() == stories_in_order(csv, table["story_id"])
            table, expected = (
                t.loc[as_text(t).sort_values(list(t.columns)).index].reset_index(drop=True) for t in (table, expected)
            )
        assert len(table) == len(expected) > 0, name
        for column in table.columns:
            if pd.api.types.is_float_dtype(table[column]):  # the CSV rounds floats to 4 decimals
                assert table[column].isna().tolist() == expected[column].isna().tolist(), (name, column)
                assert not ((table[column] - expected[column]).abs() > 5e-5).any(), (name, column)
            else:
                got = table[column].astype(str).where(table[column].notna(), "")
                assert got.tolist() == expected[column].astype(str).where(expected[column].notna(), "").tolist(), (
                    name,
                    column,
                )
    data = json.loads((csv / "stories.json").read_text("utf-8"))
    spans = pd.read_parquet(pq / "spans.parquet")
    expected = [
        (s["id"], a["id"], span["start"], span["end"], span["label"], span["text"])
        for s in data["stories"]
        for a in s["articles"]
        for span in a["spans"]
    ]
    columns = ["story_id", "article_id", "start", "end", "label", "text"]
    assert list(spans[columns].itertuples(index=False, name=None)) == expected
    speakers = [json.loads(x).get("speaker") for x in spans["attrs"][spans["label"] == "source"]]
    assert any(speakers)  # a source's attributes come along
    entities = [json.loads(x) for x in spans["attrs"][spans["label"] == "entity"]]
    assert any("described_as" in e for e in entities)  # and never replace the span's own label
    stories = pd.read_parquet(pq / "stories.parquet")
    assert stories["story_id"].tolist() == [s["id"] for s in data["stories"]]
    assert stories["n_articles"].tolist() == [len(s["articles"]) for s in data["stories"]]
    # The same bytes from two processes, and a rerun replaces the Parquet output in place.
    run_compare(SEEDS, "--out", tmp_path / "pq2", "--data-format", "parquet", "--jobs", "2")
    for path in sorted(p for p in pq.rglob("*") if p.is_file()):
        assert path.read_bytes() == (tmp_path / "pq2" / path.relative_to(pq)).read_bytes(), path.name
    run_compare(SEEDS, "--out", pq, "--data-format", "parquet")


def test_rows_merged_while_they_wait_for_a_row_group_come_out_in_story_order(tmp_path):
    """More stories than `MERGE_BATCHES`, and more spans than a row group holds: every file's rows
    are the stories' rows, in the order the stories came."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import stance
    from stance.output.parquet import MERGE_BATCHES, ROWS_PER_GROUP, ParquetData

    result = stance.compare(SEEDS, jobs=1)
    parts = [ParquetData.part(s, c) for s, c in zip(result.stories, result.per_story)]
    spans = sum(p["spans"].num_rows for p in parts)
    came = parts * max(2 * MERGE_BATCHES // len(parts), 2 * ROWS_PER_GROUP // spans)
    data = ParquetData(tmp_path)
    for part in came:
        data.add(part)
    files = dict(data.files(result))
    for name in ("spans", "quotes", "facts", "entities"):
        written = pq.ParquetFile(files[f"{name}.parquet"])
        assert written.read().equals(pa.Table.from_batches([p[name] for p in came])), name
    assert pq.ParquetFile(files["spans.parquet"]).num_row_groups == 2  # one full, then the rest
    data.close()


def as_text(table):
    """Every cell as the text a CSV shows ("" for a missing value)."""
    return table.astype(str).where(table.notna(), "")


def stories_in_order(csv_output, story_ids) -> list[str]:
    """The stories of ``story_ids`` in the order ``stories.json`` lists them."""
    listed = [s["id"] for s in json.loads((csv_output / "stories.json").read_text("utf-8"))["stories"]]
    return [s for s in listed if s in set(story_ids)]


def every_file(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("data_format", ["csv", "parquet"])
def test_comparing_a_story_at_a_time_writes_what_the_comparison_in_memory_writes(tmp_path, basil, data_format):
    """`stance compare` lets each story go once it is written; `stance.compare(...).write` holds every
    story's comparison: the same files, byte for byte, on real multi-outlet coverage."""
    import stance

    run_compare(basil, "--out", tmp_path / "cli", "--data-format", data_format, "--jobs", "2")
    stance.compare(basil, jobs=2).write(tmp_path / "lib", data_format=data_format)
    written = every_file(tmp_path / "cli")
    assert len([p for p in written if p.startswith("stories/")]) > 40
    assert written == every_file(tmp_path / "lib")


def test_a_story_at_a_time_with_an_outlets_file_writes_the_same_as_in_memory(tmp_path):
    """The seed corpus with its outlets file: the index's groups come from each story as it passes."""
    import stance

    run_compare(SEEDS, "--out", tmp_path / "cli", "--outlets", SEED_OUTLETS, "--jobs", "1")
    stance.compare(SEEDS, outlets=SEED_OUTLETS, jobs=1).write(tmp_path / "lib")
    written = every_file(tmp_path / "cli")
    assert "lean" in written["index.html"].decode("utf-8")  # the groups are there
    assert written == every_file(tmp_path / "lib")


def test_auto_writes_parquet_for_a_large_corpus_and_a_parquet_output_is_not_read_back(tmp_path, monkeypatch):
    import stance
    import stance.output

    result = stance.compare(SEEDS, jobs=1)
    monkeypatch.setattr(stance.output, "PARQUET_FROM_ARTICLES", len(result.articles))
    out = result.write(tmp_path / "corpus" / "out")  # "auto", at the size a corpus gets Parquet from
    assert (out / "spans.parquet").is_file() and not (out / "stories.json").exists()
    monkeypatch.setattr(stance.output, "PARQUET_FROM_ARTICLES", len(result.articles) + 1)
    assert (result.write(tmp_path / "small") / "stories.json").is_file()
    # An earlier Parquet output inside the corpus is skipped, not read as articles.
    shutil.copytree(SEEDS, tmp_path / "corpus", dirs_exist_ok=True)
    again = stance.compare(tmp_path / "corpus", jobs=1)
    assert len(again.articles) == len(result.articles)


def test_the_article_table_built_in_parts_is_the_table_built_at_once(monkeypatch):
    """`article_table` builds `ARTICLE_ROWS` rows at a time: in parts of 3 rows, the same table
    (values, types and order) as in one part."""
    stories = analyze([SEEDS, DATA / "wire"], jobs=1).stories
    asserted = {a.id: n for n, a in enumerate(a for s in stories for a in s.articles) if n % 2}
    whole = [article_table(stories), article_table(stories, asserted)]
    monkeypatch.setattr(tables, "ARTICLE_ROWS", 3)
    parts = [article_table(stories), article_table(stories, asserted)]
    assert len(whole[0]) > 3 * 3
    for one, three in zip(whole, parts):
        pd.testing.assert_frame_equal(one, three, check_exact=True)
    assert whole[1]["asserted_attributed_by"].sum() == sum(asserted.values())
    assert list(whole[0]["id"]) == sorted(a.id for s in stories for a in s.articles)
