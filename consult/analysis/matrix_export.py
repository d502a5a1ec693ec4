"""The convergence matrix as open data: CSV (one line per theme and group) and JSON.

The same matrix as the page, for the same reader: the public export counts public input
only, like the public page; values are codes (``trade_union``, ``supports``) so that scripts
need no translation.
"""
from __future__ import annotations

import csv
import io
import json

from consult.analysis.matrix import STANCES, Matrix, Row
from consult.public.open_data import defuse_formula
from consult.rounds.models import Round

CSV_FIELDS = ["theme_id", "theme", "parent_theme", "convergence", "stakeholder_group", "submissions",
              "passages", *[s.value for s in STANCES], "dominant_stance"]


def _lines(row: Row):
    for group, cell in row.cells.items():
        yield {
            "theme_id": row.theme.id, "theme": row.theme.title,
            "parent_theme": row.theme.parent.title if row.theme.parent else "",
            "convergence": row.convergence.value, "stakeholder_group": group.value,
            "submissions": cell.submissions, "passages": cell.passages,
            **{s.value: cell.stances[s] for s in STANCES},
            "dominant_stance": cell.dominant.value if cell.dominant else "",
        }


def as_csv(matrix: Matrix) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in matrix.rows:
        for line in _lines(row):
            writer.writerow({k: defuse_formula(v) for k, v in line.items()})
    return out.getvalue()


def as_json(round_: Round, matrix: Matrix) -> str:
    themes = [{
        "id": row.theme.id, "title": row.theme.title,
        "parent": row.theme.parent.title if row.theme.parent else None,
        "convergence": row.convergence.value,
        "silent_groups": [g.value for g in row.silent],
        "cells": {g.value: {"submissions": c.submissions, "passages": c.passages,
                            "stances": {s.value: c.stances[s] for s in STANCES},
                            "dominant_stance": c.dominant.value if c.dominant else None}
                  for g, c in row.cells.items()},
    } for row in matrix.rows]
    document = {"round": round_.slug, "public_input_only": matrix.public, "filters": matrix.filters.as_args(),
                "stakeholder_groups": [g.value for g in matrix.groups], "themes": themes}
    return json.dumps(document, ensure_ascii=False, indent=1)
