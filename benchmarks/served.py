"""The portal as production serves it, for the benchmarks that measure over HTTP: a fresh
PostgreSQL database with the demo content, production settings (DEBUG off, collected static
files, the file page cache turned off so every request reaches Django) and gunicorn with a
given number of worker processes.

    env = production_env(database_url, work)
    prepare(env)                      # empties the database: never point it at real data
    with Gunicorn(env, port, workers=2) as server:
        ... requests to server.url ...; server.worker_cpu()
"""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from measured import children, cpu_seconds

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def production_env(database_url: str, work: Path, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "PORTAL_VAR_DIR": str(work / "var"),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "PAGE_CACHE_SECONDS": "0",
        "LOG_LEVEL": "ERROR",
        **extra,
    }


def recreate_postgres_database(database_url: str) -> None:
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> None:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")


def prepare(env: dict) -> None:
    """A fresh database with the demo content, and the static files production serves."""
    if env["DATABASE_URL"].startswith("postgres"):
        recreate_postgres_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content", "--no-admin")
    manage(env, "collectstatic", "--noinput", "-v0")  # production serves hashed names


class Gunicorn:
    def __init__(self, env: dict, port: int, workers: int):
        self.env, self.port, self.workers = env, port, workers
        self.url = f"http://127.0.0.1:{port}"
        self.process = self.log = None

    def __enter__(self):
        self.log = open(Path(self.env["PORTAL_VAR_DIR"]).parent / "gunicorn.log", "a")
        command = [str(Path(PYTHON).parent / "gunicorn"), "portal.wsgi"]
        command += ["--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                connection.close()
                if len(children(self.process.pid)) == self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise SystemExit(f"gunicorn did not answer at {self.url}")

    def __exit__(self, *_exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def worker_cpu(self) -> float:
        """CPU seconds the worker processes have used so far (the master only watches)."""
        return sum(cpu_seconds(pid) for pid in children(self.process.pid))
