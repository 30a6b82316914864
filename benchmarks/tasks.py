"""The measured tasks, each run alone in a fresh interpreter by ``run.py``.

``python benchmarks/tasks.py TASK FOLDER --repeat R [--cold] --sample S --scratch DIR`` prepares
the task (reads the input files: not timed), runs it ``R`` times (once with ``--cold``, unless
it works on a sample) and prints one JSON object: the wall-clock and CPU seconds of each run,
the records and bytes handled, the resident set size before the first run and the process's
peak. A task whose tool is missing prints ``{"unavailable": reason}`` instead.

Every task starts from the same release folder written by ``synthetic.py``; a task of one group
does the same job as the group's conflictdata task, with another tool:

* load: JSON Lines bytes to records in memory;
* validate: JSON Lines bytes to a verdict on every record (all errors collected);
* export CSV / export Parquet: the release folder on disk to one table file per record kind.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import math
import os
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KINDS = ("source", "actor", "event", "statement", "implication")


class Unavailable(Exception):
    """The tool a task needs is not installed or not built yet."""


@dataclass
class Prepared:
    """A task ready to time: ``run`` does the work once; the counts say how much work it is."""

    run: Callable[[], object]
    records: int
    bytes: int
    note: str = ""


@dataclass
class Options:
    folder: Path
    sample: int
    scratch: Path


@dataclass(frozen=True)
class Task:
    group: str
    tool: str
    what: str
    prepare: Callable[[Options], Prepared]


def _files(folder: Path) -> dict[str, bytes]:
    return {kind: (folder / f"{kind}s.jsonl").read_bytes() for kind in KINDS}


def _lines(data: bytes) -> Iterator[bytes]:
    """The non-blank lines of ``data``, one at a time, as conflictdata reads them."""
    return (line for line in io.BytesIO(data) if line.strip())


def _whole(options: Options) -> tuple[dict[str, bytes], int, int]:
    files = _files(options.folder)
    return (
        files,
        sum(sum(1 for _ in _lines(d)) for d in files.values()),
        sum(map(len, files.values())),
    )


def _sampled(options: Options) -> tuple[list[tuple[str, bytes]], int, str]:
    """Every k-th line of the release, across kinds, so that at most ``sample`` remain."""
    lines = [(kind, line) for kind, data in _files(options.folder).items() for line in _lines(data)]
    step = max(1, math.ceil(len(lines) / options.sample)) if options.sample else 1
    chosen = lines[::step]
    note = f"1 record in {step} ({len(chosen):,} of {len(lines):,})" if step > 1 else ""
    return chosen, sum(len(line) for _, line in chosen), note


# -- load ---------------------------------------------------------------------------------------


def load_conflictdata(options: Options) -> Prepared:
    from conflictdata._codec import read_jsonl
    from conflictdata.models import RECORD_CLASSES

    files, n, size = _whole(options)
    classes = [(kind, RECORD_CLASSES[kind], data) for kind, data in files.items()]

    def run() -> object:
        return [read_jsonl(data, cls, file=f"{kind}s.jsonl") for kind, cls, data in classes]

    return Prepared(run, n, size)


def load_orjson(options: Options) -> Prepared:
    import orjson

    files, n, size = _whole(options)

    def run() -> object:
        return [[orjson.loads(line) for line in _lines(data)] for data in files.values()]

    return Prepared(run, n, size)


def load_orjson_discard(options: Options) -> Prepared:
    import orjson

    files, n, size = _whole(options)

    def run() -> object:
        for data in files.values():
            for line in _lines(data):
                orjson.loads(line)
        return None

    return Prepared(run, n, size)


def load_orjson_paused(options: Options) -> Prepared:
    prepared = load_orjson(options)
    parse = prepared.run

    def run() -> object:
        gc.disable()
        try:
            return parse()
        finally:
            gc.enable()

    prepared.run = run
    return prepared


def load_cattrs(options: Options) -> Prepared:
    import orjson
    from cattrs.preconf.orjson import make_converter

    from conflictdata.models import RECORD_CLASSES

    converter = make_converter(forbid_extra_keys=True)
    files, n, size = _whole(options)

    def run() -> object:
        return [
            [converter.structure(orjson.loads(line), RECORD_CLASSES[kind]) for line in _lines(data)]
            for kind, data in files.items()
        ]

    return Prepared(run, n, size)


def load_msgspec_attrs(options: Options) -> Prepared:
    import msgspec

    from conflictdata.models import RECORD_CLASSES

    decoders = {kind: msgspec.json.Decoder(RECORD_CLASSES[kind]) for kind in KINDS}
    files, n, size = _whole(options)

    def run() -> object:
        return [
            [decoders[kind].decode(line) for line in _lines(data)] for kind, data in files.items()
        ]

    return Prepared(run, n, size)


def load_dataset(options: Options) -> Prepared:
    import conflictdata as cd

    _, n, size = _whole(options)
    return Prepared(lambda: cd.load(path=options.folder), n, size)


# -- validate -----------------------------------------------------------------------------------


def validate_conflictdata(options: Options) -> Prepared:
    import conflictdata as cd

    validate = getattr(cd, "validate", None)
    if validate is None:
        raise Unavailable("conflictdata.validate is not on this branch yet (issue 6)")
    _, n, size = _whole(options)
    paths = [options.folder / f"{kind}s.jsonl" for kind in KINDS]

    def run() -> object:
        report = validate(*paths)
        if not report.ok:
            raise AssertionError(f"records meant to be valid are not: {report.issues[0]}")
        return report

    return Prepared(run, n, size)


def _check_all(chosen: list[tuple[str, bytes]], errors_of: Callable[[str, Any], list[Any]]) -> int:
    import orjson

    found = 0
    for kind, line in chosen:
        found += len(errors_of(kind, orjson.loads(line)))
    if found:
        raise AssertionError(f"{found} schema errors in records meant to be valid")
    return found


def validate_jsonschema(options: Options) -> Prepared:
    import orjson  # noqa: F401  (used by _check_all: unavailable, not failed, without it)
    from jsonschema import Draft202012Validator

    from conflictdata._schema import load_schema

    validators = {
        kind: Draft202012Validator(
            load_schema(kind),
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        for kind in KINDS
    }
    chosen, size, note = _sampled(options)
    return Prepared(
        lambda: _check_all(chosen, lambda kind, doc: list(validators[kind].iter_errors(doc))),
        len(chosen),
        size,
        note,
    )


def validate_jsonschema_rs(options: Options) -> Prepared:
    import jsonschema_rs

    from conflictdata._schema import load_schema

    validators = {
        kind: jsonschema_rs.Draft202012Validator(load_schema(kind), validate_formats=True)
        for kind in KINDS
    }
    files, n, size = _whole(options)
    chosen = [(kind, line) for kind, data in files.items() for line in _lines(data)]
    return Prepared(
        lambda: _check_all(chosen, lambda kind, doc: list(validators[kind].iter_errors(doc))),
        n,
        size,
    )


def validate_frictionless(options: Options) -> Prepared:
    import frictionless

    from conflictdata._codec import decode_record
    from conflictdata.models import RECORD_CLASSES

    write_csv = _exporter("csv")
    chosen, size, note = _sampled(options)
    records = [decode_record(line, RECORD_CLASSES[kind]) for kind, line in chosen]
    export = options.scratch / "frictionless"
    write_csv(records, export)
    descriptor = str(export / "datapackage.json")

    def run() -> object:
        report = frictionless.validate(descriptor)
        if not report.valid or len(records) != sum(task.stats["rows"] for task in report.tasks):
            raise AssertionError(f"the CSV export is not valid: {report.flatten()[:1]}")
        return report

    return Prepared(run, len(chosen), size, note)


# -- export -------------------------------------------------------------------------------------


def _exporter(fmt: str) -> Callable[..., object]:
    """``conflictdata.io.write_<fmt>``, or Unavailable."""
    try:
        from conflictdata import io as formats
    except ImportError:
        raise Unavailable("conflictdata.io is not on this branch yet (issue 5)") from None
    write: Callable[..., object] = getattr(formats, f"write_{fmt}")
    return write


def _cd_export(options: Options, fmt: str) -> Prepared:
    import conflictdata as cd

    write = _exporter(fmt)
    _, n, size = _whole(options)
    out = options.scratch / f"conflictdata-{fmt}"

    def run() -> object:
        shutil.rmtree(out, ignore_errors=True)
        return write(cd.load(path=options.folder), out)

    return Prepared(run, n, size)


def export_conflictdata_csv(options: Options) -> Prepared:
    return _cd_export(options, "csv")


def export_conflictdata_parquet(options: Options) -> Prepared:
    return _cd_export(options, "parquet")


def _pandas_export(options: Options, suffix: str) -> Prepared:
    import orjson
    import pandas as pd

    files, n, size = _whole(options)

    def run() -> object:
        out = options.scratch / "pandas"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        for kind, data in files.items():
            frame = pd.json_normalize([orjson.loads(line) for line in _lines(data)])
            if suffix == "csv":
                frame.to_csv(out / f"{kind}s.csv", index=False)
            else:
                frame.to_parquet(out / f"{kind}s.parquet", index=False)
        return out

    return Prepared(run, n, size)


def export_pandas_csv(options: Options) -> Prepared:
    return _pandas_export(options, "csv")


def export_pandas_parquet(options: Options) -> Prepared:
    return _pandas_export(options, "parquet")


# -- process-level ------------------------------------------------------------------------------


def shipped_load(repeat: int) -> dict[str, Any]:
    """``cd.load()`` of the shipped release: the first call in a fresh process, then warm calls."""
    import conflictdata as cd

    first = timed(cd.load)
    warm = [timed(cd.load) for _ in range(repeat)]
    return {
        "first": first,
        "warm": [statistics.median(w for w, _ in warm), statistics.median(c for _, c in warm)],
        "peak_rss": peak_rss(),
    }


TASKS: dict[str, Task] = {
    "load.conflictdata": Task(
        "load", "conflictdata", "strict typed decoding as cd.load uses it", load_conflictdata
    ),
    "load.orjson": Task("load", "orjson", "orjson.loads per line (parse only)", load_orjson),
    "load.orjson_paused": Task(
        "load",
        "orjson, gc paused",
        "orjson.loads per line with the cyclic collector paused, as conflictdata does",
        load_orjson_paused,
    ),
    "load.orjson_discard": Task(
        "load",
        "orjson, discarding",
        "orjson.loads of each line, the result thrown away at once (parsing alone)",
        load_orjson_discard,
    ),
    "load.cattrs": Task(
        "load",
        "orjson + cattrs",
        "orjson.loads, then cattrs structure into the same attrs classes (no constraint checks)",
        load_cattrs,
    ),
    "load.msgspec_attrs": Task(
        "load",
        "msgspec -> attrs",
        "msgspec decoding straight into the attrs classes (ignores unknown fields)",
        load_msgspec_attrs,
    ),
    "load.dataset": Task(
        "load",
        "cd.load(path)",
        "the whole cd.load(path=...): hashes, decoding, source texts, Dataset index",
        load_dataset,
    ),
    "validate.conflictdata": Task(
        "validate", "conflictdata", "conflictdata.validate", validate_conflictdata
    ),
    "validate.jsonschema": Task(
        "validate",
        "jsonschema",
        "orjson.loads + a reused jsonschema Draft202012Validator with format checking",
        validate_jsonschema,
    ),
    "validate.jsonschema_rs": Task(
        "validate",
        "jsonschema-rs",
        "orjson.loads + a reused jsonschema_rs Draft202012Validator, validate_formats=True",
        validate_jsonschema_rs,
    ),
    "validate.frictionless": Task(
        "validate",
        "frictionless",
        "frictionless validate of the CSV export's data package",
        validate_frictionless,
    ),
    "export_csv.conflictdata": Task(
        "export CSV", "conflictdata", "cd.load(path) + the CSV export", export_conflictdata_csv
    ),
    "export_csv.pandas": Task(
        "export CSV",
        "pandas",
        "orjson.loads + pandas.json_normalize + DataFrame.to_csv",
        export_pandas_csv,
    ),
    "export_parquet.conflictdata": Task(
        "export Parquet",
        "conflictdata",
        "cd.load(path) + the Parquet export",
        export_conflictdata_parquet,
    ),
    "export_parquet.pandas": Task(
        "export Parquet",
        "pandas",
        "orjson.loads + pandas.json_normalize + DataFrame.to_parquet (pyarrow)",
        export_pandas_parquet,
    ),
}


def _rss() -> int | None:
    """Resident set size now, in KiB (Linux), or None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def peak_rss() -> int:
    """Peak resident set size of this process, in KiB.

    On Linux this is ``VmHWM`` of ``/proc/self/status``: ``ru_maxrss`` would do, but a child
    process inherits its parent's peak in it across fork and exec, so the launcher's memory
    would show up in every task's figure.
    """
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0])
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, all threads) of one call of ``run``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    del result
    return wall, cpu


def measure(name: str, options: Options, repeat: int, cold: bool = False) -> dict[str, Any]:
    """Prepare task ``name``, time it ``repeat`` times (once when ``cold``, unless the task
    works on a sample, which is small) and report."""
    try:
        prepared = TASKS[name].prepare(options)
    except Unavailable as reason:
        return {"unavailable": str(reason)}
    except ModuleNotFoundError as missing:
        return {"unavailable": f"{missing.name} is not installed (pip install -e '.[bench]')"}
    gc.collect()
    before = _rss()
    walls, cpus = [], []
    for _ in range(max(1, 1 if cold and not prepared.note else repeat)):
        wall, cpu = timed(prepared.run)
        walls.append(wall)
        cpus.append(cpu)
        gc.collect()
    return {
        "wall": walls,
        "cpu": cpus,
        "records": prepared.records,
        "bytes": prepared.bytes,
        "note": prepared.note,
        "rss_before": before,
        "peak_rss": peak_rss(),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("task", choices=[*TASKS, "shipped_load"])
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="one run only (not for samples)")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--scratch", type=Path)
    args = parser.parse_args(argv)
    if args.task == "shipped_load":
        report = shipped_load(args.repeat)
    else:
        options = Options(args.folder, args.sample, args.scratch or args.folder.parent)
        report = measure(args.task, options, args.repeat, args.cold)
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
