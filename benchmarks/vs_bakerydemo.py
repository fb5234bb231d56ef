"""The portal beside Wagtail's bakerydemo on this machine: queries and server CPU time per
uncached request for comparable pages, each server process's memory, and the time each
project takes to build its demo data.

    python benchmarks/vs_bakerydemo.py --bakerydemo <folder> [--rounds 3] [--requests 20]

<folder> is a bakerydemo checkout at the pinned commit (PINNED_COMMIT), installed as its
own README says but with the portal's Wagtail and Django versions (the script checks them
and stops when they differ) plus gunicorn, in a virtualenv at <folder>/.venv
(--bakerydemo-python to name another interpreter). Nothing of bakerydemo is kept in, or
installed by, this repository.

The script makes fresh SQLite databases in a temporary folder, for bakerydemo (migrate,
`load_initial_data`, which loads its fixture) and for the portal (migrate,
`load_demo_content`, which loads the portal's demo fixture into the fresh database and
indexes it for search), timing each data load (wall and CPU of the whole command process).
It then serves each with gunicorn: one sync worker, production settings, DEBUG off, no
HTTPS redirect, the portal's page cache off. A small WSGI wrapper in the temporary folder
counts each request's queries into a response header; CPU time is the worker's utime+stime
from /proc/<pid>/stat over N requests after one warm-up request.

Rounds are interleaved (portal page, bakerydemo page, next pair…); each figure is the
median of the rounds with its spread (min–max); the load average is printed with each
round. Worker RSS is read after every page type and a search in each of the portal's
languages.
"""

import argparse
import importlib.metadata
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from measured import children, cpu_seconds, load_average, spread

PINNED_COMMIT = "8e2b625755d8942412d5b7627b146a795933b8b2"
PORTAL = Path(__file__).resolve().parent.parent

# (what is compared, portal path, bakerydemo path)
PAIRS = [
    ("home / home", "/bg/", "/"),
    ("content / about", "/bg/za-nas/", "/about/"),
    ("listing / blog index", "/bg/byuletin/", "/blog/"),
    ("article / blog post", "/bg/byuletin/novi-nasoki-identifikaciya/", "/blog/wild-yeast/"),
    ("chapter / blog post", "/bg/narachnik/vavedenie/", "/blog/wild-yeast/"),
    ("search / search", "/bg/search/?q=трафик", "/search/?q=bread"),
    ("API list / API list", "/api/v3/pages/", "/api/v2/pages/"),
]
EXTRA_PORTAL_PATHS = ["/en/search/?q=trafficking"]

QUERY_COUNTING_WSGI = """
from django.core.wsgi import get_wsgi_application
from django.db import connection

_application = get_wsgi_application()


def application(environ, start_response):
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    def respond(status, headers, exc_info=None):
        return start_response(status, headers + [("X-Query-Count", str(count[0]))], exc_info)

    with connection.execute_wrapper(counter):
        return _application(environ, respond)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Set-up ----------------------------------------------------------------------------------
def timed(command, cwd, env) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children) of one command."""
    print("  $", " ".join(str(part) for part in command), flush=True)
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    subprocess.run(command, check=True, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    wall, after = time.monotonic() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def check_versions(python: Path):
    """bakerydemo must run on the very Wagtail and Django the portal runs on."""
    theirs = subprocess.run(
        [python, "-c", "import django, wagtail; print(wagtail.__version__, django.__version__)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    ours = [importlib.metadata.version("wagtail"), importlib.metadata.version("django")]
    if theirs != ours:
        sys.exit(f"bakerydemo runs Wagtail/Django {theirs}, the portal {ours}: install the same")
    print(f"both on Wagtail {ours[0]}, Django {ours[1]}")


def setup_bakerydemo(work: Path, source: Path, python: Path, build=True) -> tuple[dict, tuple]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{work / 'bakerydemo.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
    }
    if not build:
        return env, None
    timed([python, "manage.py", "migrate", "--noinput", "-v0"], source, env)
    timed([python, "manage.py", "collectstatic", "--noinput", "-v0"], source, env)
    return env, timed([python, "manage.py", "load_initial_data"], source, env)


def setup_portal(work: Path, build=True) -> tuple[dict, tuple]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{work / 'portal.sqlite3'}",
        "PORTAL_VAR_DIR": str(work / "portal-var"),
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_CACHE_SECONDS": "0",
    }
    python = sys.executable
    if not build:
        return env, None
    timed([python, "manage.py", "migrate", "--noinput", "-v0"], PORTAL, env)
    timed([python, "manage.py", "collectstatic", "--noinput", "-v0"], PORTAL, env)
    return env, timed([python, "manage.py", "load_demo_content", "--no-admin"], PORTAL, env)


def print_build_times(bakery, portal):
    print("\ndemo data load, wall s / CPU s (one run each):")
    print(f"  bakerydemo load_initial_data      {bakery[0]:6.1f} / {bakery[1]:6.1f}")
    print(f"  portal load_demo_content          {portal[0]:6.1f} / {portal[1]:6.1f}")
    print(
        f"  ratio portal/bakerydemo           {portal[0] / bakery[0]:6.2f} / "
        f"{portal[1] / bakery[1]:6.2f}\n"
    )


# Serving and measuring -------------------------------------------------------------------
class Server:
    def __init__(self, name, gunicorn, cwd, env, work):
        self.name, self.port = name, free_port()
        (work / "query_counting_wsgi.py").write_text(QUERY_COUNTING_WSGI)
        env = {**env, "PYTHONPATH": f"{work}:{cwd}"}
        self.process = subprocess.Popen(
            [gunicorn, "--workers", "1", "--bind", f"127.0.0.1:{self.port}"]
            + ["query_counting_wsgi:application"],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(work / f"{name}-server.log").open("w"),
            start_new_session=True,
        )
        self.log = work / f"{name}-server.log"
        self._wait()

    def _wait(self):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/"), timeout=5).read()  # noqa: S310 (http only)
                return
            except OSError:
                time.sleep(0.5)
        tail = "\n".join(self.log.read_text().splitlines()[-30:])
        raise RuntimeError(f"{self.name} did not answer / with a success; its log ends:\n{tail}")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{urllib.request.quote(path, safe='/?=&')}"

    def worker_pid(self) -> int:
        return children(self.process.pid)[0]

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.worker_pid())

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.worker_pid()}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def measure(self, path, requests) -> tuple[int, float]:
        """(queries of one request, CPU milliseconds per request) over `requests` GETs."""
        urllib.request.urlopen(self.url(path), timeout=60).read()  # noqa: S310 (warm)
        start = self.cpu_seconds()
        for _ in range(requests):
            with urllib.request.urlopen(self.url(path), timeout=60) as response:  # noqa: S310
                response.read()
                queries = int(response.headers["X-Query-Count"])
                assert response.status == 200, (self.name, path, response.status)
        return queries, (self.cpu_seconds() - start) * 1000 / requests

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bakerydemo", type=Path, required=True, help="bakerydemo checkout")
    parser.add_argument("--bakerydemo-python", type=Path, help="default <folder>/.venv/bin/python")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--reuse", type=Path, help="a folder kept by --keep: serve its databases as they are"
    )
    args = parser.parse_args()
    source = args.bakerydemo.resolve()
    python = args.bakerydemo_python or source / ".venv" / "bin" / "python"
    check_versions(python)
    work = args.reuse or Path(tempfile.mkdtemp(prefix="vs-bakerydemo-"))
    servers = []
    try:
        bakery_env, bakery_build = setup_bakerydemo(work, source, python, build=not args.reuse)
        portal_env, portal_build = setup_portal(work, build=not args.reuse)
        if not args.reuse:
            print_build_times(bakery_build, portal_build)
        portal = Server(
            "portal", Path(sys.executable).parent / "gunicorn", PORTAL, portal_env, work
        )
        servers.append(portal)
        bakery = Server("bakerydemo", python.parent / "gunicorn", source, bakery_env, work)
        servers.append(bakery)
        results = {pair: {"p": [], "b": [], "pq": 0, "bq": 0} for pair, _p, _b in PAIRS}
        for number in range(1, args.rounds + 1):
            print(f"round {number}/{args.rounds}, {load_average()}", flush=True)
            for pair, portal_path, bakery_path in PAIRS:
                row = results[pair]
                row["pq"], cpu = portal.measure(portal_path, args.requests)
                row["p"].append(cpu)
                row["bq"], cpu = bakery.measure(bakery_path, args.requests)
                row["b"].append(cpu)
        for path in EXTRA_PORTAL_PATHS:  # every language searched before memory is read
            portal.measure(path, 1)
        print(f"\nserver CPU ms per uncached request, median of {args.rounds} rounds (min–max), ")
        print(f"{args.requests} requests each; now {load_average()}")
        print(f"{'pair':24} {'queries':>9} {'portal ms':>20} {'bakerydemo ms':>20} {'ratio':>6}")
        for pair, row in results.items():
            ratio = statistics.median(row["p"]) / statistics.median(row["b"])
            queries = f"{row['pq']}/{row['bq']}"
            print(
                f"{pair:24} {queries:>9} {spread(row['p'], 1):>20} {spread(row['b'], 1):>20} {ratio:6.2f}"
            )
        print(f"worker RSS after all pages: portal {portal.rss_mb():.0f} MB, ", end="")
        print(f"bakerydemo {bakery.rss_mb():.0f} MB")
    finally:
        for server in servers:
            server.stop()
        if args.keep or args.reuse:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
