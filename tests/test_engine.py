"""`--engine dask`: the real CLI on a real Dask cluster (a LocalCluster on loopback, two worker
processes) writes the same bytes as the local engine, and the cluster really does the work."""

from __future__ import annotations

import csv
import json
import logging
import math
import operator
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import dask
import pandas as pd
import pytest
from conftest import DATA, SEEDS
from distributed import Client, LocalCluster, get_task_stream
from test_cli import all_files

import stance
from stance.cli import ExitCode
from stance.run.cluster import OTHER_CODE, DaskMapper, EngineError, _checked_call
from stance.run.measure import CHUNK

CHECK = DATA / "check"


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes, started once for this module. Every port is on
    127.0.0.1 and picked by the system (with dashboard_address=None the scheduler still serves HTTP
    on port 8787, which another cluster may hold; ":0" would listen on every interface)."""
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def client(cluster):
    with Client(cluster, set_as_default=False) as client:
        yield client


@pytest.fixture(params=["seeds", "basil"])
def corpus(request) -> Path:
    return SEEDS if request.param == "seeds" else request.getfixturevalue("basil") / "articles"


def task_names(tasks: list[dict]) -> Counter:
    """How many tasks of each function ran; stance names its tasks ``function-uuid4``."""
    return Counter(t["key"].rsplit("-", 5)[0] for t in tasks)


def articles_in(out: Path) -> int:
    with (out / "articles.csv").open(encoding="utf-8", newline="") as f:
        return len(list(csv.DictReader(f)))


def run_stance(*args: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """The installed `stance` command as a process of its own (run from ``cwd``, outside the checkout)."""
    command = [sys.executable, "-m", "stance", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120, env={**os.environ, **env})


def test_compare_on_the_cluster_writes_the_same_bytes_as_local(cli, cluster, client, corpus, tmp_path):
    for jobs in ("1", "2"):
        local = cli("compare", corpus, "--out", tmp_path / f"j{jobs}", "--jobs", jobs)
        assert local.exit_code == 0, local.output
    with get_task_stream(client) as stream:
        run = run_stance(
            "compare",
            corpus,
            "--out",
            tmp_path / "dask",
            "--engine",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
            cwd=tmp_path,
        )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(tmp_path / "dask" / "index.html")
    assert run.stderr == local.stderr  # the same summary line; nothing from Dask
    written = all_files(tmp_path / "dask")
    assert len(written) > 10 and "stories.json" in written
    assert written == all_files(tmp_path / "j1") == all_files(tmp_path / "j2")
    # Every chunk of articles, the story grouping and every story's work ran as tasks on the
    # cluster's workers: its wire copies (stories of several outlets) and its comparison and page.
    ran = task_names(stream.data)
    assert ran["_annotate_chunk"] == math.ceil(articles_in(tmp_path / "dask") / CHUNK)
    assert ran["block_links"] >= 1 and ran["component_labels"] >= 1
    stories = json.loads((tmp_path / "dask" / "stories.json").read_text("utf-8"))["stories"]
    assert ran["_compare_and_lay_out"] == len(stories)
    assert ran["_copied_in"] == sum(len(set(s["outlets"])) > 1 for s in stories) >= 1
    assert {t["worker"] for t in stream.data} <= set(cluster.scheduler_info["workers"])
    assert {t["status"] for t in stream.data} == {"OK"}


def test_story_pages_laid_out_on_the_cluster_use_the_users_templates(cli, cluster, tmp_path):
    """The workers lay out the story pages from the templates this machine read, not from a folder
    of their own: ``--templates`` is relative to this run's folder, which is not the workers'."""
    (tmp_path / "templates" / "parts").mkdir(parents=True)
    (tmp_path / "templates" / "story.html").write_text(
        '{% extends "default:story.html" %}{% block title %}{% include "parts/banner.html" %}{% endblock %}',
        encoding="utf-8",
    )
    (tmp_path / "templates" / "parts" / "banner.html").write_text("Desk audit: {{ story.title }}", encoding="utf-8")
    local = cli("compare", SEEDS, "--out", tmp_path / "local", "--templates", tmp_path / "templates", "--jobs", "2")
    assert local.exit_code == 0, local.output
    args = ("compare", SEEDS, "--out", "dask", "--templates", "templates")
    run = run_stance(*args, "--engine", "dask", "--scheduler", cluster.scheduler_address, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    pages = sorted((tmp_path / "dask" / "stories").glob("*.html"))
    assert len(pages) == 5
    assert all("<title>Desk audit: " in page.read_text("utf-8") for page in pages)
    assert all_files(tmp_path / "dask") == all_files(tmp_path / "local")


def test_check_on_the_cluster_reports_the_same_findings(cli, cluster, client):
    args = ("check", CHECK / "corpus", "--config", CHECK / "rules" / "hedges.toml", "--format", "json", "--no-cache")
    local = cli(*args, "--jobs", "1")
    with get_task_stream(client) as stream:
        remote = cli(*args, "--engine", "dask", "--scheduler", cluster.scheduler_address)
    assert local.exit_code == remote.exit_code == ExitCode.FINDINGS, remote.output
    assert remote.stdout == local.stdout
    broken = [f["subject"] for f in json.loads(remote.stdout)["findings"] if f["status"] != "ok"]
    assert broken == ["herald/ferry-hedgy.txt"]
    assert task_names(stream.data)["_annotate_chunk"] >= 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--engine", "dask"], "--engine dask and --scheduler ADDRESS go together"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--engine dask and --scheduler ADDRESS go together"),
        (
            ["--engine", "local", "--scheduler", "tcp://127.0.0.1:8786"],
            "--engine dask and --scheduler ADDRESS go together",
        ),
        (
            ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--jobs", "2"],
            "--jobs sets processes on this machine",
        ),
        (
            ["--engine", "dask", "--scheduler", "http://127.0.0.1:8786"],
            "--scheduler http://127.0.0.1:8786: not a Dask scheduler address (unknown address scheme 'http'",
        ),
        (
            ["--engine", "dask", "--scheduler", "127.0.0.1"],
            "--scheduler 127.0.0.1: not a Dask scheduler address (missing port number",
        ),
        (
            ["--engine", "dask", "--scheduler", "tls://127.0.0.1:8786"],
            "--scheduler tls://127.0.0.1:8786: TLS needs certificates: set Dask's",
        ),
    ],
)
@pytest.mark.parametrize("command", ["compare", "check"])
def test_engine_options_that_do_not_fit_exit_2(cli, tmp_path, command, args, message):
    config = (
        ("--config", CHECK / "rules" / "pass.toml", "--no-cache") if command == "check" else ("--out", tmp_path / "out")
    )
    result = cli(command, SEEDS, *config, *args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(f"error: {message}") and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "out").exists()


def test_a_scheduler_nobody_listens_on_exits_2_with_one_line(tmp_path):
    with socket.socket() as taken:  # bound, never listening: connections to it are refused
        taken.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{taken.getsockname()[1]}"
        run = run_stance(
            "compare",
            SEEDS,
            "--out",
            tmp_path / "out",
            "--engine",
            "dask",
            "--scheduler",
            address,
            cwd=tmp_path,
            DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="1s",
        )
    assert run.returncode == ExitCode.USAGE
    assert (
        run.stderr
        == f"error: cannot reach the Dask scheduler at {address}: Timed out trying to connect to {address} after 1 s\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_scheduler_without_workers_exits_2(cli, tmp_path):
    with (
        LocalCluster(
            n_workers=0,
            processes=False,
            protocol="tcp",
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        ) as empty,
        dask.config.set({"distributed.comm.timeouts.connect": "1s"}),
    ):
        result = cli(
            "compare", SEEDS, "--out", tmp_path / "out", "--engine", "dask", "--scheduler", empty.scheduler_address
        )
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        f"error: the Dask scheduler at {empty.scheduler_address} has no workers (waited 1s); "
        f"start one with: dask worker {empty.scheduler_address}\n"
    )


def test_without_distributed_the_dask_engine_says_how_to_install_it(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # what an environment without it gives: ImportError
    result = cli("compare", SEEDS, "--out", tmp_path / "out", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == 'error: --engine dask needs the distributed package: pip install "stance[dask]"\n'


def test_a_notebook_compare_on_the_cluster_equals_the_local_one(cluster, client, tmp_path):
    local = stance.compare(SEEDS, jobs=1)
    with get_task_stream(client) as stream:
        remote = stance.compare(SEEDS, scheduler=cluster.scheduler_address)
    assert task_names(stream.data)["story_comparison"] == len(remote.stories) == 5
    assert remote.per_story == local.per_story
    for name in ("articles", "outlets", "quotes", "entities", "facts"):
        pd.testing.assert_frame_equal(getattr(remote, name), getattr(local, name))
    assert all_files(local.write(tmp_path / "local")) == all_files(remote.write(tmp_path / "remote"))


def test_results_come_back_in_input_order(client):
    def wait_then_add(base: float, delay: float) -> float:
        time.sleep(delay)
        return base + delay

    delays = [0.4, 0.0, 0.2, 0.0, 0.1, 0.0, 0.0]  # later tasks finish first; 2 are submitted ahead
    results = DaskMapper(client, in_flight=2)(wait_then_add, 10.0, delays)
    assert list(results) == [10.0 + d for d in delays]


def test_a_failing_task_is_one_message_naming_the_scheduler(client):
    with pytest.raises(EngineError) as failed:
        list(DaskMapper(client)(operator.truediv, 12, [1, 2, 0, 4]))
    address = client.scheduler.address
    assert str(failed.value) == f"the Dask cluster at {address}: truediv failed: ZeroDivisionError: division by zero"


def test_workers_with_other_code_are_refused(client, cluster):
    with pytest.raises(EngineError) as before:
        DaskMapper(client, code="0" * 64)
    assert str(before.value) == f"the Dask cluster at {client.scheduler.address}: the scheduler {OTHER_CODE}"
    # Each task checks again on its worker, for workers that join after that check.
    with pytest.raises(EngineError) as during:
        client.submit(_checked_call, "0" * 64, operator.add, 1, 2, pure=False).result()
    worker = str(during.value).split()[1]
    assert worker in cluster.scheduler_info["workers"]
    assert str(during.value) == f"worker {worker} {OTHER_CODE}"


def test_ctrl_c_cancels_the_tasks_still_on_the_cluster(client):
    def nap(_, seconds: float) -> None:
        time.sleep(seconds)

    def ours(dask_scheduler) -> list[str]:
        return [str(key) for key in dask_scheduler.tasks if str(key).startswith("nap-")]

    mapper = DaskMapper(client, in_flight=6)
    threading.Timer(0.5, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT)).start()  # Ctrl-C
    with pytest.raises(KeyboardInterrupt) as interrupted:
        list(mapper(nap, None, [1.0] * 6))
    assert interrupted.traceback  # kept: its frames hold the futures, so only cancelling frees them
    deadline = time.monotonic() + 10
    while client.run_on_scheduler(ours) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.run_on_scheduler(ours) == []
