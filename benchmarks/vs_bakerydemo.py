"""The portal beside Wagtail's bakerydemo on this machine: queries and server CPU time per
uncached request for comparable pages, and each server process's memory.

    python benchmarks/vs_bakerydemo.py --bakerydemo-git <git URL or path> [--rounds 3]

(or BAKERYDEMO_GIT=<URL>). The script clones bakerydemo at the pinned commit into a
temporary folder, makes a virtualenv there with the portal's exact Wagtail and Django
versions (bakerydemo's own pins name newer ones) and bakerydemo's other requirements,
prints any compatibility patch it applies, migrates and loads bakerydemo's initial data and
the portal's demo content into SQLite files of their own, and serves each with gunicorn (one
sync worker, production settings, DEBUG off, the portal's page cache off). A small WSGI
wrapper, written to the temporary folder, counts each request's queries into a response
header; CPU time is the worker's utime+stime from /proc/<pid>/stat over N requests.

Rounds are interleaved (portal page, bakerydemo page, next pair…); each figure is the median
of the rounds with its spread (min–max); the load average is printed with each round.
Nothing of bakerydemo is kept in the portal's repository.
"""

import argparse
import importlib.metadata
import os
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


def run(command, **kwargs):
    print("  $", " ".join(str(part) for part in command), flush=True)
    subprocess.run(command, check=True, **kwargs)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Set-up ----------------------------------------------------------------------------------
def setup_bakerydemo(work: Path, git_url: str, commit: str) -> tuple[Path, Path, dict]:
    source, venv = work / "bakerydemo", work / "bakerydemo-venv"
    run(["git", "clone", "--quiet", git_url, source])
    run(["git", "-C", source, "checkout", "--quiet", commit])
    run([sys.executable, "-m", "venv", venv])
    versions = {name: importlib.metadata.version(name) for name in ("wagtail", "django")}
    requirements = [
        line.strip()
        for line in (source / "requirements" / "base.txt").read_text().splitlines()
        if line.strip()
        and not line.startswith("#")
        and not line.lower().startswith(("django>", "django=", "django<", "wagtail>", "wagtail="))
    ]
    # Production settings need whitenoise; the rest of requirements/production.txt is for
    # cloud storage, Elasticsearch, Redis and uwsgi, none of them used here.
    requirements += [
        line.strip()
        for line in (source / "requirements" / "production.txt").read_text().splitlines()
        if line.startswith("whitenoise")
    ]
    pins = [f"{name}=={version}" for name, version in versions.items()]
    print(f"bakerydemo {commit[:12]} with the portal's {', '.join(pins)}")
    run([venv / "bin" / "pip", "install", "--quiet", *pins, *requirements, "gunicorn"])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{work / 'bakerydemo.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    python = venv / "bin" / "python"
    run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=source, env=env)
    run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=source, env=env)
    run([python, "manage.py", "load_initial_data"], cwd=source, env=env)
    return source, venv, env


def setup_portal(work: Path) -> dict:
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
    run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=PORTAL, env=env)
    run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PORTAL, env=env)
    run([python, "manage.py", "load_demo_content", "--no-admin"], cwd=PORTAL, env=env)
    return env


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
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return int(children.read_text().split()[0])

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.worker_pid()}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

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


def spread(values) -> str:
    return f"{statistics.median(values):6.1f} ({min(values):.1f}–{max(values):.1f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bakerydemo-git", default=os.environ.get("BAKERYDEMO_GIT"))
    parser.add_argument("--commit", default=os.environ.get("BAKERYDEMO_COMMIT", PINNED_COMMIT))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if not args.bakerydemo_git:
        parser.error("give bakerydemo's git URL (--bakerydemo-git or BAKERYDEMO_GIT)")
    work = Path(tempfile.mkdtemp(prefix="vs-bakerydemo-"))
    servers = []
    try:
        source, venv, bakery_env = setup_bakerydemo(work, args.bakerydemo_git, args.commit)
        portal_env = setup_portal(work)
        portal_gunicorn = Path(sys.executable).parent / "gunicorn"
        portal = Server("portal", portal_gunicorn, PORTAL, portal_env, work)
        servers.append(portal)
        bakery = Server("bakerydemo", venv / "bin" / "gunicorn", source, bakery_env, work)
        servers.append(bakery)
        results = {pair: {"p": [], "b": [], "pq": 0, "bq": 0} for pair, _p, _b in PAIRS}
        for number in range(1, args.rounds + 1):
            print(f"round {number}/{args.rounds}, load average {load_average()}", flush=True)
            for pair, portal_path, bakery_path in PAIRS:
                row = results[pair]
                row["pq"], cpu = portal.measure(portal_path, args.requests)
                row["p"].append(cpu)
                row["bq"], cpu = bakery.measure(bakery_path, args.requests)
                row["b"].append(cpu)
        print(f"\nserver CPU ms per uncached request, median of {args.rounds} rounds (min–max), ")
        print(f"{args.requests} requests each; load average now {load_average()}")
        print(f"{'pair':24} {'queries':>9} {'portal ms':>20} {'bakerydemo ms':>20} {'ratio':>6}")
        for pair, row in results.items():
            ratio = statistics.median(row["p"]) / statistics.median(row["b"])
            queries = f"{row['pq']}/{row['bq']}"
            print(
                f"{pair:24} {queries:>9} {spread(row['p']):>20} {spread(row['b']):>20} {ratio:6.2f}"
            )
        print(f"worker RSS after all pages: portal {portal.rss_mb():.0f} MB, ")
        print(f"bakerydemo {bakery.rss_mb():.0f} MB")
    finally:
        for server in servers:
            server.stop()
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
