"""scrapyd deployment for real: a real `scrapyd` on 127.0.0.1, the project deployed with scrapyd-client's
`scrapyd-deploy` (the README's path), a crawl of a demo outlet scheduled through schedule.json, polled
through listjobs.json, and its documents read back from the corpus database. The demo outlets are not in
the bundled registry: the job names their file (corpus/demo/outlets.toml) with the spider's registry=.

The project is deployed from a copy of the checkout (scrapyd-deploy runs `setup.py clean -a` and writes
build/ and *.egg-info where it runs; the copy keeps the shared checkout untouched); its scrapy.cfg target
is pointed at this test's scrapyd. scrapyd runs the spider from the uploaded egg, a zip: this is what
proves the egg carries the cleaning rules and that they load from a zip (the bundled registry is loaded
from the egg too, below).
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import FAST_CRAWL_SETTINGS, REPO_ROOT
from servers import free_port

BIN = Path(sys.executable).parent
SCRAPYD, SCRAPYD_DEPLOY = BIN / "scrapyd", BIN / "scrapyd-deploy"
PROJECT = "corpus"  # scrapy.cfg's [deploy] project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (SCRAPYD.exists() and SCRAPYD_DEPLOY.exists()),
        reason="scrapyd / scrapyd-client not installed in this environment",
    ),
]


def child_env() -> dict:
    """The environment without a PYTHONPATH naming the checkout, so scrapyd's crawl imports the egg."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def api(url: str, endpoint: str, data: list[tuple[str, str]] | None = None, **query) -> dict:
    """GET (or POST data to) a scrapyd JSON endpoint."""
    full = f"{url}/{endpoint}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(full, data=body, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def scrapyd(tmp_path):
    """A scrapyd of its own: 127.0.0.1, a free port, eggs/logs/dbs in tmp, one crawl at a time.
    Yields (base URL, its folder); the whole process group (scrapyd and its crawls) is killed afterwards."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\n"
        f"logs_dir = {home / 'logs'}\n"
        f"dbs_dir = {home / 'dbs'}\n"
        "max_proc = 1\n"
        "poll_interval = 0.2\n",
        encoding="utf-8",
    )
    url = f"http://127.0.0.1:{port}"
    with open(home / "scrapyd.out", "wb") as out:
        process = subprocess.Popen(
            [str(SCRAPYD)], cwd=home, env=child_env(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if api(url, "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"scrapyd did not start: {(home / 'scrapyd.out').read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield url, home
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue


def project_copy(dest: Path, target_url: str) -> Path:
    """The files scrapyd-deploy packs (packages, scrapy.cfg, setup.py, pyproject.toml, README.md) copied
    to DEST, with scrapy.cfg's [deploy] url set to TARGET_URL (a user edits that line, or adds a target)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("crawler", "cleaners", "corpus"):
        shutil.copytree(REPO_ROOT / package, dest / package, ignore=ignore)
    for name in ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, dest / name)
    config = configparser.ConfigParser()
    config.read(dest / "scrapy.cfg")
    assert config["deploy"]["project"] == PROJECT
    config["deploy"]["url"] = target_url + "/"
    with open(dest / "scrapy.cfg", "w") as fh:
        config.write(fh)
    return dest


def test_scrapy_cfg_deploys_project_corpus_to_a_local_scrapyd():
    config = configparser.ConfigParser()
    config.read(REPO_ROOT / "scrapy.cfg")
    assert config["settings"]["default"] == "crawler.settings"
    assert config["deploy"]["url"] == "http://127.0.0.1:6800/" and config["deploy"]["project"] == PROJECT


def test_the_egg_carries_the_settings_entry_point_and_the_data_files(tmp_path):
    project = project_copy(tmp_path / "project", "http://127.0.0.1:9")
    egg = tmp_path / "corpus.egg"
    result = subprocess.run(
        [str(SCRAPYD_DEPLOY), "--build-egg", str(egg)],
        cwd=project,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    assert "[scrapy]\nsettings = crawler.settings" in entry_points  # how scrapyd finds the settings
    assert {
        "corpus/outlets.toml",
        "corpus/demo/outlets.toml",
        "cleaners/rules/ar.toml",
        "crawler/spiders/outlet.py",
        "corpus/migrations/m001_core_tables.py",
    } <= names
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "evaluation/"))]  # developer tools stay out
    # the bundled registry read from inside the zip (no file to open): production outlets only
    read = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import corpus.registry as r; "
        "print(json.dumps([r.__file__, sorted(r.load_registry())]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", read, str(egg)],
        cwd=tmp_path,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    module_file, outlets = json.loads(result.stdout)
    assert (
        module_file.startswith(str(egg))
        and "rt_arabic" in outlets
        and not [n for n in outlets if n.startswith("demo_")]
    )


def test_deploy_schedule_and_crawl_through_scrapyd(scrapyd, demo_server, tmp_path):
    url, home = scrapyd
    project = project_copy(tmp_path / "project", url)
    with open(project / "crawler" / "settings.py", "a", encoding="utf-8") as fh:  # only the egg has this
        fh.write('\nBOT_NAME = "corpus-egg-under-test"\n')

    # 1. deploy, as a user does from the project folder
    deploy = subprocess.run(
        [str(SCRAPYD_DEPLOY)], cwd=project, env=child_env(), capture_output=True, text=True, timeout=120
    )
    assert deploy.returncode == 0, deploy.stderr[-3000:] + deploy.stdout[-3000:]
    assert json.loads(deploy.stdout)["status"] == "ok", deploy.stdout
    assert api(url, "listprojects.json")["projects"] == [PROJECT]
    assert api(url, "listspiders.json", project=PROJECT)["spiders"] == ["outlet"]

    # scrapyd keeps `name` for itself (a 200 answer with an error), so the spider takes outlet= too
    refused = api(url, "schedule.json", data=[("project", PROJECT), ("spider", "outlet"), ("name", "demo_sada")])
    assert refused["status"] == "error" and "'name'" in refused["message"], refused

    # 2. schedule a crawl of the demo outlet: spider arguments (outlet=, base_url=, registry=) and settings (the db)
    db = tmp_path / "corpus.db"
    settings = {"CORPUS_DB": str(db), **FAST_CRAWL_SETTINGS}
    job = api(
        url,
        "schedule.json",
        data=[
            ("project", PROJECT),
            ("spider", "outlet"),
            ("outlet", "demo_sada"),
            ("base_url", demo_server.base_urls["sada"]),
            ("registry", str(project / "corpus" / "demo" / "outlets.toml")),
            *[("setting", f"{name}={value}") for name, value in settings.items()],
        ],
    )
    assert job["status"] == "ok", job

    # 3. poll listjobs.json until it is finished
    deadline = time.monotonic() + 60
    while True:
        jobs = api(url, "listjobs.json", project=PROJECT)
        if any(j["id"] == job["jobid"] for j in jobs["finished"]):
            break
        assert time.monotonic() < deadline, f"job still not finished: {jobs}"
        time.sleep(0.2)
    log = (home / "logs" / PROJECT / "outlet" / f"{job['jobid']}.log").read_text(encoding="utf-8", errors="replace")
    assert "(bot: corpus-egg-under-test)" in log  # the crawl ran the deployed egg, not this checkout
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    assert " ERROR: " not in log and "Traceback" not in log, log[-3000:]

    # 4. every demo_sada article is in the database, and the run is recorded
    conn = sqlite3.connect(db)
    try:
        titles = {row[0] for row in conn.execute("select title from documents where outlet = 'demo_sada'")}
        crawls = conn.execute("select outlets, status from crawls").fetchall()
    finally:
        conn.close()
    assert titles == {article.title for article in demo_server.articles("sada")}
    assert crawls == [('["demo_sada"]', "finished")]
