"""Load and faults under the production configuration, all on 127.0.0.1:

    PostgreSQL  <-  gunicorn (portal, several workers, in-portal page cache on Redis)
                <-  Varnish (deploy/varnish/default.vcl, purged by Wagtail on publish)
    nginx serving the home page saved as a static file: the physical limit
    aiosmtpd, a real SMTP server, taking the confirmation mails of the signups
    `manage.py db_worker` (purges, confirmation mails), restarted whenever it exits, as a
    process supervisor (systemd's Restart=always) would in production

The embedded default (SQLite, `make run`'s single server process) is measured by
benchmarks/embedded.py; this script measures its production counterpart over HTTP.

Servers on equal resources: nginx runs one worker process per core, Varnish one thread pool
per core, gunicorn two workers per core (--workers). wrk, a separate process, drives each for
a bounded time with one connection per wrk thread. Each round (--runs, at least 3 for
figures worth quoting) measures, side by side:

- the home page (/bg/) from nginx's static file, from Varnish's cache, from the portal's own
  page cache (gunicorn, no Varnish: which gunicorn database sessions ran a statement during
  that run is read from pg_stat_activity) and rendered by the portal (a cookie bypasses its
  cache): requests per second and the server's CPU time (utime+stime of its processes) per
  request, and their ratios to nginx, taken from the same round;
- the mix (MIX below: shares per kind of request, whatever the number of URLs of a kind) via
  Varnish and straight to the portal rendering: every page of the sitemap in both languages,
  searches with varied words, API listings with varied parameters, poll votes and
  newsletter signups. Both caches are emptied first, then each page is fetched once through
  Varnish (pages change rarely); the searches and listings are nearly all new URLs. It
  prints the shares actually sent, and per kind who answered: Varnish from its cache
  (X-Cache: hit), the portal from its page cache (X-Portal-Cache: hit) or the backend;
- the writes, checked exactly: every vote and signup carries its own id (a new client address
  in X-Real-IP, the signup also a new email address); wrk records the ids of those the portal
  accepted (2xx/3xx); once the requests still in flight when wrk stopped are done, each
  accepted id is looked up (the subscriber's address; for a vote the hashed-address counter
  written in the vote's transaction): the missing ids are printed, and must be none;
- the purge: a page is published in a separate process, which prints the time just before
  publish(); a watcher asks Varnish for the page every 20 ms; the figure runs from that time
  to the first answer with the new title (the purge is a task: it includes the task worker's
  poll interval, 0.5 s here).

Each figure is then printed as the median of the rounds with their spread (min-max), next to
the load average. Then three faults, each under load: PostgreSQL connections terminated
(only those of the benchmark's own database), the SMTP server stopped during signups and
started again (no signup lost, every confirmation mail delivered by the task worker's
retries), and the search service down (gunicorn restarted with ELASTICSEARCH_URL at a port
where nothing listens: search answers 503, everything else as usual; then back on the
default database backend; Elasticsearch itself is not installed here, so its own recovery
is not shown).

TLS ends in a proxy in front of Varnish that sets X-Real-IP, and the portal runs with
CLIENT_IP_META=HTTP_X_REAL_IP as it would behind it; wrk plays that proxy, so the signup
rate limit (10 an hour per client) sees many visitors, not one. A 429 is reported apart from
the errors.

It needs gunicorn and aiosmtpd in this project's environment, `varnishd`, `nginx` and `wrk`
(`make bench-tools` installs Debian's packages), PostgreSQL (BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432/nrm_proof_load; the database is dropped and re-created)
and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/13; that database is flushed).
BENCH_PORT (default 8112) is gunicorn's port; Varnish, nginx, the SMTP server, an unused
"search service" port and Varnish's admin port take the next five.

    .venv/bin/python benchmarks/load.py [--runs 3] [--seconds 10] [--connections 32]
"""

import argparse
import itertools
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from measured import load_average

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CORES = os.cpu_count()
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/nrm_proof_load")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
PORT = int(os.environ.get("BENCH_PORT", "8112"))
PORTS = dict(
    zip(["gunicorn", "varnish", "nginx", "smtp", "nothing", "varnish-admin"], itertools.count(PORT))
)
PORTAL = f"http://127.0.0.1:{PORTS['gunicorn']}"
VARNISH = f"http://127.0.0.1:{PORTS['varnish']}"
NGINX = f"http://127.0.0.1:{PORTS['nginx']}"
# application_name of the portal's database sessions (libpq reads PGAPPNAME), to tell them
# from the task worker's.
WEB_SESSIONS, WORKER_SESSIONS = "nrm-load-web", "nrm-load-worker"
RUNS = itertools.count(1)  # each wrk run's writes carry its number
WORKER_INTERVAL = 0.5  # seconds between the task worker's polls for new tasks

# The stated mix: the share (%) of each kind of request.
MIX = {"page": 70, "api": 14, "search": 10, "vote": 5, "signup": 1}
POLL = 1  # the demo poll the votes go to
# What the footer form posts (the honeypot left empty); {id} is new in every request.
SIGNUP = "email=load-{id}%40example.org&name=Load&language=bg&source=footer&website="
SEARCH_URLS = 2000  # a run sends a few hundred searches: nearly every one is new
API_URLS = 500
NEEDED = ["varnishd", "varnishadm", "nginx", "wrk"]


def log(message=""):
    print(message, flush=True)


def fetch(url, method="GET", headers=None, data=None, timeout=60):
    """An answer by then, even behind what a wrk run left queued in gunicorn."""
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=data)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if fetch(url, timeout=2)[0] < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"nothing answered at {url}")


def cpu_seconds(pid):
    """CPU time (user + system, with reaped children) of a process and its descendants."""
    parents, ticks = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = sum(int(value) for value in fields[11:15])
    tree, total = [pid], 0
    while tree:
        current = tree.pop()
        total += ticks.get(current, 0)
        tree.extend(child for child, parent in parents.items() if parent == current)
    return total / os.sysconf("SC_CLK_TCK")


def query(statement, params=None, url=PG_URL):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def query_one(statement, params=None):
    return query(statement, params)[0][0]


class Stack:
    def __init__(self, args, work: Path):
        self.args = args
        self.work = work
        self.processes = []
        self.gunicorn = self.worker = self.smtp = self.varnish = self.nginx = None
        self.worker_exits = []  # exit codes of task workers that died and were restarted
        self.lock = threading.Lock()
        self.finished = threading.Event()
        self.db_name = urlsplit(PG_URL).path.lstrip("/")
        self.admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": PG_URL,
            "REDIS_URL": REDIS_URL,
            "FRONTEND_CACHE_URL": VARNISH,
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "LOG_LEVEL": "ERROR",
            # Every vote would otherwise come from few addresses; each has its own here.
            "POLL_VOTES_PER_ADDRESS": "100000000",
            # The proxy in front of Varnish (here: wrk) names the client.
            "CLIENT_IP_META": "HTTP_X_REAL_IP",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(PORTS["smtp"]),
            "EMAIL_TIMEOUT": "5",
        }

    def sql(self, statement, params=None):
        return query(statement, params, url=self.admin_url)

    def manage(self, *args, stdin=None):
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def shell(self, code, stdin=None):
        """What the code run in `manage.py shell` printed last."""
        return self.manage("shell", "-v", "0", "-c", code, stdin=stdin).splitlines()[-1]

    def start(self, name, command, **environment):
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **environment},
            stdout=subprocess.DEVNULL,
            stderr=open(self.work / f"{name}.log", "a"),  # noqa: SIM115
        )
        self.processes.append(process)
        return process

    def prepare(self):
        log(f"preparing database {self.db_name} with the demo content")
        self.sql(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        self.sql(f'CREATE DATABASE "{self.db_name}"')
        self.flush_redis()
        self.manage("migrate", "--noinput")
        self.manage("load_demo_content", "--no-admin")
        self.manage("collectstatic", "--noinput")

    @staticmethod
    def flush_redis():
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()

    def empty_caches(self):
        """Varnish's and the portal's page caches (and every other entry in its Redis)."""
        subprocess.run(
            ["varnishadm", "-n", str(self.work / "varnish"), "ban", "req.url", "~", "."],
            check=True,
            capture_output=True,
        )
        self.flush_redis()

    def stop(self, process):
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        self.processes.remove(process)

    def start_portal(self):
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        command = [gunicorn, "portal.wsgi", "--workers", str(self.args.workers)]
        command += ["--bind", f"127.0.0.1:{PORTS['gunicorn']}"]
        self.gunicorn = self.start("gunicorn", command, PGAPPNAME=WEB_SESSIONS)
        self.start_worker()
        wait_for(f"{PORTAL}/healthz")

    def restart_portal(self, **environment):
        """gunicorn and the worker again, with these variables set (or unset: None)."""
        with self.lock:
            self.stop(self.gunicorn)
            self.stop(self.worker)
            for name, value in environment.items():
                if value is None:
                    self.env.pop(name, None)
                else:
                    self.env[name] = value
            self.start_portal()

    def supervise_worker(self):
        """What systemd's Restart=always does in production: restart the task worker
        whenever it exits."""
        while not self.finished.wait(0.5):
            with self.lock:
                if self.worker.poll() is not None:
                    self.worker_exits.append(self.worker.returncode)
                    self.processes.remove(self.worker)
                    self.start_worker()

    def start_worker(self):
        command = [PYTHON, "manage.py", "db_worker", "--interval", str(WORKER_INTERVAL)]
        self.worker = self.start("worker", command, PGAPPNAME=WORKER_SESSIONS)

    def start_smtp(self):
        """aiosmtpd storing every message in a Maildir, which survives its restarts."""
        handler = ["-c", "aiosmtpd.handlers.Mailbox", str(self.work / "maildir")]
        address = f"127.0.0.1:{PORTS['smtp']}"
        self.smtp = self.start("smtp", [PYTHON, "-m", "aiosmtpd", "-n", "-l", address, *handler])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", PORTS["smtp"]), timeout=1).close()
                return time.monotonic()
            except OSError:
                time.sleep(0.1)
        raise SystemExit("the SMTP server did not start")

    def stop_smtp(self):
        self.stop(self.smtp)

    def up(self):
        self.start_smtp()
        self.start_portal()
        threading.Thread(target=self.supervise_worker, daemon=True).start()
        self.start_varnish()
        self.start_nginx()

    def start_varnish(self):
        vcl = (ROOT / "deploy/varnish/default.vcl").read_text()
        vcl = vcl.replace('.port = "8000";', f'.port = "{PORTS["gunicorn"]}";')
        (self.work / "default.vcl").write_text(vcl)
        self.varnish = self.start(
            "varnish",
            ["varnishd", "-F", "-n", str(self.work / "varnish")]
            + ["-a", f"127.0.0.1:{PORTS['varnish']}", "-f", str(self.work / "default.vcl")]
            + ["-T", f"127.0.0.1:{PORTS['varnish-admin']}", "-s", "malloc,256m"]
            + ["-p", f"thread_pools={CORES}"],
        )
        wait_for(f"{VARNISH}/healthz")

    def start_nginx(self):
        static = self.work / "www"
        static.mkdir()
        (static / "home.html").write_bytes(fetch(f"{PORTAL}/bg/")[2])
        temp = self.work / "nginx-tmp"
        temp_paths = "".join(
            f"    {kind}_temp_path {temp};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.work / "nginx.conf").write_text(
            f"""daemon off;
worker_processes {CORES};
pid {self.work}/nginx.pid;
error_log {self.work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{ text/html html; }}
{temp_paths}    server {{
        listen 127.0.0.1:{PORTS["nginx"]};
        root {static};
    }}
}}
"""
        )
        command = ["nginx", "-c", str(self.work / "nginx.conf"), "-p", str(self.work)]
        self.nginx = self.start("nginx", command)
        wait_for(f"{NGINX}/home.html")

    def down(self):
        self.finished.set()
        with self.lock:
            processes = list(self.processes)
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        try:
            self.sql(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        except Exception as error:  # report, do not hide the results
            log(f"could not drop {self.db_name}: {error}")


# The mix ------------------------------------------------------------------------------


def kind(name, paths, weight=1, method="GET", body=None, write=False):
    return {
        "name": name,
        "weight": weight,
        "method": method,
        "paths": paths,
        "body": body,
        "write": write,
    }


def sitemap_paths():
    """Every page of the sitemap (both languages)."""
    xml = fetch(f"{PORTAL}/sitemap.xml")[2].decode()
    return sorted({urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", xml)})


def title_words(language):
    """Words of the demo pages' titles, for searches that find something."""
    titles, offset = [], 0
    while page := json.loads(
        fetch(f"{PORTAL}/api/v3/pages/?locale={language}&limit=50&offset={offset}")[2]
    )["items"]:
        titles += [item["title"] for item in page]
        offset += len(page)
    titles = " ".join(titles)
    return sorted({word.lower() for word in re.findall(r"\w{4,}", titles)})


def search_paths(chooser):
    paths = []
    for language in ("bg", "en"):
        words = title_words(language)
        for _ in range(SEARCH_URLS // 2):
            query = " ".join(chooser.sample(words, chooser.choice((1, 2))))
            paths.append(f"/{language}/search/?{urlencode({'q': query})}")
    return paths


def api_paths(chooser):
    paths = set()
    while len(paths) < API_URLS:
        parameters = {"limit": chooser.randint(1, 20), "offset": chooser.randint(0, 40)}
        parameters["locale"] = chooser.choice(["bg", "en"])
        if chooser.random() < 0.3:
            parameters["order"] = chooser.choice(["title", "-title", "id", "-id"])
        paths.add(f"/api/v3/pages/?{urlencode(parameters)}")
    return sorted(paths)


def poll_form_body():
    """What the poll's form posts: its token and the first choice."""
    html = fetch(f"{PORTAL}/bg/polls/{POLL}/")[2].decode()
    token = re.search(r'name="poll_token" value="([^"]+)"', html).group(1)
    choice = re.search(r'name="choice" value="([^"]+)"', html).group(1)
    return f"poll_token={quote(token)}&choice={quote(choice)}"


def build_mix():
    """The kinds of MIX with their URLs; a kind the portal does not answer is left out."""
    chooser = random.Random(16)  # the same URLs in every round
    kinds = [
        kind("page", sitemap_paths(), MIX["page"]),
        kind("api", api_paths(chooser), MIX["api"]),
        kind("search", search_paths(chooser), MIX["search"]),
        kind("vote", [f"/bg/polls/{POLL}/vote/"], MIX["vote"], "POST", poll_form_body(), True),
        kind("signup", ["/bg/newsletter/", "/en/newsletter/"], MIX["signup"], "POST", SIGNUP, True),
    ]
    mix = []
    for entry in kinds:
        data = entry["body"].replace("{id}", "probe").encode() if entry["body"] else None
        headers = {"X-Real-IP": "fd00::1"}
        statuses = {
            fetch(PORTAL + path, entry["method"], headers, data)[0] for path in entry["paths"][:50]
        }
        if all(status < 400 for status in statuses):
            mix.append(entry)
        else:
            log(f"  mix: '{entry['name']}' left out (the portal answers {sorted(statuses)})")
    for entry in mix:
        log(f"  {entry['name']:<7} {MIX[entry['name']]:>3} %  {len(entry['paths'])} URLs")
    return mix


# wrk -------------------------------------------------------------------------------------


def lua_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        assert value.isascii(), value  # LuaJIT knows no \u escapes: URLs come percent-encoded
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "{" + ", ".join(lua_value(item) for item in value) + "}"
    return "{" + ", ".join(f"{k} = {lua_value(v)}" for k, v in value.items() if v is not None) + "}"


def wrk(stack, name, base, kinds, cookie=None, server=None, seconds=None):
    """One wrk run; `server`: the process whose CPU time per request is reported."""
    args, run = stack.args, next(RUNS)
    ids = stack.work / f"ids-{run}.tsv"
    kinds = [{**entry, "cookie": cookie} for entry in kinds]
    config = {"kinds": kinds, "run": run, "ids": str(ids)}
    script = stack.work / f"run-{run}.lua"
    lua = (Path(__file__).with_name("load.lua")).read_text()
    script.write_text(f"CONFIG = {lua_value(config)}\n{lua}")
    command = ["wrk", f"-t{args.connections}", f"-c{args.connections}"]
    command += [f"-d{seconds or args.seconds}s", "--timeout", "10s", "-s", str(script), base]
    cpu_before = cpu_seconds(server.pid) if server else 0
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(server.pid) - cpu_before if server else 0
    counts = parse_counts(re.search(r"RESULT (.*)", output).group(1))
    per_kind = {
        match.group(1): parse_counts(match.group(2))
        for match in re.finditer(r"KIND (\S+) (.*)", output)
    }
    by_design = sum(entry["limited"] + entry["unavailable"] for entry in per_kind.values())
    requests = counts["requests"]
    result = {
        "name": name,
        "run": run,
        "kinds": per_kind,
        "requests": requests,
        "rps": requests / (counts["duration"] / 1e6),
        "cpu_per_request": cpu / requests * 1e6 if server else None,  # µs
        # Answers by design are not errors: a rate limit, and search when its service is down.
        "errors": counts["socket_errors"] + counts["status_errors"] - by_design,
        "writes": [line.split("\t") for line in ids.read_text().splitlines()],
        **{key: counts[key] / 1000 for key in ("p50", "p90", "p99", "p999", "max")},
    }
    cpu_text = f"  CPU {result['cpu_per_request']:>5.0f} µs/req" if server else ""
    log(
        f"  {name:<46} {result['rps']:>7.0f} req/s{cpu_text}  p50 {result['p50']:>6.1f} ms  "
        f"p99 {result['p99']:>7.1f}  p99.9 {result['p999']:>7.1f}  errors {result['errors']}"
        f"/{requests}"
    )
    if len(per_kind) > 1 or by_design or result["errors"]:
        report_kinds(per_kind)
    return result


def parse_counts(text):
    return {key: int(value) for key, value in (item.split("=") for item in text.split())}


def report_kinds(per_kind):
    """The shares sent, and per kind who answered."""
    sent = sum(entry["sent"] for entry in per_kind.values())
    log(
        "    kind     stated  sent (share)     answered  Varnish cache  portal cache  backend"
        "   429   503  failed"
    )
    for name, entry in per_kind.items():
        answered = entry["answered"] or 1
        backend = entry["answered"] - entry["varnish_hit"] - entry["portal_hit"]
        log(
            f"    {name:<8} {MIX.get(name, 100):>4} %  {entry['sent']:>6} ({entry['sent'] / sent:>6.1%})"
            f"  {entry['answered']:>8}  {entry['varnish_hit'] / answered:>12.1%}  "
            f"{entry['portal_hit'] / answered:>11.1%}  {backend / answered:>6.1%}  "
            f"{entry['limited']:>5} {entry['unavailable']:>5} {entry['failed']:>6}"
        )


# Writes, checked one by one -------------------------------------------------------------

# Run in `manage.py shell`: which of the accepted ids (on stdin) are stored. A vote stores
# nothing about its voter; its id is its client address, whose keyed hash is counted, in
# the vote's own transaction, in PollVoteGuard.
STORED = """
import json, sys
from newsletter.models import Subscriber
from polls.models import Poll, PollVoteGuard, guard_digest
from portal.client_identity import current_window
accepted = json.load(sys.stdin)
emails = {f"load-{id}@example.org": id for id in accepted["signup"]}
found = Subscriber.objects.filter(email__in=emails).values_list("email", flat=True)
stored = {"signup": [emails[email] for email in found]}
key = Poll.objects.get(pk=accepted["poll"]).translation_key
window = current_window()
digests = {guard_digest(a, key, w): a for a in accepted["vote"] for w in (window - 1, window)}
guards = PollVoteGuard.objects.filter(poll_key=key, digest__in=digests, votes__gt=0)
stored["vote"] = sorted({digests[digest] for digest in guards.values_list("digest", flat=True)})
print(json.dumps(stored))
"""


def stored_signups(run):
    pattern = f"load-r{run}-%@example.org"
    return query_one("SELECT COUNT(*) FROM newsletter_subscriber WHERE email LIKE %s", [pattern])


def stored_votes():
    return query_one("SELECT COUNT(*) FROM polls_pollvote")


def drain(run):
    """Waits until the requests wrk left in flight are done: the stored writes stop
    changing for a second."""
    last, since, deadline = None, time.monotonic(), time.monotonic() + 60
    while time.monotonic() < deadline:
        now = (stored_signups(run), stored_votes())
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= 1:
            break
        time.sleep(0.2)
    return last


def check_writes(stack, result, votes_before):
    """Every write the portal accepted must be stored. Returns the number missing."""
    accepted = {"signup": [], "vote": [], "poll": POLL}
    for kind_name, address, write_id in result["writes"]:
        accepted[kind_name].append(write_id if kind_name == "signup" else address)
    signups, votes = drain(result["run"])
    stored = json.loads(stack.shell(STORED, stdin=json.dumps(accepted)))
    missing = 0
    extra = {"signup": signups, "vote": votes - votes_before}
    for kind_name in ("vote", "signup"):
        lost = sorted(set(accepted[kind_name]) - set(stored[kind_name]))
        missing += len(lost)
        log(
            f"    {kind_name}s: {len(accepted[kind_name])} accepted, {len(stored[kind_name])} of "
            f"them found stored, missing {len(lost)}{' ' + str(lost[:10]) if lost else ''}; "
            f"{extra[kind_name] - len(stored[kind_name])} more stored (in flight when wrk "
            "stopped, never answered)"
        )
    return missing


def mix_run(stack, name, base, mix, cookie=None):
    votes_before = stored_votes()
    result = wrk(stack, name, base, mix, cookie=cookie)
    result["missing"] = check_writes(stack, result, votes_before)
    return result


# Purge -------------------------------------------------------------------------------------

PUBLISH = """
import time
from portal.models import ContentPage
page = ContentPage.objects.get(slug="za-nas", locale__language_code="bg")
page.title = {title!r}
revision = page.save_revision()
print(time.time(), flush=True)
revision.publish()
"""


def purge_time(stack):
    """From just before publish() to Varnish's first answer with the new title (seconds)."""
    path = "/bg/za-nas/"
    fetch(VARNISH + path)
    assert fetch(VARNISH + path)[1].get("X-Cache") == "hit"
    title = f"За механизма ({time.time():.0f})"
    seen = {}
    publishing = threading.Event()

    def watch():
        deadline = time.monotonic() + 60
        while not publishing.is_set() or time.monotonic() < deadline:
            body = fetch(VARNISH + path)[2]
            if title.encode() in body:
                seen["at"] = time.time()
                return
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    published_at = float(stack.shell(PUBLISH.format(title=title)))
    publishing.set()
    watcher.join()
    if "at" not in seen:
        raise SystemExit("the published page did not reach Varnish: purge failed")
    return seen["at"] - published_at


# Faults ------------------------------------------------------------------------------------


def terminate_connections(stack, delay):
    time.sleep(delay)
    rows = stack.sql(
        "select pg_terminate_backend(pid) from pg_stat_activity "
        "where datname = %s and pid <> pg_backend_pid()",
        [stack.db_name],
    )
    log(f"  fault: terminated {len(rows)} PostgreSQL connections of {stack.db_name}")


TASKS_DUE = (
    "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
    " AND (run_after <= now() OR run_after > now() + interval '1000 years')"  # or not deferred
)
RETRIES = (
    "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
    "WHERE task_path LIKE '%send_confirmation' AND jsonb_array_length(args_kwargs->'args') = 4"
)


def wait_for_tasks(seconds=300):
    """Until the task worker has run every task that is due; returns how long that took."""
    started = time.monotonic()
    while query_one(TASKS_DUE) and time.monotonic() - started < seconds:
        time.sleep(0.5)
    return time.monotonic() - started


def confirmations(work, run):
    """The addresses of this run's signups that a confirmation mail reached, with repeats."""
    pattern = re.compile(rb"load-r%d-[\w-]+@example\.org" % run)
    found = []
    for path in (work / "maildir" / "new").iterdir():
        match = pattern.search(path.read_bytes())
        if match:
            found.append(match.group())
    return found


def report_worker(stack):
    # Tasks take milliseconds here: one still 'RUNNING' after 5s lost its worker.
    stranded = query_one(
        "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' "
        "AND started_at < now() - interval '5 seconds'"
    )
    log(
        f"  the task worker exited {len(stack.worker_exits)} times (exit codes "
        f"{stack.worker_exits}) and was restarted by its supervisor; tasks left 'RUNNING' by "
        f"a worker that died (never run again by django-tasks-db): {stranded}"
    )


def connections_fault(stack, mix):
    log("\nfault: PostgreSQL connections terminated 3s into each run")
    for name, base, cookie in [
        ("mix via Varnish, connections killed", VARNISH, None),
        ("mix, portal rendering, connections killed", PORTAL, "visit=1"),
    ]:
        fault = threading.Thread(target=terminate_connections, args=(stack, 3))
        fault.start()
        mix_run(stack, name, base, mix, cookie)
        fault.join()
    status = fetch(PORTAL + "/bg/za-nas/", headers={"Cookie": "visit=1"})[0]
    log(f"  after the fault: /bg/za-nas/ answers {status} (recovered: {status == 200})")
    report_worker(stack)


def smtp_fault(stack, mix):
    down_at, up_at = 3, max(stack.args.seconds - 3, 4)
    log(f"\nfault: SMTP server stopped {down_at}s into the run, started again at {up_at}s")
    log(f"  (first the earlier runs' confirmations: sent within {wait_for_tasks():.1f}s)")
    retries_before = query_one(RETRIES)
    back = {}

    def outage():
        time.sleep(down_at)
        stack.stop_smtp()
        time.sleep(up_at - down_at)
        back["at"] = stack.start_smtp()

    fault = threading.Thread(target=outage)
    fault.start()
    result = mix_run(stack, "mix via Varnish, SMTP down", VARNISH, mix)
    fault.join()
    deadline = time.monotonic() + 300
    while True:
        stored = stored_signups(result["run"])  # with those in flight when wrk stopped
        delivered = confirmations(stack.work, result["run"])
        complete = len(set(delivered)) >= stored
        if complete or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    recovery = time.monotonic() - back["at"]
    log(
        f"  confirmations: {len(delivered)} delivered to {len(set(delivered))} addresses for "
        f"{stored} signups stored (all delivered: {complete}, duplicates: "
        f"{len(delivered) - len(set(delivered))}); {query_one(RETRIES) - retries_before} "
        f"sent by a retry"
    )
    log(
        f"  recovery: the last one arrived {recovery:.1f}s after the SMTP server came back "
        f"(the first retry waits NEWSLETTER_RETRY_BASE_SECONDS, 30s by default)"
    )


def show_search():
    """One search, uncached, in English (the page's words are checked)."""
    started = time.monotonic()
    status, headers, body = fetch(PORTAL + "/en/search/?q=referral", headers={"Cookie": "visit=1"})
    took = (time.monotonic() - started) * 1000
    detail = ""
    if status == 503:
        shown = b"Search is temporarily unavailable" in body
        detail = f", Retry-After {headers.get('Retry-After')}, the page says so: {shown}"
    log(f"  /en/search/?q=referral answers {status} in {took:.0f} ms{detail}")
    return status


def search_fault(stack, mix):
    log("\nfault: search service down (ELASTICSEARCH_URL at a port where nothing listens)")
    stack.restart_portal(ELASTICSEARCH_URL=f"http://127.0.0.1:{PORTS['nothing']}")
    show_search()
    searches = [entry for entry in mix if entry["name"] == "search"]
    if not searches:
        return log("  left out: search is not in the mix")
    down = wrk(stack, "search only, search down (no cache)", PORTAL, searches, "visit=1")
    mix_run(stack, "mix, portal rendering, search down", PORTAL, mix, "visit=1")
    wait_for_tasks()  # the purge queues behind the confirmation mails
    log(
        f"  publishing with search down works: the new title reached Varnish {purge_time(stack):.2f}s after publish()"
    )
    log("\nrecovery: gunicorn back on the default (database) search backend")
    stack.restart_portal(ELASTICSEARCH_URL=None)
    recovered = show_search() == 200
    up = wrk(stack, "search only, database backend (no cache)", PORTAL, searches, "visit=1")
    log(
        f"  search p50 with the service down / with the database backend: {down['p50'] / up['p50']:.2f}"
    )
    log(
        f"  search recovered: {recovered}. There is no Elasticsearch on this machine: its own "
        "recovery (the portal answering again once it is back) is not shown here."
    )


# Rounds and figures ------------------------------------------------------------------------


class Figures:
    """Each figure once per round; printed as the median with the spread (min-max)."""

    def __init__(self):
        self.values = {}

    def add(self, label, value, unit, digits=0):
        self.values.setdefault(label, (unit, digits, []))[2].append(value)

    def report(self):
        width = max(len(label) for label in self.values)
        for label, (unit, digits, values) in self.values.items():
            if not unit:  # a count that must be 0: each round's
                log(f"  {label:<{width}} {' / '.join(str(value) for value in values)}")
                continue
            median = statistics.median(values)
            log(
                f"  {label:<{width}} {median:>9.{digits}f} {unit:<6} "
                f"({min(values):.{digits}f}–{max(values):.{digits}f})"
            )


def web_sessions_since(started_at):
    """gunicorn's database sessions that ran a statement (or were opened) since then."""
    return query_one(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND application_name = %s AND (state_change >= %s OR backend_start >= %s)",
        [WEB_SESSIONS, started_at, started_at],
    )


def home_runs(stack, figures):
    """/bg/ from each server in turn, CPU per request from its own processes."""
    home = [kind("home", ["/bg/"])]
    for base, headers in (
        (NGINX, {}),
        (VARNISH, {}),
        (PORTAL, {}),
        (PORTAL, {"Cookie": "visit=1"}),
    ):
        fetch(base + ("/home.html" if base == NGINX else "/bg/"), headers=headers)  # warm
    static = wrk(
        stack,
        "/bg/ as a static file (nginx)",
        NGINX,
        [kind("home", ["/home.html"])],
        server=stack.nginx,
    )
    varnish = wrk(stack, "/bg/ from Varnish's cache", VARNISH, home, server=stack.varnish)
    started_at = query_one("SELECT now()")
    cached = wrk(
        stack, "/bg/ from the portal's page cache (gunicorn)", PORTAL, home, server=stack.gunicorn
    )
    sessions = web_sessions_since(started_at)
    hits = cached["kinds"]["home"]["portal_hit"] / max(cached["kinds"]["home"]["answered"], 1)
    log(
        f"    portal page cache: {hits:.1%} hits (X-Portal-Cache); gunicorn database sessions that ran a statement during the run: {sessions}"
    )
    rendered = wrk(
        stack,
        "/bg/ rendered by the portal (cookie, no cache)",
        PORTAL,
        home,
        "visit=1",
        stack.gunicorn,
    )
    for result in (static, varnish, cached, rendered):
        figures.add(f"{result['name']}: req/s", result["rps"], "req/s")
        figures.add(f"{result['name']}: server CPU per request", result["cpu_per_request"], "µs")
    for result, label in ((varnish, "Varnish"), (cached, "portal page cache")):
        figures.add(
            f"{label} / nginx static, /bg/: throughput", result["rps"] / static["rps"], "×", 2
        )
        figures.add(
            f"{label} / nginx static, /bg/: CPU per request",
            result["cpu_per_request"] / static["cpu_per_request"],
            "×",
            2,
        )
    figures.add("portal page cache: gunicorn DB sessions used during the run", sessions, "")


def mix_shares(figures, name, per_kind):
    """Per kind: its share of what was sent, and of its answers those from the backend."""
    sent = sum(entry["sent"] for entry in per_kind.values())
    for kind_name, entry in per_kind.items():
        share = 100 * entry["sent"] / sent
        figures.add(f"{name}: {kind_name} share sent (stated {MIX[kind_name]} %)", share, "%", 1)
        backend = entry["answered"] - entry["varnish_hit"] - entry["portal_hit"]
        share = 100 * backend / max(entry["answered"], 1)
        figures.add(f"{name}: {kind_name} answers rendered by the backend", share, "%", 1)


def one_round(stack, mix, figures, number):
    log(f"\nround {number}/{stack.args.runs} ({load_average()})")
    stack.empty_caches()
    home_runs(stack, figures)
    stack.empty_caches()
    # Pages are read far more often than they change: each is warm, as in production. The
    # searches and API listings are not: their varied URLs are nearly all new to both caches.
    for path in next(entry for entry in mix if entry["name"] == "page")["paths"]:
        fetch(VARNISH + path)
    for name, base, cookie in (
        ("mix via Varnish", VARNISH, None),
        ("mix, portal rendering (cookie, no cache)", PORTAL, "visit=1"),
    ):
        result = mix_run(stack, name, base, mix, cookie)
        figures.add(f"{name}: req/s", result["rps"], "req/s")
        figures.add(f"{name}: p50 latency (all kinds)", result["p50"], "ms", 1)
        figures.add(f"{name}: p99 latency (all kinds)", result["p99"], "ms", 1)
        figures.add(f"{name}: errors", result["errors"], "")
        figures.add(f"{name}: accepted writes missing", result["missing"], "")
        if base == VARNISH:
            mix_shares(figures, name, result["kinds"])
    wait_for_tasks()  # the purge queues behind the confirmation mails
    purge = purge_time(stack)
    log(f"  purge: /bg/za-nas/ with its new title from Varnish {purge:.2f}s after publish()")
    figures.add(
        f"purge: publish() to the new /bg/za-nas/ from Varnish (worker polls every {WORKER_INTERVAL}s)",
        purge,
        "s",
        2,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds of the measured figures")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=32, help="one per wrk thread")
    parser.add_argument("--workers", type=int, default=2 * CORES, help="gunicorn workers")
    args = parser.parse_args()

    missing = [tool for tool in NEEDED if not shutil.which(tool)]
    if missing:
        raise SystemExit(f"missing: {', '.join(missing)} (make bench-tools installs them)")

    work = Path(tempfile.mkdtemp(prefix="nrm-load-"))
    work.chmod(0o755)  # nginx and varnish drop privileges and must read their files
    stack = Stack(args, work)
    try:
        stack.prepare()
        stack.up()
        log(
            f"\n{CORES} CPUs; nginx {CORES} worker processes, Varnish {CORES} thread pools, "
            f"gunicorn {args.workers} workers; wrk {args.connections} connections (one per "
            f"thread), {args.seconds}s per run; {args.runs} rounds; {load_average()}"
        )
        log("the mix (stated shares):")
        mix = build_mix()
        figures = Figures()
        for number in range(1, args.runs + 1):
            one_round(stack, mix, figures, number)
        log(f"\nmedian of {args.runs} rounds (min–max), {load_average()}:")
        figures.report()
        log(
            "  (the embedded default, SQLite and one runserver process, is measured by "
            "benchmarks/embedded.py)"
        )
        connections_fault(stack, mix)
        smtp_fault(stack, mix)
        search_fault(stack, mix)
        log(f"\n{load_average()} at the end")
    finally:
        stack.down()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
