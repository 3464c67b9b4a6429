"""Benchmark extraction speed in one process, Python start-up excluded.

    python benchmarks/extract.py [--runs 3]

Extracts every report of the 27-province corpus with kg.extract.pipeline.extract (read → clean → segment
→ rules → learned candidates → guards → relate → quantify), after one warm-up pass that loads
the rules, jieba's dictionary and the entity model, and prints characters per second on one
core: the median of --runs passes. Bar (issue #16): ≥ 50,000 characters per second per core.
"""

from __future__ import annotations

import argparse
import statistics
import time

from measure import CORPUS

BAR_CHARS_PER_SECOND = 50_000


def one_pass(paths: list) -> tuple[int, float]:
    from kg.extract.pipeline import extract

    chars = 0
    start = time.process_time()
    for p in paths:
        chars += len(extract(p).report.text)
    return chars, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    paths = sorted(CORPUS.glob("*.txt"))
    one_pass(paths[:1])  # warm-up: rules, dictionaries, model
    rates = []
    for _ in range(args.runs):
        chars, seconds = one_pass(paths)
        rates.append(chars / seconds)
    median = statistics.median(rates)
    verdict = "meets" if median >= BAR_CHARS_PER_SECOND else "misses"
    print(f"{len(paths)} reports, {chars:,} characters: {median:,.0f} characters/s per core "
          f"(median of {args.runs}, CPU time of one process; {verdict} the bar of {BAR_CHARS_PER_SECOND:,})")


if __name__ == "__main__":
    main()
