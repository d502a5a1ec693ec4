"""The grouping's quality on a small version of the labelled set (bench/campaign_set.py):
real templates from the corpus, copies with the edits senders make, distinct real comments."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from consult import db
from consult.campaigns import grouping
from consult.submissions.models import Submission

BENCH = Path(__file__).resolve().parents[2] / "bench"


def bench_module(name: str):
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_b_cubed_f1_of_a_small_labelled_set_is_at_least_098(app):
    campaign_set = bench_module("campaign_set")
    if not campaign_set.CORPUS.exists():
        pytest.skip("the shared corpus of real public comments is not on this machine")
    harness, quality = bench_module("campaign_harness"), bench_module("campaign_quality")
    items = campaign_set.build(templates=8, largest=30, seed=11)["synthetic"]
    round_ = harness.make_round("labelled")
    ids = harness.add_letters(round_, [item["text"] for item in items])
    for submission_id in ids:  # one by one, as they would arrive
        grouping.recognise(db.session.get(Submission, submission_id))
    campaign_of = harness.assignment(round_.id)
    predicted = [campaign_of.get(sid, f"alone-{sid}") for sid in ids]
    precision, recall, f1 = quality.bcubed([item["label"] for item in items], predicted)
    assert len({item["label"] for item in items if item["label"].startswith("campaign")}) == 8
    assert precision >= 0.98 and recall >= 0.98 and f1 >= 0.98, (precision, recall, f1)


def test_b_cubed_counts_a_wrong_merge_and_a_split():
    quality = bench_module("campaign_quality")
    assert quality.bcubed(["a", "a", "b"], [1, 1, 2]) == (1.0, 1.0, 1.0)
    precision, recall, _ = quality.bcubed(["a", "a", "b"], [1, 1, 1])
    assert precision == pytest.approx(5 / 9) and recall == 1.0
    precision, recall, _ = quality.bcubed(["a", "a", "b"], [1, 2, 3])
    assert precision == 1.0 and recall == pytest.approx(2 / 3)
