"""The search page as a visitor waits for it: the whole response over HTTP from gunicorn
(one worker, production settings, the page cache off so every request runs the search and
renders the page), one request at a time, on the database the caller has built.

    time_search_pages(database_url, urls, requests_per_url)

Each of three rounds requests every URL `requests_per_url` times (after one untimed request
per URL, as a running server has its caches warm); a round gives the median over the URLs of
each URL's p95, the worst p95 and the worker's CPU milliseconds per request. Printed: each
round, then the median of the rounds with the spread (min–max) and the load average.
"""

import http.client
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from measured import load_average, spread
from served import Gunicorn, manage, production_env

PORT = int(os.environ.get("BENCH_PORT", "8300"))
ROUNDS = 3


def get(server, url):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    connection.request("GET", url)
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 200, (url, response.status)


def p95(timings):
    return sorted(timings)[int(len(timings) * 0.95) - 1]


def one_round(server, urls, requests_per_url):
    p95s = []
    cpu_before = server.worker_cpu()
    for url in urls:
        timings = []
        for _ in range(requests_per_url):
            started = time.perf_counter()
            get(server, url)
            timings.append((time.perf_counter() - started) * 1000)
        p95s.append(p95(timings))
    cpu = (server.worker_cpu() - cpu_before) * 1000 / (len(urls) * requests_per_url)
    return statistics.median(p95s), max(p95s), cpu


def time_search_pages(database_url, urls, requests_per_url):
    work = Path(tempfile.mkdtemp(prefix="nrm-search-pages-"))
    try:
        env = production_env(database_url, work)
        manage(env, "collectstatic", "--noinput", "-v0")
        with Gunicorn(env, PORT, workers=1) as server:
            for url in urls:
                get(server, url)
            rounds = []
            for number in range(1, ROUNDS + 1):
                rounds.append(one_round(server, urls, requests_per_url))
                median_p95, worst_p95, cpu = rounds[-1]
                print(
                    f"  round {number}: median p95 {median_p95:.1f} ms, worst p95 "
                    f"{worst_p95:.1f} ms, worker CPU {cpu:.1f} ms per page; {load_average()}",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    median_p95s, worst_p95s, cpus = zip(*rounds, strict=True)
    print(
        f"search page over HTTP, median of {ROUNDS} rounds (min–max): median p95 "
        f"{spread(median_p95s, 1)} ms, worst p95 {spread(worst_p95s, 1)} ms, worker CPU "
        f"{spread(cpus, 1)} ms per page; {load_average()}"
    )
