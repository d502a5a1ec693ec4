"""Recall and precision of the personal-data flags, per kind, on the labelled set built by
bench/personal_data_set.py (regenerated in memory, deterministic).

    .venv/bin/python bench/personal_data_bench.py [--n 1200]

A finding counts as found when it overlaps a planted span of the same kind; any other
finding is a false positive of its kind (the corpus text itself may contain real numbers or
dates: those count against precision too).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from consult.moderation.personal_data import Kind, find  # noqa: E402
from personal_data_set import build  # noqa: E402


def measure(items):
    planted, found, correct, false = Counter(), Counter(), Counter(), []
    for item in items:
        findings = find(item["text"], item["regions"])
        for span in item["spans"]:
            planted[span["kind"]] += 1
            if any(f.kind.value == span["kind"] and f.start < span["end"] and span["start"] < f.end for f in findings):
                found[span["kind"]] += 1
        for f in findings:
            if any(f.kind.value == s["kind"] and f.start < s["end"] and s["start"] < f.end for s in item["spans"]):
                correct[f.kind.value] += 1
            else:
                false.append((f.kind.value, f.passage))
    return planted, found, correct, false


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1200)
    parser.add_argument("--show-false", action="store_true")
    args = parser.parse_args()
    items = build(args.n)
    planted, found, correct, false = measure(items)
    wrong = Counter(kind for kind, _ in false)
    print(f"{len(items)} texts, {sum(planted.values())} planted items")
    print(f"{'kind':<12} {'planted':>7} {'recall':>7} {'flags':>6} {'precision':>9}")
    for kind in Kind:
        k = kind.value
        flags = correct[k] + wrong[k]
        recall = found[k] / planted[k] if planted[k] else float("nan")
        precision = correct[k] / flags if flags else float("nan")
        print(f"{k:<12} {planted[k]:>7} {recall:>7.3f} {flags:>6} {precision:>9.3f}")
    if args.show_false:
        for kind, passage in false:
            print("false", kind, repr(passage))


if __name__ == "__main__":
    main()
