"""Hostile corpora through the real CLI: nothing crashes, nothing is lost, nothing injects,
nothing escapes --out, nothing is half-written, nothing differs between runs."""

from __future__ import annotations

import codecs
import csv
import ctypes
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DATA, REPO, SEEDS
from typer.testing import CliRunner

from stance.cli import app
from stance.readers.corpus import read_corpus

XSS = DATA / "xss"
# The index's sorting script as the template writes it: pages may hold no other script.
INDEX_SCRIPT = re.search(r"<script>(.*?)</script>", (REPO / "templates" / "index.html").read_text("utf-8"), re.S)[1]
CHROMIUM = Path("/usr/bin/chromium")
INTERRUPTED = "error: interrupted; the previous output was left as it was"
# Every payload in tests/data/xss that runs sets this attribute on <body>.
PWNED = "data-pwned"


def all_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def problems_of(out: Path) -> dict[str, str]:
    data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    return {p["path"] + (f":{p['line']}" if p["line"] else ""): p["message"] for p in data["problems"]}


def article_ids(out: Path) -> list[str]:
    data = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    return sorted(a["id"] for s in data["stories"] for a in s["articles"])


def write_copies(folder: Path, copies: int) -> int:
    """``copies`` distinct variants of every seed article as `.txt` files with headers; returns the count."""
    articles, _ = read_corpus([SEEDS])
    for n in range(copies):
        for i, a in enumerate(articles):
            target = folder / a.outlet / f"{i:02d}-{n:03d}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            header = f"title: {a.title or 'Untitled'}\ndate: {a.date or ''}\n\n"
            target.write_text(f"{header}{a.text}\n\nThis is copy {n} of report {i}.\n", encoding="utf-8")
    return copies * len(articles)


# --- every input problem is named ----------------------------------------------------------------

GOOD = "The harbour council met on Tuesday and approved the new ferry timetable, officials said."


def test_every_input_problem_is_named_and_the_run_goes_on(cli, tmp_path):
    c = tmp_path / "corpus"
    (c / "sub").mkdir(parents=True)
    text = "Le café “Chez Zoë” a rouvert lundi, selon la mairie, après des travaux de rénovation."
    (c / "good.txt").write_text(GOOD, encoding="utf-8")
    (c / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (c / "latin1.txt").write_bytes("Zoë's café on the quay reopened on Monday after the repairs.".encode("latin-1"))
    (c / "utf16.txt").write_bytes(
        codecs.BOM_UTF16_LE + "Ferry fares were frozen for one more year.".encode("utf-16-le")
    )
    (c / "cut.txt").write_bytes(
        "Zoë's bakery in Orlund closed for the winter, said the owner of the café".encode()[:-1]
    )
    (c / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (c / "noise.txt").write_bytes(bytes(range(1, 256)) * 4)
    (c / "badbom.txt").write_bytes(codecs.BOM_UTF8 + b"caf\xe9 \xff\xfe")
    (c / "empty.md").write_bytes(b"")
    (c / "truncated.json").write_text('[{"title": "Ferry", "text": "The ferry ', encoding="utf-8")
    (c / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    (c / "bigint.json").write_text('{"text": "x", "n": ' + "7" * 5000 + "}", encoding="utf-8")
    (c / "lists.json").write_text(
        '{"title": ["a", "b"], "date": {"y": 2024}, "text": "The pier reopened on Friday."}', encoding="utf-8"
    )
    (c / "rows.csv").write_text(
        'title,text\nOne,"The lighthouse was repainted in May."\nTwo\nThree,"The keeper retired on Thursday, after',
        encoding="utf-8",
    )
    (c / "unclosed.md").write_text(
        "---\ntitle: Ferry fares\ndate: 2025-04-08\n\nFares were frozen.\n", encoding="utf-8"
    )
    (c / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody text.\n", encoding="utf-8")
    (c / "big.txt").write_text(
        "The bridge was closed again. " * 40_000, encoding="utf-8"
    )  # 1.1 MiB, over --max-file-mb 1
    (c / "sub" / "linked.txt").write_text(
        "The linked folder holds one article about the night ferry.", encoding="utf-8"
    )
    os.symlink("missing.txt", c / "dangling.txt")
    os.symlink("loop-b.txt", c / "loop-a.txt")
    os.symlink("loop-a.txt", c / "loop-b.txt")
    os.symlink(c / "sub", c / "sub-link")
    os.symlink(".", c / "self")
    os.mkfifo(c / "pipe.txt")  # reading it would block the run forever
    out = tmp_path / "out"
    result = cli("compare", c, "--out", out, "--max-file-mb", "1")
    assert result.exit_code == 0, result.output
    assert article_ids(out) == [
        "cp1252.txt",
        "cut.txt",
        "good.txt",
        "latin1.txt",
        "lists.json",
        "rows.csv#1",
        "sub/linked.txt",
        "utf16.txt",
    ]
    stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
    read = {a["id"]: a for s in stories for a in s["articles"]}
    assert read["lists.json"]["title"] is None and read["lists.json"]["date"] is None
    # Untitled articles name their story after their first words: decoded right, whatever the encoding.
    named = {s["articles"][0]["id"]: s["title"] for s in stories if len(s["articles"]) == 1}
    assert named["cp1252.txt"].startswith("Le café “Chez Zoë” a rouvert")
    assert named["latin1.txt"].startswith("Zoë's café on the quay")
    assert named["utf16.txt"].startswith("Ferry fares were frozen")
    assert (
        named["cut.txt"] == "Zoë's bakery in Orlund closed for the winter, said the owner of the caf"
    )  # the cut "é" dropped
    got = problems_of(out)
    expected = {
        "badbom.txt": "undecodable text: not valid utf-8 despite its byte-order mark",
        "big.txt": "file is 1,160,000 bytes, over the 1,048,576-byte limit",
        "binary.txt": "binary file (contains NUL bytes)",
        "bigint.json": "broken JSON: Exceeds the limit (4300 digits) for integer string conversion: "
        "value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit",
        "broken.md": "broken front matter: while parsing a flow sequence",
        "cut.txt": "file ends in the middle of a character (truncated?); that character was dropped",
        "dangling.txt": "broken symbolic link (to missing.txt)",
        "deep.json": "broken JSON: nested too deeply",
        "empty.md": "empty file",
        "lists.json": "title is not a single value; ignored",
        "loop-a.txt": "symbolic link loop",
        "loop-b.txt": "symbolic link loop",
        "noise.txt": "undecodable text: not UTF-8 and no other encoding fits",
        "pipe.txt": "not a regular file (a named pipe, socket or device)",
        "rows.csv:3": "row has fewer cells than the header",
        "rows.csv:4": "quoted cell never closed (file truncated?)",
        "self": "link to a folder, not followed",
        "sub-link": "link to a folder, not followed",
        "truncated.json": "broken JSON at line 1 column 29: Unterminated string starting at",
        "unclosed.md": "broken front matter: no closing --- line (file truncated?)",
    }
    assert sorted(got) == sorted(expected)
    for where, message in expected.items():
        assert got[where].startswith(message), where
    # lists.json has two problems (date, then title); the dict above keeps the last.
    assert "lists.json: date is not a single value; ignored" in result.stderr
    for where in expected:
        assert re.search(rf"^{re.escape(where)}: ", result.stderr, re.M), where
    assert result.stderr.splitlines()[-1] == "8 articles from 2 outlets in 8 stories; 21 problems."
    strict = cli("compare", c, "--out", out, "--max-file-mb", "1", "--strict")
    assert strict.exit_code == 2
    assert "21 input problems (--strict)" in strict.stderr


def _drop_root_read_override() -> None:
    """Run as root, chmod 000 does not stop reading: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
    from the child's capability bounding set (prctl PR_CAPBSET_DROP) so permission bits count."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def test_unreadable_file_is_named(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "secret.txt").write_text("The mayor resigned on Monday.", encoding="utf-8")
    (corpus / "secret.txt").chmod(0)
    (corpus / "locked").mkdir()
    (corpus / "locked" / "inside.txt").write_text("The mayor returned on Tuesday.", encoding="utf-8")
    (corpus / "locked").chmod(0)
    as_root = os.geteuid() == 0
    if as_root and not sys.platform.startswith("linux"):
        pytest.skip("running as root, and dropping the read override needs Linux")
    try:
        run = subprocess.run(
            [sys.executable, "-m", "stance", "compare", str(corpus), "--out", str(tmp_path / "out")],
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=_drop_root_read_override if as_root else None,
        )
    except subprocess.SubprocessError as exc:  # no CAP_SETPCAP: this container cannot drop the override
        pytest.skip(f"cannot drop root's read override here: {exc}")
    finally:
        (corpus / "locked").chmod(0o755)
    assert run.returncode == 0, run.stderr
    assert "secret.txt: cannot read file: Permission denied" in run.stderr.splitlines()
    assert "locked: cannot read folder: Permission denied" in run.stderr.splitlines()
    assert problems_of(tmp_path / "out") == {
        "locked": "cannot read folder: Permission denied",
        "secret.txt": "cannot read file: Permission denied",
    }


def test_duplicates_are_counted_once_and_named(cli, tmp_path):
    c = tmp_path / "corpus"
    (c / "herald").mkdir(parents=True)
    (c / "a.txt").write_text("title: Ferry resumes\n\n" + GOOD, encoding="utf-8")
    # the same text, spaced and cased differently, under another outlet: still one article
    (c / "herald" / "copy.txt").write_text("  " + GOOD.upper().replace(" ", " \t "), encoding="utf-8")
    (c / "feed.jsonl").write_text(
        json.dumps({"url": "https://www.example.org/ferry/", "text": "The ferry resumed on Wednesday."})
        + "\n"
        + json.dumps({"url": "http://example.org/ferry#top", "text": "Ferry service resumed on Wednesday morning."})
        + "\n"
        + json.dumps({"url": "https://example.org/ferry?page=2", "text": "Page two of the ferry report."})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = cli("compare", c, "--out", out)
    assert result.exit_code == 0
    assert article_ids(out) == ["a.txt", "feed.jsonl#1", "feed.jsonl#3"]
    assert problems_of(out) == {
        "feed.jsonl#2": "duplicate of feed.jsonl#1 (same URL); counted once",
        "herald/copy.txt": "duplicate of a.txt (same text); counted once",
    }
    assert "herald/copy.txt: duplicate of a.txt (same text); counted once" in result.stderr
    assert len((out / "articles.csv").read_text(encoding="utf-8").splitlines()) == 1 + 3


# --- nothing injects -------------------------------------------------------------------------------

# File and folder names that cannot be stored in the repository on every system: added at run time.
HOSTILE_NAMES = {
    "<img src=x onerror=document.body.dataset.pwned=1>.txt": (
        "The quay lamps were replaced on Monday, the harbour office said."
    ),
    '"><svg onload=document.body.dataset.pwned=1>.txt': "The fish market moved indoors on Tuesday, traders said.",
    "<svg onload=document.body.dataset.pwned=1>/lamp.txt": (
        "Street lamps on the quay were repaired, reportedly by volunteers."
    ),
}


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags_of(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory) -> Path:
    """The XSS corpus (plus hostile file and folder names) through the real CLI; returns --out."""
    root = tmp_path_factory.mktemp("xss")
    corpus = root / "corpus"
    shutil.copytree(XSS, corpus)
    for name, text in HOSTILE_NAMES.items():
        (corpus / name).parent.mkdir(exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", str(corpus), "--out", str(root / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "out"


@pytest.fixture(scope="module")
def template_vocabulary(tmp_path_factory) -> tuple[set[str], set[str]]:
    """Tag and attribute names the templates themselves produce (on the seed corpus plus a broken
    file, so the problem list is on the index page too)."""
    root = tmp_path_factory.mktemp("seeds")
    shutil.copytree(SEEDS, root / "corpus")
    (root / "corpus" / "broken.json").write_text("{", encoding="utf-8")
    assert CliRunner().invoke(app, ["compare", str(root / "corpus"), "--out", str(root / "out")]).exit_code == 0
    out = root / "out"
    tags = [t for page in out.rglob("*.html") for t in tags_of(page.read_text(encoding="utf-8"))]
    return {tag for tag, _ in tags}, {name for _, attrs in tags for name, _ in attrs}


def test_no_payload_becomes_a_tag_or_attribute(xss_site, template_vocabulary):
    tag_names, attr_names = template_vocabulary
    pages = sorted(xss_site.rglob("*.html"))
    assert len(pages) >= 6
    links = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for tag, attrs in tags_of(html):
            assert tag in tag_names, f"{page.name}: <{tag}> is not a template tag"
            for name, value in attrs:
                assert name in attr_names and not name.startswith("on"), f"{page.name}: <{tag} {name}=…>"
                if name == "href":
                    links.append(value)
                if name == "style":
                    assert re.fullmatch(r"width: -?[\d.]+%", value), value
        # No <style> (the pages share stance.css, linked once), and on the index its own sorting
        # script, word for word.
        scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
        assert scripts == ([INDEX_SCRIPT] if page.name == "index.html" else [])
        assert len(re.findall(r"<script|<style|<link", html, re.I)) == 1 + len(scripts)
        root = "" if page.parent == xss_site else "../"
        assert f'<link rel="stylesheet" href="{root}stance.css">' in html
    # Links: the site's own pages and in-page anchors, and article URLs only when http or https.
    page = r"(\.\./)?(index(/\d+)?|(stories|outlets)/[a-z0-9-]+(\.\d+)?)\.html(#[a-z0-9-]+)?"
    own = page + r"|#[a-z0-9-]+|(\.\./)?stance\.css|(\.\./)?features\.html(#[a-z_]+)?"
    external = sorted(v for v in links if not re.fullmatch(own, v))
    assert external == [
        'http://lighthouse.example.org/"onmouseover="document.body.dataset.pwned=1',
        'http://wall.example.org/"><svg onload=document.body.dataset.pwned=1>',
        'https://ferry.example.org/night?q="><script>document.body.dataset.pwned=1</script>',
        "https://herald.example.org/fares'onmouseover='document.body.dataset.pwned=1",
        "https://lighthouse.example.org/keeper",
    ]


def test_payloads_reach_the_page_as_text(xss_site):
    html = {p.relative_to(xss_site).as_posix(): p.read_text(encoding="utf-8") for p in xss_site.rglob("*.html")}
    everything = "".join(html.values())
    # Titles, bodies, outlets, file names, folder-derived outlets and problems: shown, escaped.
    for shown in (
        "&lt;script&gt;document.body.dataset.pwned=1&lt;/script&gt;Tellgarth ferry resumes",
        "&lt;SCRIPT&gt;document.body.dataset.pwned=1&lt;/SCRIPT&gt;",
        "&lt;img src=x onerror=document.body.dataset.pwned=1&gt;",
        "&#34;&gt;&lt;svg onload=document.body.dataset.pwned=1&gt;.txt",
        "&lt;/title&gt;&lt;script&gt;",
        "{{ 7*7 }} {% raw %}",
        "&lt;svg onload=document.body.dataset.pwned=1&gt;/lamp.txt",
        "payloads.json#2: unrecognised date &#39;&lt;script&gt;",
    ):
        assert shown in everything, shown
    # Speakers and entities: whatever the features found in hostile text is escaped like the rest.
    for name, page in html.items():
        assert not re.search(r'<svg(?! class="chart)', page) and "<img" not in page and "<b " not in page, (
            name
        )  # only our charts


def test_file_names_cannot_inject_into_the_terminal(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "evil\x1b[2J\x1b]0;owned\x07\nfake: line\u202e.png").write_bytes(b"x")
    # A name that is not UTF-8 (say, unzipped from an old Windows archive) is shown with \\x escapes.
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as f:
        f.write("The café on the quay reopened.".encode())
    out = tmp_path / "out"
    result = cli("compare", corpus, "--out", out)
    assert result.exit_code == 0
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\u202e" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("evil\\x1b[2J\\x1b]0;owned\\x07\\nfake: line\\u202e.png: unsupported file type '.png'")
    assert len(lines) == 2  # the problem and the summary, one line each
    assert article_ids(out) == ["caf\\xe9.txt", "good.txt"]
    assert list(problems_of(out)) == ["evil\x1b[2J\x1b]0;owned\x07\nfake: line\u202e.png"]  # the real name, in JSON


# --- nothing escapes --out -------------------------------------------------------------------------


def test_no_output_path_derives_from_input(cli, tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "a..outlet").mkdir(parents=True)
    (corpus / "a..outlet" / "x..txt").write_text(
        "title: ../../../../escaped\noutlet: ../../x\n\nThe dam held on Sunday, engineers said.", encoding="utf-8"
    )
    (corpus / "a..b.json").write_text(
        json.dumps(
            {
                "title": "/etc/passwd",
                "outlet": "..\\..\\x",
                "url": "file:///etc/passwd",
                "text": "Flood water fell on Monday.",
            }
        ),
        encoding="utf-8",
    )
    (corpus / "dots.md").write_text("# ..\n\n.. the reservoir was drained on Tuesday.", encoding="utf-8")
    out = tmp_path / "out"
    before = sorted(p for p in tmp_path.rglob("*"))
    assert cli("compare", corpus, "--out", out).exit_code == 0
    after = sorted(p for p in tmp_path.rglob("*"))
    assert [p for p in after if p not in before and not p.is_relative_to(out)] == []
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            "articles.csv",
            "differences.csv",
            "entities.csv",
            "facts.csv",
            "features.html",
            "index.html",
            "outlets",
            "outlets.csv",
            "profiles.csv",
            "quotes.csv",
            "stance.css",
            "stories",
            "stories.json",
        ]
    )
    outlet_pages = sorted(p.name for p in (out / "outlets").iterdir())  # "../../x" and "..\\..\\x" both slug to "x"
    assert (
        outlet_pages[0] == "unknown.html"
        and outlet_pages[2] == "x.html"
        and re.fullmatch(r"x-[0-9a-f]{8}\.html", outlet_pages[1])
    )
    pages = list((out / "stories").iterdir())
    assert len(pages) == 3 and all(re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{8}\.html", p.name) for p in pages)
    assert {
        a["outlet"]
        for s in json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
        for a in s["articles"]
    } == {
        "../../x",
        "..\\..\\x",
        "unknown",
    }


# --- nothing half-written --------------------------------------------------------------------------


def _children(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """About 4,750 distinct articles: about 7 s of work on 2 processes, so a run is still going
    1.4 s after its workers start even on a faster machine (1,900 articles took 3.3 s in all, and a
    signal that lands as the interpreter shuts down after the run is done ends it by the default
    action, -15, rather than 143)."""
    folder = tmp_path_factory.mktemp("big") / "corpus"
    write_copies(folder, 250)
    return folder


@pytest.mark.parametrize("how", ["ctrl-c in the pool", "sigint to the main process", "sigterm"])
def test_interrupted_run_leaves_the_previous_output_intact(big_corpus, tmp_path, how):
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs Linux /proc to see when the run has started")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "stance", "compare", str(SEEDS), "--out", str(out)]
    assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
    previous = all_files(out)
    jobs = "2" if how == "ctrl-c in the pool" else "1"
    run = subprocess.Popen(
        [*command[:4], str(big_corpus), "--out", str(out), "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        if how == "ctrl-c in the pool":  # wait for the pool workers, then signal the whole group as a terminal does
            deadline = time.monotonic() + 60
            while not _children(run.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert _children(run.pid), "the process pool never started"
            time.sleep(0.5)
            os.killpg(run.pid, signal.SIGINT)
        else:
            time.sleep(2.0)
            assert run.poll() is None, "the run finished before it could be interrupted"
            run.send_signal(signal.SIGINT if how == "sigint to the main process" else signal.SIGTERM)
        stdout, stderr = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    if how == "sigterm":
        assert run.returncode == 143, stderr
        assert stderr.strip() == INTERRUPTED + " (SIGTERM)"
    else:
        assert run.returncode == 130, stderr
        assert stderr.strip() == INTERRUPTED
    assert stdout == ""
    assert "Traceback" not in stderr
    assert all_files(out) == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left behind


def _run_processes(marker: str) -> list[int]:
    """Processes whose command line holds ``marker`` (a run's workers are forked: they share it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_for_workers(parent: int, marker: str) -> list[int]:
    """The pool workers of a run, once there are some: its children forked from it, so with its
    command line (a child of another kind, such as a library's helper at start-up, is not one)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = [pid for pid in _run_processes(marker) if pid != parent and str(pid) in _children(parent)]
        if workers:
            return workers
        time.sleep(0.05)
    raise AssertionError("the process pool never started")


def _compare_on_the_pool(corpus: Path, out: Path) -> subprocess.Popen:
    """`stance compare` on 2 processes in a subprocess, its output pipes held by the test."""
    command = [sys.executable, "-m", "stance", "compare", str(corpus), "--out", str(out), "--jobs", "2", "-q"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("after", [0.2, 0.7, 1.4])
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_terminated_run_stops_its_workers_and_closes_the_pipes(big_corpus, tmp_path, number, after):
    """SIGTERM (timeout, a CI cancel, kill) or SIGHUP at several points of a run on the pool: the
    run exits 128 + the signal, no process of it is left, and the caller's pipes close."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs Linux /proc")
    out = tmp_path / "out"
    run = _compare_on_the_pool(big_corpus, out)
    try:
        _wait_for_workers(run.pid, str(big_corpus))
        time.sleep(after)
        assert run.poll() is None, "the run finished before it could be terminated"
        run.send_signal(number)
        _, stderr = run.communicate(timeout=60)  # returns only when every holder of the pipes is gone
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 128 + number, stderr
    assert "Traceback" not in stderr and stderr.strip().endswith(f"({signal.Signals(number).name})")
    time.sleep(0.5)
    assert _run_processes(str(big_corpus)) == []
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == []


def test_workers_exit_when_their_parent_is_killed(big_corpus, tmp_path):
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs Linux /proc")
    out = tmp_path / "out"
    run = _compare_on_the_pool(big_corpus, out)
    workers = _wait_for_workers(run.pid, str(big_corpus))
    run.kill()  # SIGKILL: nothing in the parent runs
    run.communicate(timeout=60)  # the workers held these pipes too: this returns once they are gone
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(
        Path(f"/proc/{pid}/cmdline").exists() and Path(f"/proc/{pid}/cmdline").read_bytes() for pid in workers
    )


# --- nothing differs -------------------------------------------------------------------------------


def test_outputs_do_not_depend_on_hash_seed_or_jobs(tmp_path):
    corpus = tmp_path / "corpus"
    write_copies(corpus / "copies", 4)  # 76 articles: more than one chunk, so --jobs 2 uses the pool
    shutil.copytree(XSS, corpus / "xss")
    shutil.copytree(DATA / "formats", corpus / "formats")
    outputs = []
    for seed, jobs in (("1", "1"), ("2", "2")):
        out = tmp_path / f"out-{seed}-{jobs}"
        run = subprocess.run(
            [sys.executable, "-m", "stance", "compare", str(corpus), "--out", str(out), "--jobs", jobs],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert run.returncode == 0, run.stderr
        outputs.append(all_files(out))
    assert len(outputs[0]) > 10
    assert outputs[0] == outputs[1]


# --- a browser runs the pages ----------------------------------------------------------------------


def _dump_dom(page: Path, profile: Path) -> str:
    run = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=2000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-500:]
    return run.stdout


def _pwned(dom: str) -> bool:
    return any(name == PWNED for _, attrs in tags_of(dom) for name, _ in attrs)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no headless browser at /usr/bin/chromium")
def test_no_payload_runs_in_a_browser(xss_site, tmp_path):
    control = tmp_path / "control.html"  # the check can fail: an unescaped payload does run
    control.write_text(
        "<!doctype html><body><img src=x onerror=document.body.dataset.pwned=1></body>", encoding="utf-8"
    )
    assert _pwned(_dump_dom(control, tmp_path / "profile"))
    pages = sorted(xss_site.rglob("*.html"))
    for page in pages:
        dom = _dump_dom(page, tmp_path / "profile")
        # A benign outlet's profile, and the features page, hold no payload.
        if (page.parent.name != "outlets" or "pwned" in page.stem) and page.name != "features.html":
            assert "dataset.pwned=1" in dom, page.name  # the payloads are on the page, as text
        assert not _pwned(dom), f"a payload ran on {page.relative_to(xss_site)}"


def test_csv_cells_cannot_run_as_spreadsheet_formulas(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.json").write_text(
        '{"title": "=HYPERLINK(\\"http://evil.example\\",\\"click\\")", "outlet": "@evil", '
        '"text": "The council met on Monday and approved the budget, officials said."}',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert cli("compare", corpus, "--out", out).exit_code == 0
    with (out / "articles.csv").open(encoding="utf-8", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["outlet"] == "'@evil"
    assert row["hedge_rate"] == "0.0000"  # numbers are left alone, even negative ones
