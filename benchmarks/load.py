"""Load and faults under a production-like stack, all on 127.0.0.1:

    PostgreSQL  <-  gunicorn (portal, several workers, in-portal page cache on Redis)
                <-  Varnish (deploy/varnish/default.vcl, purged by Wagtail on publish)
    nginx serving the home page saved as a static file, for comparison

wrk, a separate process, drives each of them for a bounded time and reports throughput and
latency percentiles. Then: a page is published and Varnish must show the new version (the
frontend-cache purge), and PostgreSQL connections are terminated mid-load (only those of
the benchmark's own database) to show that the portal answers clearly and recovers.

It installs nothing. It needs: gunicorn in this project's environment, PostgreSQL
(BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/nrm_proof_load; the database is
dropped and re-created), Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/13), and
`varnishd`, `nginx` and `wrk` on the PATH (Debian: apt-get install varnish nginx wrk).

    .venv/bin/python benchmarks/load.py [--seconds 10] [--connections 32] [--workers 4]

The request mix is MIX below: each kind of request that the portal does not answer yet (an
API, search or poll that is not installed) is left out and reported as such.
"""

import argparse
import json
import os
import re
import shutil
import signal
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
PORT = int(os.environ.get("BENCH_PORT", "8112"))  # gunicorn; Varnish and nginx the next two
PORTS = {"gunicorn": PORT, "varnish": PORT + 1, "nginx": PORT + 2}

# (kind, weight, method, paths, body): what a mixed minute on the portal looks like.
MIX = [
    ("page", 70, "GET", ["/bg/", "/en/", "/bg/za-nas/", "/en/about/", "/bg/proekt/"], None),
    ("api", 15, "GET", ["/api/v3/pages/?limit=10", "/api/v3/pages/?type=portal.ContentPage"], None),
    ("search", 10, "GET", ["/bg/search/?q=" + quote("трафик"), "/en/search/?q=referral"], None),
    # The body (the form's token and a choice) is read from the poll's page at run time.
    ("vote", 5, "POST", ["/bg/polls/1/vote/"], "/bg/polls/1/"),
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
            stderr=open(self.work / f"{name}.log", "w"),  # noqa: SIM115
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

    def up(self):
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        self.start(
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
        self.start("worker", [PYTHON, "manage.py", "db_worker", "--interval", "0.5"])
        wait_for(f"http://127.0.0.1:{PORTS['gunicorn']}/healthz")

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
        for process in reversed(self.processes):
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
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
local mix = %s
-- A vote is counted by the 303 that follows it (nothing else in the mix redirects).
accepted = 0
setup = function(thread) table.insert(threads, thread) end
response = function(status, headers, body) if status == 303 then accepted = accepted + 1 end end
-- wrk sets the Host header in init, after this file is loaded.
init = function(args)
  for _, entry in ipairs(mix) do
    for _ = 1, entry.weight do
      for _, path in ipairs(entry.paths) do
        local headers = {}
        for name, value in pairs(wrk.headers) do headers[name] = value end
        if entry.body then headers["Content-Type"] = "application/x-www-form-urlencoded" end
        if entry.cookie then headers["Cookie"] = entry.cookie end
        table.insert(requests, wrk.format(entry.method, path, headers, entry.body))
      end
    end
  end
  math.randomseed(os.time())
end
request = function() return requests[math.random(#requests)] end
done = function(summary, latency, requests)
  local votes = 0
  for _, thread in ipairs(threads) do votes = votes + thread:get("accepted") end
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d %%d %%d\\n", votes,
    summary.requests, summary.duration, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, summary.errors.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
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
        if cookie:
            fields.append(f"cookie = {json.dumps(cookie)}")
        parts.append("{" + ", ".join(fields) + "}")
    return "{" + ", ".join(parts) + "}"


def wrk(work, name, base, entries, args, cookie=None, seconds=None):
    for _kind, _weight, method, paths, body in entries:  # warm the caches first
        for path in paths:
            headers = {"Cookie": cookie} if cookie else {}
            fetch(base + path, method=method, headers=headers, data=body and body.encode())
    script = work / f"{name}.lua"
    script.write_text(WRK_SCRIPT % lua_mix(entries, cookie))
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
    match = re.search(r"RESULT (.*)", output)
    votes, requests, duration_us, socket_errors, status_errors, p50, p90, p99, p999, top = map(
        int, match.group(1).split()
    )
    result = {
        "name": name,
        "votes": votes,
        "rps": requests / (duration_us / 1e6),
        "requests": requests,
        "errors": socket_errors + status_errors,
        "p50": p50 / 1000,
        "p90": p90 / 1000,
        "p99": p99 / 1000,
        "p999": p999 / 1000,
        "max": top / 1000,
    }
    log(
        f"  {name:<44} {result['rps']:>9.0f} req/s  p50 {result['p50']:>7.2f} ms  "
        f"p90 {result['p90']:>7.2f}  p99 {result['p99']:>7.2f}  p99.9 {result['p999']:>7.2f}  "
        f"errors {result['errors']}/{requests}"
    )
    return result


def poll_form_body(portal, path):
    """What the poll's form posts: its token and the first choice."""
    _status, _headers, html = fetch(portal + path)
    html = html.decode()
    token = re.search(r'name="poll_token" value="([^"]+)"', html).group(1)
    choice = re.search(r'name="choice" value="([^"]+)"', html).group(1)
    return f"poll_token={quote(token)}&choice={quote(choice)}"


def stored_votes():
    import psycopg

    with psycopg.connect(PG_URL) as connection:
        return connection.execute("SELECT COUNT(*) FROM training_pollvote").fetchone()[0]


def available_mix(portal):
    entries = []
    for kind, weight, method, paths, body in MIX:
        if kind == "vote":
            body = poll_form_body(portal, body)
        data = body.encode() if body else None
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
    finally:
        stack.down()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
