"""B-cubed precision, recall and F1 of campaign recognition on the labelled set of
``campaign_set.py`` (synthetic copies of real templates) and on its held-out set (real
comments, grouped by the exhaustive reference).

    .venv/bin/python bench/campaign_quality.py [--mode online|rebuild] [--set bench/out/campaign_set.json]

``online`` recognises the letters one by one as they would arrive (the service the web form
and the importer call); ``rebuild`` runs ``campaigns rebuild``'s code. Letters in no campaign
count as clusters of one. Target: each figure >= 0.98.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import campaign_harness as harness  # noqa: E402
import campaign_set  # noqa: E402

from consult import db  # noqa: E402
from consult.campaigns.rebuild import rebuild  # noqa: E402


def bcubed(gold: list[str], predicted: list[object]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of a clustering (one label per item, same order)."""
    pairs = Counter(zip(gold, predicted))
    gold_sizes, predicted_sizes = Counter(gold), Counter(predicted)
    precision = sum(pairs[(g, p)] / predicted_sizes[p] for g, p in zip(gold, predicted)) / len(gold)
    recall = sum(pairs[(g, p)] / gold_sizes[g] for g, p in zip(gold, predicted)) / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def recognise(items: list[dict], mode: str, slug: str) -> list[object]:
    """Each item's predicted cluster: its campaign id, or its own id when in none."""
    round_ = harness.make_round(slug)
    ids = harness.add_letters(round_, [item["text"] for item in items])
    if mode == "rebuild":
        rebuild(round_)
    else:
        for submission_id in ids:
            harness.recognise_one(submission_id)
    db.session.commit()
    campaign_of = harness.assignment(round_.id)
    return [campaign_of.get(sid, f"alone-{sid}") for sid in ids]


def report(name: str, items: list[dict], predicted: list[object]) -> tuple[float, float, float]:
    scores = bcubed([item["label"] for item in items], predicted)
    groups = defaultdict(set)
    for item, p in zip(items, predicted):
        groups[item["label"]].add(p)
    split = sum(1 for g in groups.values() if len(g) > 1)
    print(f"{name:<10} {len(items):>5} letters  precision {scores[0]:.4f}  recall {scores[1]:.4f}  "
          f"F1 {scores[2]:.4f}  ({len(set(predicted))} clusters found, {len(groups)} labelled; "
          f"{split} labelled groups split)")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, help="a set written by campaign_set.py (default: build it now)")
    parser.add_argument("--mode", choices=("online", "rebuild"), default="online")
    args = parser.parse_args()
    labelled = json.loads(args.set.read_text()) if args.set else campaign_set.build()
    app = harness.make_app()
    with app.app_context():
        worst = min(min(report("synthetic", labelled["synthetic"],
                               recognise(labelled["synthetic"], args.mode, "synthetic"))),
                    min(report("held-out", labelled["held_out"],
                               recognise(labelled["held_out"], args.mode, "held-out"))))
    print("target >= 0.98:", "met" if worst >= 0.98 else "MISSED")


if __name__ == "__main__":
    main()
