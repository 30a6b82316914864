"""conflictdata against its peers, side by side, at several sizes, in one run.

    python benchmarks/run.py --sizes 10k,100k,1M

For each size, writes a synthetic release (``synthetic.py``: deterministic for a seed, about
1.2 KB a record) into a temporary folder, then runs every task of ``tasks.py`` in a fresh
interpreter, timed several times (wall-clock and CPU time; the best run is kept) with its peak
memory. Then measures ``import conflictdata`` against a bare interpreter start and ``cd.load()``
of the shipped release, and prints Markdown tables: throughput by size with the ratio to
conflictdata, how the cost grows with size, memory, and whether the performance targets are met.
The checkout's ``src`` is put first on ``PYTHONPATH``, so the checkout is what is measured.
Nothing is written outside the temporary folder unless ``--markdown`` or ``--json`` say so.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from synthetic import kind_counts, write_release  # noqa: E402
from tasks import TASKS  # noqa: E402

LIBRARIES = (
    "conflictdata",
    "msgspec",
    "attrs",
    "orjson",
    "cattrs",
    "jsonschema",
    "jsonschema-rs",
    "frictionless",
    "pandas",
    "pyarrow",
)
#: Bytes on disk a synthetic record needs while a size is measured: the JSON Lines file and the
#: CSV and Parquet exports of two tools, with room to spare.
DISK_PER_RECORD = 6_000
#: Above this many records every task runs once (cold, in its fresh interpreter), so that each
#: tool is measured alike and the 1M run stays within minutes; a task on a sample still takes
#: the best of its runs (the sample is small, and one-time set-up would weigh on it).
LARGE = 100_000
TIMEOUT = 3600


def parse_size(text: str) -> int:
    """``10k`` -> 10_000, ``1M`` -> 1_000_000, ``2500`` -> 2500."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmM]?)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (write 10k, 100k, 1M or a number)")
    number, unit = match.groups()
    return int(float(number) * {"": 1, "k": 1_000, "m": 1_000_000}[unit.lower()])


def size_label(n: int) -> str:
    for factor, unit in ((1_000_000, "M"), (1_000, "k")):
        if n >= factor and n % factor == 0:
            return f"{n // factor}{unit}"
    return str(n)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    return env


def run_worker(arguments: list[str]) -> dict[str, Any]:
    """Run ``tasks.py`` with ``arguments`` in a fresh interpreter; its JSON report."""
    command = [sys.executable, str(HERE / "tasks.py"), *arguments]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, env=child_env(), timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return {"failed": f"timed out after {TIMEOUT} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"failed": f"exit {done.returncode}: {last}"}
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def environment(command: str) -> dict[str, Any]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    cpu = platform.processor() or platform.machine()
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.*)", info).group(1)  # type: ignore[union-attr]
    except (OSError, AttributeError):
        pass
    memory = ""
    try:
        kib = int(re.search(r"MemTotal:\s*([0-9]+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        memory = f"{kib / 2**20:.0f} GiB RAM"
    except (OSError, AttributeError):
        pass
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{cpu}, {os.cpu_count()} cores, {memory}".rstrip(", "),
        "system": platform.platform(),
        "python": platform.python_version(),
        "libraries": versions,
        "commit": commit or "unknown",
        "load": "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
        "command": command,
    }


PEAK = "print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])"


def run_child(arguments: list[str]) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds of a fresh interpreter running ``arguments``; its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *arguments], env=child_env(), capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, done.stderr or done.stdout


def measure_import(runs: int) -> dict[str, Any]:
    """``python -c pass`` against ``python -c "import conflictdata"``, interleaved ``runs``
    times each; and the package's own figure from ``python -X importtime``."""
    programs = {"bare": "pass", "import": "import conflictdata"}
    samples: dict[str, list[tuple[float, float, str]]] = {name: [] for name in programs}
    traced = []
    for _ in range(runs):
        for name, program in programs.items():
            samples[name].append(run_child(["-c", program]))
        trace = run_child(["-X", "importtime", "-c", "import conflictdata"])[2]
        found = re.search(r"\|\s*([0-9]+)\s*\|\s*conflictdata\s*$", trace, re.MULTILINE)
        if found:
            traced.append(int(found.group(1)) / 1e6)
    report: dict[str, Any] = {"runs": runs}
    for name, program in programs.items():
        walls = [wall for wall, _, _ in samples[name]]
        cpus = [cpu for _, cpu, _ in samples[name]]
        report[name] = {
            "wall_min": min(walls),
            "wall_median": statistics.median(walls),
            "cpu_median": statistics.median(cpus),
            "peak_rss": int(run_child(["-c", f"{program}; {PEAK}"])[2]),
        }
    report["added"] = report["import"]["wall_min"] - report["bare"]["wall_min"]
    report["added_cpu"] = report["import"]["cpu_median"] - report["bare"]["cpu_median"]
    report["importtime"] = min(traced) if traced else None
    return report


def measure_shipped(runs: int) -> dict[str, Any]:
    """``cd.load()`` of the shipped release, first call and warm, each in a fresh process."""
    reports = [run_worker(["shipped_load", "--repeat", "20"]) for _ in range(runs)]
    failed = [r["failed"] for r in reports if "failed" in r]
    if failed:
        return {"failed": failed[0]}
    return {
        "runs": runs,
        "first": [statistics.median(r["first"][i] for r in reports) for i in (0, 1)],
        "warm": [statistics.median(r["warm"][i] for r in reports) for i in (0, 1)],
        "peak_rss": max(r["peak_rss"] for r in reports),
    }


def check_disk(workdir: Path, largest: int) -> None:
    needed = largest * DISK_PER_RECORD
    free = shutil.disk_usage(workdir).free
    if free < needed:
        raise SystemExit(
            f"run.py: error: {workdir} has {free / 2**30:.1f} GiB free; "
            f"{size_label(largest)} records need about {needed / 2**30:.1f} GiB"
        )


def run_size(n: int, args: argparse.Namespace, workdir: Path, names: list[str]) -> dict[str, Any]:
    folder = workdir / f"release-{size_label(n)}"
    scratch = workdir / f"scratch-{size_label(n)}"
    scratch.mkdir()
    start = time.perf_counter()
    stats = write_release(folder, n, args.seed)
    stats["generate_seconds"] = time.perf_counter() - start
    log(
        f"{size_label(n)}: wrote {stats['bytes'] / 1e6:.0f} MB in {stats['generate_seconds']:.0f} s"
    )
    results = {}
    options = ["--repeat", str(args.repeat), "--sample", str(args.sample)]
    options += ["--scratch", str(scratch), *(["--cold"] if n > LARGE else [])]
    for name in names:
        results[name] = run_worker([name, str(folder), *options])
        log(f"{size_label(n)}: {name}: {summary(results[name])}")
    if not args.keep:
        shutil.rmtree(folder)
        shutil.rmtree(scratch)
    return {"n": n, **stats, "results": results}


def summary(report: dict[str, Any]) -> str:
    if "cpu" in report:
        return f"{throughput(report):,.0f} rec/s"
    return report.get("unavailable") or report.get("failed") or "?"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- report -------------------------------------------------------------------------------------


def throughput(report: dict[str, Any], clock: str = "cpu") -> float | None:
    """Records per second of the best run, by CPU time (default) or wall-clock time."""
    if clock not in report:
        return None
    return float(report["records"] / max(min(report[clock]), 1e-9))


def reference(task: str) -> str:
    """The conflictdata task of ``task``'s group."""
    return task.split(".")[0] + ".conflictdata"


def ratio(size: dict[str, Any], task: str, other: str) -> float | None:
    """Throughput of ``task`` divided by that of ``other``, at one size."""
    results = size["results"]
    mine, theirs = throughput(results.get(task, {})), throughput(results.get(other, {}))
    return mine / theirs if mine and theirs else None


def cell(size: dict[str, Any], task: str) -> str:
    report = size["results"][task]
    rate = throughput(report)
    if rate is None:
        return "not available" if "unavailable" in report else "failed"
    text = f"{rate:,.0f}"
    if report.get("note"):
        text += " †"
    if task != reference(task) and reference(task) in size["results"]:
        factor = ratio(size, reference(task), task)
        text += f" ({factor:.2f}x)" if factor else ""
    return text


def mib(kib: int | None) -> str:
    return "" if kib is None else f"{kib / 1024:,.0f}"


def targets(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    sizes = data["sizes"]
    rows = []

    def by_size(task: str, other: str, goal: float, name: str) -> None:
        found = [(size_label(s["n"]), ratio(s, task, other)) for s in sizes]
        measured = [(label, r) for label, r in found if r is not None]
        if len(measured) < len(found) or not measured:
            first = sizes[0]["results"] if sizes else {}
            missing = [t for t in (task, other) if throughput(first.get(t, {})) is None]
            why = "; ".join(
                f"{TASKS[t].group}, {TASKS[t].tool}: "
                + ("not available" if "unavailable" in first.get(t, {}) else "not measured")
                for t in missing
            )
            rows.append((name, why, "not available"))
            return
        text = ", ".join(f"{r:.2f}x at {label}" for label, r in measured)
        rows.append((name, text, "met" if min(r for _, r in measured) >= goal else "missed"))

    by_size("load.conflictdata", "load.orjson", 0.7, "load ≥ 0.7x orjson parse-only")
    by_size("validate.conflictdata", "validate.jsonschema", 25, "validate ≥ 25x reused jsonschema")
    by_size("validate.conflictdata", "load.orjson", 0.5, "validate ≥ 0.5x orjson parse, kept")
    by_size(
        "validate.conflictdata",
        "load.orjson_discard",
        0.5,
        "validate ≥ 0.5x orjson parse, discarded (one process; --jobs: bench_validate.py)",
    )
    imported = data["process"].get("import")
    if imported:
        added = imported["added"] * 1000
        rows.append(
            (
                "`import conflictdata` adds ≤ 100 ms",
                f"{added:.0f} ms wall (fastest of {imported['runs']} against fastest bare start); "
                f"{imported['added_cpu'] * 1000:.0f} ms CPU (medians)",
                "met" if added <= 100 else "missed",
            )
        )
    shipped = data["process"].get("shipped")
    if shipped and "first" in shipped:
        first = shipped["first"][0] * 1000
        rows.append(
            (
                "`cd.load()` of the shipped release < 50 ms",
                f"{first:.1f} ms wall, first call in a fresh process (median of {shipped['runs']})",
                "met" if first < 50 else "missed",
            )
        )
    context = [
        f"{r:.2f}x at {size_label(s['n'])}"
        for s in sizes
        if (r := ratio(s, "load.conflictdata", "load.orjson_paused"))
    ]
    if context:
        rows.append(
            ("(context) load against orjson with the collector paused too", ", ".join(context), "")
        )
    return rows


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def render(data: dict[str, Any]) -> str:
    env, sizes = data["environment"], data["sizes"]
    labels = [size_label(s["n"]) for s in sizes]
    names = list(sizes[0]["results"]) if sizes else []
    out = [
        "## Environment",
        "",
        f"- Date: {env['date']}; commit {env['commit']}",
        f"- Machine: {env['machine']}; {env['system']}; load average at the start "
        f"{env['load']}, at the end {env.get('load_end', '?')}",
        f"- Python {env['python']}; "
        + ", ".join(f"{name} {v}" for name, v in env["libraries"].items()),
        f"- Command: `{env['command']}`",
        "",
    ]
    if sizes:
        out += [
            "## Throughput",
            "",
            "Records per second: the records a task handles divided by the CPU time (user and "
            "system, all threads) of its best run (several runs up to "
            f"{size_label(LARGE)} records, one cold run above, except for tasks on a sample); "
            "the machine is shared, and CPU "
            "time is what other users' work disturbs least (wall-clock figures are in the next "
            "table). "
            "In brackets: conflictdata's throughput divided by the tool's (above 1: conflictdata "
            f"is faster). Growth: time per record at {labels[-1]} divided by time per record at "
            f"{labels[0]} (1.00 is linear).",
            "",
        ]
        rows = []
        for name in names:
            task = TASKS[name]
            first, last = (
                throughput(sizes[0]["results"][name]),
                throughput(sizes[-1]["results"][name]),
            )
            growth = f"{first / last:.2f}" if first and last and len(sizes) > 1 else ""
            rows.append([task.group, task.tool, *(cell(s, name) for s in sizes), growth, task.what])
        out += [table(["task", "tool", *labels, "growth", "what is measured"], rows), ""]
        notes = sorted({r["note"] for s in sizes for r in s["results"].values() if r.get("note")})
        if notes:
            out += [
                "† Measured on a fixed-size sample, reported as throughput: "
                + "; ".join(notes)
                + ".",
                "",
            ]
        unavailable = sorted(
            {
                f"{TASKS[name].group}, {TASKS[name].tool}: {r['unavailable']}"
                for s in sizes
                for name, r in s["results"].items()
                if "unavailable" in r
            }
        )
        failed = sorted(
            {
                f"{size_label(s['n'])} {name}: {r['failed']}"
                for s in sizes
                for name, r in s["results"].items()
                if "failed" in r
            }
        )
        out += [f"- Not available: {text}" for text in unavailable]
        out += [f"- Failed: {text}" for text in failed]
        out += ["", "## Time and memory", ""]
        rows = []
        for s in sizes:
            for name in names:
                report = s["results"][name]
                if "cpu" not in report:
                    continue
                cpu = min(report["cpu"])
                rows.append(
                    [
                        size_label(s["n"]),
                        TASKS[name].group,
                        TASKS[name].tool,
                        f"{report['records']:,}",
                        f"{cpu:.3f}",
                        f"{min(report['wall']):.3f}",
                        str(len(report["cpu"])),
                        f"{report['bytes'] / cpu / 1e6:,.1f}",
                        f"{throughput(report, 'wall'):,.0f}",
                        mib(report["rss_before"]),
                        mib(report["peak_rss"]),
                    ]
                )
        header = ["size", "task", "tool", "records", "CPU s", "wall s", "runs", "MB/s (CPU)"]
        header += ["rec/s (wall)", "RSS before MiB", "peak RSS MiB"]
        out += [table(header, rows), ""]
        out += [
            "Data: "
            + "; ".join(
                f"{size_label(s['n'])}: {s['bytes'] / 1e6:,.0f} MB of JSON Lines "
                f"({s['bytes'] / s['n']:,.0f} B a record), written in {s['generate_seconds']:.0f} s"
                for s in sizes
            )
            + ". Mix: "
            + ", ".join(f"{kind} {count:,}" for kind, count in kind_counts(sizes[-1]["n"]).items())
            + f" at {labels[-1]}.",
            "",
        ]
    process = data["process"]
    if process:
        out += ["## Start-up", "", *start_up(process), ""]
    out += ["## Targets", "", table(["target", "measured", "verdict"], targets(data)), ""]
    return "\n".join(out)


def start_up(process: dict[str, Any]) -> list[str]:
    rows = []
    imported = process.get("import")
    if imported:
        for name, what in (
            ("bare", "`python -c pass`"),
            ("import", "`python -c 'import conflictdata'`"),
        ):
            figures = imported[name]
            rows.append(
                [
                    what,
                    f"{figures['wall_min'] * 1000:.0f} ms fastest, "
                    f"{figures['wall_median'] * 1000:.0f} ms median",
                    f"{figures['cpu_median'] * 1000:.0f} ms",
                    mib(figures["peak_rss"]),
                ]
            )
        cross = imported["importtime"]
        rows.append(
            [
                "added by `import conflictdata`",
                f"{imported['added'] * 1000:.0f} ms (fastest against fastest)"
                + (f"; `-X importtime`: {cross * 1000:.0f} ms fastest" if cross else ""),
                f"{imported['added_cpu'] * 1000:.0f} ms",
                "",
            ]
        )
    shipped = process.get("shipped")
    if shipped and "first" in shipped:
        (first, first_cpu), (warm, warm_cpu) = shipped["first"], shipped["warm"]
        rows.append(
            [
                "`cd.load()` of the shipped release",
                f"{first * 1000:.1f} ms first call, {warm * 1000:.2f} ms warm",
                f"{first_cpu * 1000:.1f} ms, {warm_cpu * 1000:.2f} ms",
                mib(shipped["peak_rss"]),
            ]
        )
    elif shipped:
        rows.append(["`cd.load()` of the shipped release", shipped["failed"], "", ""])
    runs = imported["runs"] if imported else ""
    header = [f"what ({runs} fresh interpreters each)", "wall", "CPU (median)", "peak RSS MiB"]
    return [table(header, rows)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10k,100k,1M", help="record counts (default: %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic data")
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help=f"timed runs per task, the best kept, up to {LARGE:,} records; one run above",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=10_000,
        help="records the slow peers (reference jsonschema) see at larger sizes",
    )
    parser.add_argument("--tasks", help="comma-separated task names (default: all)")
    parser.add_argument("--import-runs", type=int, default=20, help="fresh interpreters per timing")
    parser.add_argument(
        "--workdir", type=Path, help="where the data goes (default: a new temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated data")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument(
        "--tables", type=Path, help="print the tables of an earlier run's --json file instead"
    )
    args = parser.parse_args(argv)
    if args.tables:
        print(render(json.loads(args.tables.read_text("utf-8"))))
        return 0
    sizes = sorted(parse_size(s) for s in args.sizes.split(",") if s.strip())
    names = list(TASKS) if not args.tasks else [t.strip() for t in args.tasks.split(",")]
    unknown = [name for name in names if name not in TASKS]
    if unknown:
        parser.error(f"unknown tasks {', '.join(unknown)}; choose from {', '.join(TASKS)}")
    workdir = Path(tempfile.mkdtemp(prefix="conflictdata-bench-", dir=args.workdir))
    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    data: dict[str, Any] = {"environment": environment(command.strip()), "sizes": [], "process": {}}
    try:
        if sizes:
            check_disk(workdir, sizes[-1])
        for n in sizes:
            data["sizes"].append(run_size(n, args, workdir, names))
        if args.import_runs:
            data["process"]["import"] = measure_import(args.import_runs)
            data["process"]["shipped"] = measure_shipped(max(1, min(args.import_runs, 5)))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    data["environment"]["load_end"] = "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    text = render(data)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", "utf-8")
    if args.json:
        args.json.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
