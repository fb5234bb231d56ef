"""The embedded default under concurrent use, side by side with PostgreSQL.

Runs the portal as `make run` does: `manage.py runserver` (dev settings, threaded) and
`manage.py db_worker` beside it, on a SQLite file; then the same on PostgreSQL. For a
bounded time, at once:

- editors sign in to the admin and create and publish pages (the full admin form);
- visitors vote in the demo poll (the plain form POST) and sign up for the newsletter
  (each from its own client address, as behind a proxy that sets X-Real-IP);
- readers open pages and search;
- the worker indexes every published page, purges, sends the confirmation mails.

Every write the portal accepted is written to a ledger (the page's slug, the subscriber's
address, the number of votes). Afterwards, once the worker has emptied its queue, each entry
is looked up: a page that is not live or not found by search, a missing subscriber or vote
is a lost write. An error is a 5xx answer or a dropped connection.

    .venv/bin/python benchmarks/embedded.py [--seconds 30] [--runs 3] [--databases sqlite,postgres]

PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/nrm_bench_embedded); that
database and `<name>_template` are dropped and re-created. BENCH_CHECKOUT: another checkout of
the portal to run instead of this one (for a before/after comparison). It installs nothing.
"""

import argparse
import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

DEVNULL = subprocess.DEVNULL
# The checkout to run (another one, e.g. an older commit, for a before/after comparison).
ROOT = Path(os.environ.get("BENCH_CHECKOUT", Path(__file__).resolve().parents[1]))
PYTHON = sys.executable
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/nrm_bench_embedded")
PORT = int(os.environ.get("BENCH_PORT", "8103"))
BASE = f"http://127.0.0.1:{PORT}"
ADMIN = ("admin", "nrm-demo-admin")
ACTORS = {"editor": 2, "voter": 3, "signup": 2, "reader": 2}
TIMEOUT = 120  # seconds: a request slower than this counts as an error
READS = ["/bg/", "/en/", "/bg/polls/", "/bg/byuletin/", "/en/bulletin/", "/bg/search/?q=трафик"]


def log(message):
    print(message, flush=True)


def manage(database_url, *args, var_dir, **popen):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "0",  # as `make run` serves it
        "DATABASE_URL": database_url,
        "PORTAL_VAR_DIR": str(var_dir),
        # Many visitors behind one proxy: each request names its own client address.
        "CLIENT_IP_META": "HTTP_X_REAL_IP",
        "POLL_VOTES_PER_ADDRESS": "1000000",
    }
    command = [PYTHON, "manage.py", *args]
    if popen:
        return subprocess.Popen(command, cwd=ROOT, env=environment, **popen)
    subprocess.run(command, cwd=ROOT, env=environment, check=True, stdout=DEVNULL, stderr=DEVNULL)
    return None


# Databases: each run starts from a copy of a migrated database with the demo content.


class SQLiteDatabase:
    name = "SQLite (embedded default)"

    def __init__(self, work):
        self.template = work / "template.sqlite3"
        self.path = work / "run.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def build_template(self, var_dir):
        manage(f"sqlite:///{self.template}", "migrate", "--noinput", var_dir=var_dir)
        manage(f"sqlite:///{self.template}", "load_demo_content", var_dir=var_dir)
        with sqlite3.connect(self.template) as connection:  # fold the WAL into the file
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def reset(self):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.path)


class PostgresDatabase:
    name = "PostgreSQL"

    def __init__(self, work):
        self.url = PG_URL
        self.db = PG_URL.rsplit("/", 1)[1]
        self.template_db = f"{self.db}_template"
        self.template_url = PG_URL.rsplit("/", 1)[0] + "/" + self.template_db

    def _admin(self, *statements):
        import psycopg

        maintenance = PG_URL.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(maintenance, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def build_template(self, var_dir):
        self._admin(
            f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)',
            f'DROP DATABASE IF EXISTS "{self.template_db}" WITH (FORCE)',
            f'CREATE DATABASE "{self.template_db}"',
        )
        manage(self.template_url, "migrate", "--noinput", var_dir=var_dir)
        manage(self.template_url, "load_demo_content", var_dir=var_dir)

    def reset(self):
        self._admin(
            f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)',
            f'CREATE DATABASE "{self.db}" TEMPLATE "{self.template_db}"',
        )


# The actors. Each records (kind, seconds, outcome) per request; outcome is "ok", "refused"
# (a 4xx the portal meant, e.g. a duplicate slug) or "error" (5xx, dropped connection).


class Ledger:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples = []
        self.pages, self.emails, self.votes = [], [], 0
        self.errors, self.refusals = [], []

    def record(self, kind, started, outcome, detail=""):
        with self.lock:
            self.samples.append((kind, time.monotonic() - started, outcome))
            if outcome != "ok":
                (self.errors if outcome == "error" else self.refusals).append(
                    f"{kind}: {detail}"[:300]
                )


def client_address():
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


def timed(ledger, kind, call, accepted):
    """Runs one request; returns the response when the portal accepted it."""
    started = time.monotonic()
    try:
        response = call()
    except requests.RequestException as error:
        ledger.record(kind, started, "error", repr(error))
        return None
    if response.status_code >= 500:
        ledger.record(kind, started, "error", f"{response.status_code} {response.text[:200]}")
        return None
    ok = response.status_code in accepted
    detail = f"{response.status_code} {response.url} {response.text[:200]}"
    ledger.record(kind, started, "ok" if ok else "refused", detail)
    return response if ok else None


def editor(ledger, stop, number, home_id):
    session = requests.Session()
    login = session.get(f"{BASE}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    session.post(
        f"{BASE}/admin/login/",
        data={"username": ADMIN[0], "password": ADMIN[1], "csrfmiddlewaretoken": token},
        headers={"Referer": f"{BASE}/admin/login/"},
    )
    add = f"{BASE}/admin/pages/add/portal/contentpage/{home_id}/"
    for n in itertools.count():
        if stop.is_set():
            return
        form = timed(ledger, "editor form", lambda: session.get(add), {200})
        if form is None:
            continue
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        word = "".join(random.choice("бвгдзклмнпрстфхцчш") for _ in range(8))
        slug = f"bench-e{number}-{n}"
        data = {
            "csrfmiddlewaretoken": token,
            "title": f"Бенчмарк {word}",
            "slug": slug,
            "intro": f"Страница {word}, публикувана по време на натоварване.",
            "body-count": "0",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "action-publish",
        }
        post = lambda data=data: session.post(  # noqa: E731
            add, data=data, headers={"Referer": add}, allow_redirects=False
        )
        if timed(ledger, "editor publish", post, {302}) is not None:
            with ledger.lock:
                ledger.pages.append((slug, word))


def form_post(path, data):
    """A visitor's plain form POST, from an address of its own, not following the redirect."""
    return lambda: requests.post(
        f"{BASE}{path}",
        data=data,
        headers={"X-Real-IP": client_address()},
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def voter(ledger, stop, poll_path):
    while not stop.is_set():
        page = timed(
            ledger, "poll page", lambda: requests.get(BASE + poll_path, timeout=TIMEOUT), {200}
        )
        if page is None:
            continue
        token = re.search(r'name="poll_token" value="([^"]+)"', page.text).group(1)
        choices = re.findall(r'name="choice" value="([^"]+)"', page.text)
        data = {"poll_token": token, "choice": random.choice(choices)}
        vote = form_post(f"{poll_path}vote/", data)
        if timed(ledger, "vote", vote, {302, 303}) is not None:
            with ledger.lock:
                ledger.votes += 1


def signup(ledger, stop, number):
    for n in itertools.count():
        if stop.is_set():
            return
        email = f"bench-s{number}-{n}-{random.randrange(10**9)}@example.org"
        data = {"email": email, "name": "Bench", "language": "bg", "source": "footer"}
        post = form_post("/bg/newsletter/", data)
        if timed(ledger, "signup", post, {302, 303}) is not None:
            with ledger.lock:
                ledger.emails.append(email)


def reader(ledger, stop):
    for path in itertools.cycle(READS):
        if stop.is_set():
            return
        timed(ledger, "read", lambda path=path: requests.get(BASE + path, timeout=TIMEOUT), {200})


# Afterwards: the ledger against the database, through the portal's own models.

CHECK = """
import json, sys
from django.apps import apps
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page
model = lambda name: next(m for m in apps.get_models() if m.__name__ == name)
ledger = json.load(open(sys.argv[-1]))
slugs = [slug for slug, _ in ledger["pages"]]
live = set(Page.objects.filter(slug__in=slugs, live=True).values_list("slug", flat=True))
emails = set(model("Subscriber").objects.filter(email__in=ledger["emails"])
             .values_list("email", flat=True))
print(json.dumps({
    "pages_missing": sorted(set(slugs) - live),
    "emails_missing": sorted(set(ledger["emails"]) - emails),
    "votes": model("PollVote").objects.count(),
    "tasks_failed": DBTaskResult.objects.filter(status="FAILED").count(),
    "tasks_waiting": DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count(),
}))
"""


def check(database, ledger_path, var_dir):
    output = subprocess.run(
        [PYTHON, "-c", "import django; django.setup()\n" + CHECK, str(ledger_path)],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": database.url,
            "PORTAL_VAR_DIR": str(var_dir),
            "LOG_LEVEL": "WARNING",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def wait_until_up(seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{BASE}/bg/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {BASE}")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def one_run(database, seconds, work, run):
    database.reset()
    var_dir = work / f"var-{run}"
    var_dir.mkdir()
    logs = open(work / f"run-{run}.log", "w")  # noqa: SIM115
    server = manage(
        database.url,
        "runserver",
        f"127.0.0.1:{PORT}",
        "--noreload",
        "--insecure",
        var_dir=var_dir,
        stdout=logs,
        stderr=subprocess.STDOUT,
    )
    worker = manage(
        database.url, "db_worker", "--no-reload", var_dir=var_dir, stdout=logs, stderr=logs
    )
    try:
        wait_until_up()
        ids = requests.get(
            f"{BASE}/api/v3/pages/?type=portal.HomePage&locale=bg", timeout=TIMEOUT
        ).json()
        home_id = ids["items"][0]["id"]
        polls = requests.get(f"{BASE}/bg/polls/", timeout=TIMEOUT).text
        poll_path = re.search(r'href="(/bg/polls/[^/"]+/)"', polls).group(1)
        votes_before = check(database, _write(work, {"pages": [], "emails": []}), var_dir)["votes"]

        ledger, stop = Ledger(), threading.Event()
        threads = [
            *(
                threading.Thread(target=editor, args=(ledger, stop, n, home_id))
                for n in range(ACTORS["editor"])
            ),
            *(
                threading.Thread(target=voter, args=(ledger, stop, poll_path))
                for _ in range(ACTORS["voter"])
            ),
            *(
                threading.Thread(target=signup, args=(ledger, stop, n))
                for n in range(ACTORS["signup"])
            ),
            *(
                threading.Thread(target=reader, args=(ledger, stop))
                for _ in range(ACTORS["reader"])
            ),
        ]
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        load = os.getloadavg()[0]
        stop.set()
        for thread in threads:
            thread.join()

        drained = time.monotonic()
        while True:
            written = {"pages": ledger.pages, "emails": ledger.emails}
            state = check(database, _write(work, written), var_dir)
            if not state["tasks_waiting"] or time.monotonic() - drained > 300:
                break
            time.sleep(1)
        drain_seconds = time.monotonic() - drained
        unindexed = [
            slug
            for slug, word in ledger.pages
            if f"/bg/{slug}/"
            not in requests.get(f"{BASE}/bg/search/", {"q": word}, timeout=TIMEOUT).text
        ]
    finally:
        server.terminate()
        worker.terminate()
        server.wait(10)
        worker.wait(10)
        logs.close()

    durations = [duration for _, duration, _ in ledger.samples]
    writes = [d for kind, d, _ in ledger.samples if kind in {"editor publish", "vote", "signup"}]
    return {
        "requests": len(ledger.samples),
        "rps": len(ledger.samples) / seconds,
        "errors": len(ledger.errors),
        "error_samples": ledger.errors[:5],
        "refused": len(ledger.refusals),
        "refusal_samples": ledger.refusals[:3],
        "published": len(ledger.pages),
        "votes": ledger.votes,
        "signups": len(ledger.emails),
        "lost": len(state["pages_missing"])
        + len(state["emails_missing"])
        + abs(state["votes"] - votes_before - ledger.votes)
        + len(unindexed),
        "unindexed": len(unindexed),
        "tasks_failed": state["tasks_failed"],
        "p50_ms": 1000 * percentile(durations, 0.5),
        "p95_ms": 1000 * percentile(durations, 0.95),
        "write_p95_ms": 1000 * percentile(writes, 0.95),
        "drain_s": drain_seconds,
        "load": load,
    }


def _write(work, data):
    path = work / "ledger.json"
    path.write_text(json.dumps(data))
    return path


FIGURES = [
    ("requests", "{:.0f}"),
    ("rps", "{:.1f}"),
    ("errors", "{:.0f}"),
    ("lost", "{:.0f}"),
    ("tasks_failed", "{:.0f}"),
    ("published", "{:.0f}"),
    ("votes", "{:.0f}"),
    ("signups", "{:.0f}"),
    ("p50_ms", "{:.0f}"),
    ("p95_ms", "{:.0f}"),
    ("write_p95_ms", "{:.0f}"),
    ("drain_s", "{:.1f}"),
    ("load", "{:.2f}"),
]


def summary(name, runs):
    log(f"\n{name}: median of {len(runs)} runs (min–max)")
    for key, form in FIGURES:
        values = [run[key] for run in runs]
        low, high = form.format(min(values)), form.format(max(values))
        log(f"  {key:>13}: {form.format(statistics.median(values))}  ({low}–{high})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    kinds = {"sqlite": SQLiteDatabase, "postgres": PostgresDatabase}
    with tempfile.TemporaryDirectory(prefix="bench-embedded-") as tmp:
        work = Path(tmp)
        results = {}
        for kind in args.databases.split(","):
            database = kinds[kind](work)
            log(f"{database.name}: building the template database (migrate, demo content)…")
            template_var = work / f"var-template-{kind}"
            template_var.mkdir()
            database.build_template(template_var)
            runs = []
            for number in range(1, args.runs + 1):
                result = one_run(database, args.seconds, work, f"{kind}-{number}")
                log(f"  run {number}: " + json.dumps(result, ensure_ascii=False))
                runs.append(result)
            results[database.name] = runs
        for name, runs in results.items():
            summary(name, runs)


if __name__ == "__main__":
    main()
