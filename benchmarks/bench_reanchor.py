"""The diff that re-anchoring rests on: difflib against diff-match-patch, side by side.

    PYTHONPATH=src python benchmarks/bench_reanchor.py --sizes 3k,30k,300k --edits 10

For each size, a text of that many code points (the shipped source text repeated, so it reads
like prose and repeats itself as real documents do) is corrected in ``--edits`` places (a word
replaced by a misspelling of it, a word inserted, a word deleted: what a correction of a typo
does), and the old and new texts are compared by:

- ``difflib``: the standard library's :class:`difflib.SequenceMatcher` on code points, with
  ``autojunk=False`` (with autojunk on, every common character of a text over 200 code points
  is "junk" and the diff is useless for placing spans);
- ``diff-match-patch``: ``diff_main`` of the ``diff-match-patch`` package, with no time limit
  (``Diff_Timeout = 0``, so the diff is minimal and the same on every machine);

each the best of ``--repeat`` rounds (difflib only up to ``--difflib-max`` code points: beyond
it takes minutes), in milliseconds, with the ratio, and how many code points
each diff calls changed (the fewer, the more spans keep their words: the edits made change
about ``--edits`` x 6).
"""

from __future__ import annotations

import argparse
import difflib
import random
import time
from collections.abc import Callable
from importlib.resources import files

from diff_match_patch import diff_match_patch


def _text(size: int) -> str:
    """About ``size`` code points of prose: the shipped source text, repeated."""
    seed = files("conflictdata").joinpath("data/releases/1.1.0/sources").iterdir()
    prose = next(iter(seed)).read_text("utf-8")
    return (prose * (size // len(prose) + 1))[:size]


def _corrected(text: str, edits: int, rng: random.Random) -> str:
    """``text`` with ``edits`` words misspelt, inserted or deleted at random places."""
    words = text.split(" ")
    for _ in range(edits):
        at = rng.randrange(len(words))
        kind = rng.choice(("typo", "insert", "delete"))
        if kind == "typo" and len(words[at]) > 1:
            word = words[at]
            words[at] = word[1] + word[0] + word[2:]
        elif kind == "insert":
            words.insert(at, "indeed")
        elif len(words) > 1:
            del words[at]
    return " ".join(words)


def _difflib(old: str, new: str) -> int:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return sum(i2 - i1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal")


def _dmp(old: str, new: str) -> int:
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    return sum(len(part) for op, part in engine.diff_main(old, new, False) if op == -1)


def _best(run: Callable[[str, str], int], old: str, new: str, repeat: int) -> tuple[float, int]:
    best, changed = float("inf"), 0
    for _ in range(repeat):
        began = time.perf_counter()
        changed = run(old, new)
        best = min(best, time.perf_counter() - began)
    return best * 1000, changed


def _size(text: str) -> int:
    scale = {"k": 1_000, "m": 1_000_000}
    return int(float(text[:-1]) * scale[text[-1].lower()]) if text[-1].isalpha() else int(text)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3k,30k,300k")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--difflib-max", type=int, default=30_000)
    args = parser.parse_args()
    print(
        "| code points | difflib ms | diff-match-patch ms | difflib / dmp | deleted: difflib, dmp |"
    )
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size in map(_size, args.sizes.split(",")):
        old = _text(size)
        new = _corrected(old, args.edits, random.Random(args.seed))
        fast, fast_changed = _best(_dmp, old, new, args.repeat)
        if size > args.difflib_max:
            print(f"| {size:,} | (not run) | {fast:.1f} | | -, {fast_changed} |")
            continue
        slow, slow_changed = _best(_difflib, old, new, args.repeat)
        print(
            f"| {size:,} | {slow:.1f} | {fast:.1f} | {slow / fast:.1f}x "
            f"| {slow_changed}, {fast_changed} |"
        )


if __name__ == "__main__":
    main()
