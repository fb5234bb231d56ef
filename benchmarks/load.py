"""Load and faults under a production-like stack, all on 127.0.0.1:

    PostgreSQL  <-  gunicorn (portal, several workers, in-portal page cache on Redis)
                <-  Varnish (deploy/varnish/default.vcl, purged by Wagtail on publish)
    nginx serving the home page saved as a static file, for comparison
    aiosmtpd, a real SMTP server, taking the confirmation mails of the signups
    `manage.py db_worker` (purges, confirmation mails), restarted whenever it exits, as a
    process supervisor (systemd's Restart=always) would in production

wrk, a separate process, drives each of them for a bounded time and reports throughput and
latency percentiles. Then: a page is published and Varnish must show the new version (the
frontend-cache purge), and three faults, each under load: PostgreSQL connections terminated
(only those of the benchmark's own database), the SMTP server stopped during signups and
started again (no signup lost, every confirmation mail delivered by the task worker's
retries), and the search service down (gunicorn restarted with ELASTICSEARCH_URL at a port
where nothing listens: search answers 503, everything else as usual; then back on the
default database backend; Elasticsearch itself is not installed here, so its own recovery
is not shown).

Every signup posts a new address (built per request in the wrk script) from a new client
address: TLS ends in a proxy in front of Varnish that sets X-Real-IP, and the portal runs
with CLIENT_IP_META=HTTP_X_REAL_IP as it would behind it; wrk plays that proxy, so the
signup rate limit (10 an hour per client) sees many visitors, not one. A 429 would be
reported apart from the errors.

It installs nothing. It needs: gunicorn and aiosmtpd in this project's environment, PostgreSQL
(BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/nrm_proof_load; the database is
dropped and re-created), Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/13), and
`varnishd`, `nginx` and `wrk` on the PATH (Debian: apt-get install varnish nginx wrk).

    .venv/bin/python benchmarks/load.py [--seconds 10] [--connections 32] [--workers 4]

The request mix is MIX below: each kind of request that the portal does not answer yet (an
API, search or poll that is not installed) is left out and reported as such.
"""

import argparse
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/nrm_proof_load")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
PORT = int(os.environ.get("BENCH_PORT", "8112"))  # gunicorn; the others the next four
# "nothing": a port where no search service listens.
PORTS = {
    "gunicorn": PORT,
    "varnish": PORT + 1,
    "nginx": PORT + 2,
    "smtp": PORT + 3,
    "nothing": PORT + 4,
}
RUNS = itertools.count(1)  # each wrk run signs up its own addresses

SIGNUP = "email=load-{id}%40example.org&name=Load&language=bg&source=footer&website="
# (kind, weight, method, paths, body): what a mixed minute on the portal looks like.
MIX = [
    ("page", 70, "GET", ["/bg/", "/en/", "/bg/za-nas/", "/en/about/", "/bg/proekt/"], None),
    ("api", 15, "GET", ["/api/v3/pages/?limit=10", "/api/v3/pages/?type=portal.ContentPage"], None),
    ("search", 10, "GET", ["/bg/search/?q=" + quote("трафик"), "/en/search/?q=referral"], None),
    # The body (the form's token and a choice) is read from the poll's page at run time.
    ("vote", 5, "POST", ["/bg/polls/1/vote/"], "/bg/polls/1/"),
    # What the footer form posts (the honeypot left empty); {id} is new in every request.
    ("signup", 1, "POST", ["/bg/newsletter/", "/en/newsletter/"], SIGNUP),
]
NEEDED = ["varnishd", "nginx", "wrk"]


def log(message):
    print(message, flush=True)


def fetch(url, method="GET", headers=None, data=None, timeout=10):
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


class Stack:
    def __init__(self, args, work: Path):
        self.args = args
        self.work = work
        self.processes = []
        self.gunicorn = self.worker = self.smtp = None
        self.worker_exits = []  # exit codes of task workers that died and were restarted
        self.lock = threading.Lock()
        self.finished = threading.Event()
        db = urlsplit(PG_URL)
        self.db_name = db.path.lstrip("/")
        self.admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": PG_URL,
            "REDIS_URL": REDIS_URL,
            "FRONTEND_CACHE_URL": f"http://127.0.0.1:{PORTS['varnish']}",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "LOG_LEVEL": "ERROR",
            # Every vote comes from 127.0.0.1 here, where a public poll would refuse the 51st.
            "POLL_VOTES_PER_ADDRESS": "100000000",
            # The proxy in front of Varnish (here: wrk) names the client.
            "CLIENT_IP_META": "HTTP_X_REAL_IP",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(PORTS["smtp"]),
            "EMAIL_TIMEOUT": "5",
        }

    def sql(self, statement, params=None):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            cursor = connection.execute(statement, params)
            return cursor.fetchall() if cursor.description else None

    def manage(self, *args):
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode:
            raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")

    def start(self, name, command):
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.work / f"{name}.log", "a"),  # noqa: SIM115
        )
        self.processes.append(process)
        return process

    def prepare(self):
        log(f"preparing database {self.db_name} with the demo content")
        self.sql(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        self.sql(f'CREATE DATABASE "{self.db_name}"')
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        self.manage("migrate", "--noinput")
        self.manage("load_demo_content", "--no-admin")
        self.manage("collectstatic", "--noinput")

    def stop(self, process):
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        self.processes.remove(process)

    def start_portal(self):
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        self.gunicorn = self.start(
            "gunicorn",
            [
                gunicorn,
                "portal.wsgi",
                "--workers",
                str(self.args.workers),
                "--bind",
                f"127.0.0.1:{PORTS['gunicorn']}",
            ],
        )
        self.start_worker()
        wait_for(f"http://127.0.0.1:{PORTS['gunicorn']}/healthz")

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
        """What systemd's Restart=always does in production: the task worker (django-tasks-db)
        exits when its database connection is cut in the middle of a task."""
        while not self.finished.wait(0.5):
            with self.lock:
                if self.worker.poll() is not None:
                    self.worker_exits.append(self.worker.returncode)
                    self.processes.remove(self.worker)
                    self.start_worker()

    def start_worker(self):
        self.worker = self.start("worker", [PYTHON, "manage.py", "db_worker", "--interval", "0.5"])

    def start_smtp(self):
        """aiosmtpd storing every message in a Maildir, which survives its restarts."""
        self.smtp = self.start(
            "smtp",
            [
                PYTHON,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{PORTS['smtp']}",
                "-c",
                "aiosmtpd.handlers.Mailbox",
                str(self.work / "maildir"),
            ],
        )
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

        vcl = (ROOT / "deploy/varnish/default.vcl").read_text()
        vcl = vcl.replace('.port = "8000";', f'.port = "{PORTS["gunicorn"]}";')
        (self.work / "default.vcl").write_text(vcl)
        self.start(
            "varnish",
            [
                "varnishd",
                "-F",
                "-n",
                str(self.work / "varnish"),
                "-a",
                f"127.0.0.1:{PORTS['varnish']}",
                "-f",
                str(self.work / "default.vcl"),
                "-s",
                "malloc,64m",
            ],
        )
        wait_for(f"http://127.0.0.1:{PORTS['varnish']}/healthz")

        static = self.work / "www"
        static.mkdir()
        home = fetch(f"http://127.0.0.1:{PORTS['gunicorn']}/bg/")[2]
        (static / "home.html").write_bytes(home)
        (self.work / "nginx.conf").write_text(
            f"""daemon off;
worker_processes 1;
pid {self.work}/nginx.pid;
error_log {self.work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{ text/html html; }}
    client_body_temp_path {self.work}/nginx-tmp;
    proxy_temp_path {self.work}/nginx-tmp;
    fastcgi_temp_path {self.work}/nginx-tmp;
    uwsgi_temp_path {self.work}/nginx-tmp;
    scgi_temp_path {self.work}/nginx-tmp;
    server {{
        listen 127.0.0.1:{PORTS["nginx"]};
        root {static};
    }}
}}
"""
        )
        self.start("nginx", ["nginx", "-c", str(self.work / "nginx.conf"), "-p", str(self.work)])
        wait_for(f"http://127.0.0.1:{PORTS['nginx']}/home.html")

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


WRK_SCRIPT = """
local requests = {}
local threads = {}
local mix = MIX
local run = RUN
-- Counted by their answers: a vote and a signup both redirect with a 303, a signup to its
-- thanks page; a rate limit (429) and search being unavailable (503) are not errors here.
votes, signups, limited, unavailable, sent = 0, 0, 0, 0, 0
setup = function(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
response = function(status, headers, body)
  if status == 303 then
    if string.find(headers["Location"] or "", "/newsletter/thanks/", 1, true) then
      signups = signups + 1
    else
      votes = votes + 1
    end
  elseif status == 429 then limited = limited + 1
  elseif status == 503 then unavailable = unavailable + 1
  end
end
-- wrk sets the Host header in init, after this file is loaded.
init = function(args)
  for _, entry in ipairs(mix) do
    for _ = 1, entry.weight do
      for _, path in ipairs(entry.paths) do
        local headers = {}
        for name, value in pairs(wrk.headers) do headers[name] = value end
        if entry.body then headers["Content-Type"] = "application/x-www-form-urlencoded" end
        if entry.cookie then headers["Cookie"] = entry.cookie end
        if entry.fresh then  -- built anew for every request
          table.insert(requests, {method = entry.method, path = path, headers = headers,
                                  body = entry.body})
        else
          table.insert(requests, wrk.format(entry.method, path, headers, entry.body))
        end
      end
    end
  end
  math.randomseed(os.time() + id)
end
-- A new visitor: a new address in the body and a new client address, as the proxy in front
-- of Varnish would report it.
local fresh = function(r)
  sent = sent + 1
  local headers = {}
  for name, value in pairs(r.headers) do headers[name] = value end
  headers["X-Real-IP"] = string.format("10.%d.%d.%d", (run * 8 + id) % 256,
                                       math.floor(sent / 256) % 256, sent % 256)
  local body = r.body:gsub("{id}", string.format("r%d-%d-%d", run, id, sent))
  return wrk.format(r.method, r.path, headers, body)
end
request = function()
  local r = requests[math.random(#requests)]
  if type(r) == "string" then return r end
  return fresh(r)
end
done = function(summary, latency, requests)
  local totals = {votes = 0, signups = 0, limited = 0, unavailable = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  local errors = summary.errors
  io.write(string.format("RESULT votes=%d signups=%d limited=%d unavailable=%d requests=%d " ..
    "duration=%d socket_errors=%d status_errors=%d p50=%d p90=%d p99=%d p999=%d max=%d\\n",
    totals.votes, totals.signups, totals.limited, totals.unavailable, summary.requests,
    summary.duration, errors.connect + errors.read + errors.write + errors.timeout,
    errors.status, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
end
"""


def lua_mix(entries, cookie=None):
    parts = []
    for _kind, weight, method, paths, body in entries:
        lua_paths = ", ".join(json.dumps(p) for p in paths)
        fields = [f"weight = {weight}", f'method = "{method}"', f"paths = {{{lua_paths}}}"]
        if body:
            fields.append(f"body = {json.dumps(body)}")
            if "{id}" in body:
                fields.append("fresh = true")
        if cookie:
            fields.append(f"cookie = {json.dumps(cookie)}")
        parts.append("{" + ", ".join(fields) + "}")
    return "{" + ", ".join(parts) + "}"


def post_data(body, who):
    return body.replace("{id}", who).encode() if body else None


def wrk(work, name, base, entries, args, cookie=None, seconds=None):
    run = next(RUNS)
    headers = {"X-Real-IP": f"10.255.255.{run}", **({"Cookie": cookie} if cookie else {})}
    for _kind, _weight, method, paths, body in entries:  # warm the caches first
        for path in paths:
            data = post_data(body, f"warm-up-{run}")
            fetch(base + path, method=method, headers=headers, data=data)
    script = work / f"{name}.lua"
    script.write_text(WRK_SCRIPT.replace("MIX", lua_mix(entries, cookie)).replace("RUN", str(run)))
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds or args.seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        base,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    counts = dict(item.split("=") for item in re.search(r"RESULT (.*)", output).group(1).split())
    counts = {key: int(value) for key, value in counts.items()}
    requests = counts["requests"]
    # Answers by design are not errors: a rate limit, and search when its service is down.
    by_design = counts["limited"] + counts["unavailable"]
    result = {
        "name": name,
        "run": run,
        "votes": counts["votes"],
        "signups": counts["signups"],
        "limited": counts["limited"],
        "unavailable": counts["unavailable"],
        "rps": requests / (counts["duration"] / 1e6),
        "requests": requests,
        "errors": counts["socket_errors"] + counts["status_errors"] - by_design,
        **{key: counts[key] / 1000 for key in ("p50", "p90", "p99", "p999", "max")},
    }
    extra = "".join(
        f"  {label} {counts[key]}"
        for key, label in (("limited", "429 (rate limit)"), ("unavailable", "503"))
        if counts[key]
    )
    log(
        f"  {name:<44} {result['rps']:>9.0f} req/s  p50 {result['p50']:>7.2f} ms  "
        f"p90 {result['p90']:>7.2f}  p99 {result['p99']:>7.2f}  p99.9 {result['p999']:>7.2f}  "
        f"errors {result['errors']}/{requests}{extra}"
    )
    if any(entry[0] == "signup" for entry in entries):
        report_signups(result)
    return result


def query_one(statement, params=None):
    import psycopg

    with psycopg.connect(PG_URL) as connection:
        return connection.execute(statement, params).fetchone()[0]


def stored_signups(run):
    return query_one(
        "SELECT COUNT(*) FROM newsletter_subscriber WHERE email LIKE %s",
        [f"load-r{run}-%@example.org"],
    )


def report_signups(result):
    """Every signup the portal accepted is a Subscriber row (those still in flight when wrk
    stops are stored but not seen by wrk, hence >=)."""
    stored = stored_signups(result["run"])
    log(
        f"    signups: {result['signups']} accepted, {stored} stored "
        f"(none lost: {stored >= result['signups']}); rate-limited (429): {result['limited']}"
    )


def poll_form_body(portal, path):
    """What the poll's form posts: its token and the first choice."""
    _status, _headers, html = fetch(portal + path)
    html = html.decode()
    token = re.search(r'name="poll_token" value="([^"]+)"', html).group(1)
    choice = re.search(r'name="choice" value="([^"]+)"', html).group(1)
    return f"poll_token={quote(token)}&choice={quote(choice)}"


def stored_votes():
    return query_one("SELECT COUNT(*) FROM training_pollvote")


def available_mix(portal):
    entries = []
    for kind, weight, method, paths, body in MIX:
        if kind == "vote":
            body = poll_form_body(portal, body)
        data = post_data(body, "probe")
        statuses = [fetch(portal + path, method=method, data=data)[0] for path in paths]
        if all(status < 400 for status in statuses):
            entries.append((kind, weight, method, paths, body))
        else:
            log(f"  mix: '{kind}' left out (the portal answers {statuses}: not installed yet)")
    return entries


def check_purge(stack, varnish):
    """Publishing a page in the portal purges it from Varnish (through the task worker)."""
    path = "/bg/za-nas/"
    fetch(varnish + path)
    assert fetch(varnish + path)[1].get("X-Cache") == "hit"
    title = f"За механизма ({int(time.time())})"
    stack.manage(
        "shell",
        "-c",
        "from portal.models import ContentPage; "
        "p = ContentPage.objects.get(slug='za-nas', locale__language_code='bg'); "
        f"p.title = {title!r}; p.save_revision().publish()",
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if title.encode() in fetch(varnish + path)[2]:
            return time.monotonic() - (deadline - 15)
        time.sleep(0.2)
    raise SystemExit("the published page did not reach Varnish: purge failed")


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


def smtp_fault(stack, varnish, mix, args):
    down_at, up_at = 3, max(args.seconds - 3, 4)
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
    result = wrk(stack.work, "mix via Varnish, SMTP down", varnish, mix, args)
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


def show_search(portal):
    """One search, uncached, in English (the page's words are checked)."""
    started = time.monotonic()
    status, headers, body = fetch(portal + "/en/search/?q=referral", headers={"Cookie": "visit=1"})
    took = (time.monotonic() - started) * 1000
    detail = ""
    if status == 503:
        shown = b"Search is temporarily unavailable" in body
        detail = f", Retry-After {headers.get('Retry-After')}, the page says so: {shown}"
    log(f"  /en/search/?q=referral answers {status} in {took:.0f} ms{detail}")
    return status


def search_fault(stack, portal, varnish, mix, args):
    log("\nfault: search service down (ELASTICSEARCH_URL at a port where nothing listens)")
    stack.restart_portal(ELASTICSEARCH_URL=f"http://127.0.0.1:{PORTS['nothing']}")
    show_search(portal)
    searches = [entry for entry in mix if entry[0] == "search"]
    if not searches:
        return log("  left out: search is not in the mix")
    down = wrk(stack.work, "search only, search down (no cache)", portal, searches, args, "visit=1")
    wrk(stack.work, "mix, portal rendering, search down", portal, mix, args, "visit=1")
    wait_for_tasks()  # the purge queues behind the confirmation mails
    published = check_purge(stack, varnish)
    log(f"  publishing with search down works: the new title reached Varnish in {published:.1f}s")
    log("\nrecovery: gunicorn back on the default (database) search backend")
    stack.restart_portal(ELASTICSEARCH_URL=None)
    recovered = show_search(portal) == 200
    up = wrk(
        stack.work, "search only, database backend (no cache)", portal, searches, args, "visit=1"
    )
    log(
        f"  search p50 with the service down / with the database backend: {down['p50'] / up['p50']:.2f}"
    )
    log(
        f"  search recovered: {recovered}. There is no Elasticsearch on this machine: its own "
        "recovery (the portal answering again once it is back) is not shown here."
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()

    missing = [tool for tool in NEEDED if not shutil.which(tool)]
    if missing:
        raise SystemExit(
            f"missing: {', '.join(missing)} (Debian: apt-get install {' '.join(missing)})"
        )

    work = Path(tempfile.mkdtemp(prefix="nrm-load-"))
    work.chmod(0o755)  # nginx and varnish drop privileges and must read their files
    stack = Stack(args, work)
    try:
        stack.prepare()
        stack.up()
        portal = f"http://127.0.0.1:{PORTS['gunicorn']}"
        varnish = f"http://127.0.0.1:{PORTS['varnish']}"
        nginx = f"http://127.0.0.1:{PORTS['nginx']}"
        home = [("page", 1, "GET", ["/bg/"], None)]
        log(
            f"\nwrk: {args.seconds}s per run, {args.connections} connections, "
            f"{args.threads} threads; gunicorn with {args.workers} workers; {os.cpu_count()} "
            f"CPUs, load average {os.getloadavg()[0]:.1f} before the runs"
        )
        mix = available_mix(portal)
        for name, base, entries, cookie in [
            (
                "home page, static file (nginx)",
                nginx,
                [("page", 1, "GET", ["/home.html"], None)],
                None,
            ),
            ("home page, Varnish", varnish, home, None),
            ("home page, portal with its anonymous cache", portal, home, None),
            ("home page, portal rendering (cookie, no cache)", portal, home, "visit=1"),
        ]:
            results = wrk(work, name, base, entries, args, cookie)
            if "nginx" in name:
                static = results
            elif name == "home page, Varnish":
                cached = results
        before = stored_votes()
        mixed = wrk(work, "mix via Varnish", varnish, mix, args)
        rendered = wrk(
            work, "mix, portal rendering (no cache)", portal, mix, args, cookie="visit=1"
        )
        # The warm-up before each run casts one vote per vote path too.
        stored = stored_votes() - before - 2 * sum(1 for e in mix if e[0] == "vote")
        log(f"\nVarnish / static file throughput: {cached['rps'] / static['rps']:.2f}")
        log(f"mix via Varnish: {mixed['errors']} errors")
        accepted = mixed["votes"] + rendered["votes"]
        # Votes still in flight when wrk stops are stored but not seen by wrk.
        log(f"votes: {accepted} accepted (303), {stored} stored (none lost: {stored >= accepted})")

        log("\npurge on publish:")
        log(f"  the new title reached Varnish {check_purge(stack, varnish):.1f}s after publishing")

        log("\nfault: PostgreSQL connections terminated 3s into each run")
        for name, base, cookie in [
            ("mix via Varnish, connections killed", varnish, None),
            ("mix, portal rendering, connections killed", portal, "visit=1"),
        ]:
            fault = threading.Thread(target=terminate_connections, args=(stack, 3))
            fault.start()
            wrk(work, name, base, mix, args, cookie=cookie)
            fault.join()
        status, _headers, _body = fetch(portal + "/bg/za-nas/", headers={"Cookie": "visit=1"})
        log(f"  after the fault: /bg/za-nas/ answers {status} (recovered: {status == 200})")
        report_worker(stack)

        smtp_fault(stack, varnish, mix, args)
        search_fault(stack, portal, varnish, mix, args)
    finally:
        stack.down()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
