"""How the benchmarks report a figure: the median of several runs with its spread, the load
average beside it, and CPU seconds of other processes (a server's workers, a database
backend), which depend less than the wall clock on what else the machine runs."""

import os
import statistics
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def spread(values, digits=0) -> str:
    """'median (min–max)' of the runs."""
    form = f"{{:.{digits}f}}"
    low, middle, high = min(values), statistics.median(values), max(values)
    return f"{form.format(middle)} ({form.format(low)}–{form.format(high)})"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} CPUs)"


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a running process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children(pid: int) -> list[int]:
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]
