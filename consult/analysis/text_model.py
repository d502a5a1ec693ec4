"""The round's passages as a TF-IDF matrix (scikit-learn), computed locally and cached.

Building the matrix costs seconds for a large round; every suggestion and the overview then
cost a sparse product over it. So the model is kept per round in the process, keyed by the
round's input version (``passages.input_version``): a submission received or edited makes
the next request rebuild it, nothing else does. Identical passages (campaign letters, quoted
paragraphs) are one row, so that copies neither weigh on the IDF nor crowd the suggestions.
"""
from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from flask import current_app
from scipy.sparse import csr_matrix  # scipy comes with scikit-learn
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from consult.analysis.passages import Passage, SubmissionFacts, input_version, round_passages

TOKEN = re.compile(r"[^\W\d_]{2,}")
# Input comes in English, French and Spanish: the commonest words of the three say nothing
# of a theme (sklearn ships the English list only).
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset("""
    le la les un une des du de d l et ou en au aux ce ces cet cette qui que quoi dont où ne pas
    plus pour par sur dans avec sans sous est sont être été a ont avoir il elle ils elles nous
    vous leur leurs son sa ses se qu s c j n y lui même aussi comme mais donc tout tous toutes
    el los las uno una unos unas del al y o u e ni que quien cual como pero por para con sin
    sobre entre es son ser fue han ha hay su sus lo le les se nos muy más mas también este esta
    estos estas ese esa eso sí si no ya
""".split())
CACHED_ROUNDS = 4  # per process; each model of a 10,000-submission round holds ~100 MB
VERSION_CHECK_SECONDS = 2.0


def analyse(text: str) -> list[str]:
    """Words and two-word phrases of ``text``, without the stop words (nor phrases across one)."""
    tokens = TOKEN.findall(text.lower())
    words = [t for t in tokens if t not in STOP_WORDS]
    pairs = [f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if a not in STOP_WORDS and b not in STOP_WORDS]
    return words + pairs


def passage_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class RoundModel:
    """The TF-IDF rows of a round's distinct passages and where each occurs."""

    version: tuple
    passages: list[Passage]
    facts: dict[int, SubmissionFacts]
    texts: list[str] = field(default_factory=list)  # distinct passage texts, one per row
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # passage → row
    occurrences: list[list[int]] = field(default_factory=list)  # row → passages
    by_part: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    by_submission: dict[int, list[int]] = field(default_factory=dict)
    row_of_hash: dict[str, int] = field(default_factory=dict)
    vectorizer: TfidfVectorizer | None = None
    matrix: object = None  # scipy CSR, rows × terms, each row of unit length
    terms: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    exact: dict[tuple[int, str, str], int] = field(default_factory=dict)  # (submission, part, text) → passage
    # Per theme: (signature of its tags and dismissals, query vector, rows not to suggest).
    queries: dict[int, tuple] = field(default_factory=dict)
    checked_at: float = 0.0  # when the round's input version was last compared (monotonic)

    @classmethod
    def build(cls, version: tuple, passages: list[Passage], facts: dict[int, SubmissionFacts]) -> RoundModel:
        model = cls(version, passages, facts)
        row_of_text: dict[str, int] = {}
        rows = np.empty(len(passages), dtype=np.int32)
        for i, passage in enumerate(passages):
            row = row_of_text.setdefault(passage.text, len(row_of_text))
            if row == len(model.occurrences):
                model.occurrences.append([])
            model.occurrences[row].append(i)
            rows[i] = row
            model.by_part.setdefault((passage.submission_id, passage.part), []).append(i)
            model.by_submission.setdefault(passage.submission_id, []).append(i)
            model.exact[(passage.submission_id, passage.part, passage.text)] = i
        model.rows, model.texts = rows, list(row_of_text)
        model.row_of_hash = {passage_hash(t): r for t, r in row_of_text.items()}
        if model.texts:
            model._fit()
        return model

    def _fit(self) -> None:
        n = len(self.texts)
        # Small rounds keep every word; large ones drop one-off words and words of every other passage.
        self.vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, dtype=np.float32,
                                          min_df=2 if n >= 2000 else 1, max_df=0.5 if n >= 200 else 1.0)
        try:
            self.matrix = self.vectorizer.fit_transform(self.texts).tocsr()
        except ValueError:  # nothing but stop words: no term to compare on
            self.vectorizer, self.matrix = None, None
            return
        self.terms = self.vectorizer.get_feature_names_out()

    @property
    def usable(self) -> bool:
        return self.matrix is not None

    # --- examples to vectors -------------------------------------------------------------------
    def rows_of(self, submission_id: int, part: str, passage: str) -> list[int]:
        """The rows of the passages a tag covers: the whole submission, or those overlapping
        its passage in its part."""
        exact = self.exact.get((submission_id, part, passage))
        if exact is not None:  # a confirmed suggestion, or a selection of one whole passage
            return [int(self.rows[exact])]
        if not part:
            indices = self.by_submission.get(submission_id, [])
        else:
            indices = [i for i in self.by_part.get((submission_id, part), [])
                       if passage and (passage in self.passages[i].text or self.passages[i].text in passage)]
        return sorted({int(self.rows[i]) for i in indices})

    def vector_sum(self, groups: list[list[int]], texts: list[str]) -> tuple[np.ndarray, int]:
        """The sum of the examples' vectors and their number; an example is a group of rows
        (averaged first) or a text not found among the passages (vectorised)."""
        total = np.zeros(self.matrix.shape[1], dtype=np.float32)
        groups = [g for g in groups if g]
        if groups:
            sizes = np.fromiter((len(g) for g in groups), dtype=np.int64, count=len(groups))
            weights = np.repeat((1.0 / sizes).astype(np.float32), sizes)
            columns = np.fromiter((r for g in groups for r in g), dtype=np.int32, count=int(sizes.sum()))
            pointers = np.concatenate(([0], np.cumsum(sizes)))
            selector = csr_matrix((weights, columns, pointers), shape=(len(groups), self.matrix.shape[0]))
            total += np.asarray((selector @ self.matrix).sum(axis=0)).ravel()
        if texts:
            total += np.asarray(self.vectorizer.transform(texts).sum(axis=0)).ravel()
        return total, len(groups) + len(texts)

    def top_terms(self, row: int, weights: np.ndarray, limit: int = 5) -> list[str]:
        """The terms of ``row`` that weigh most in its score against ``weights``."""
        start, end = self.matrix.indptr[row], self.matrix.indptr[row + 1]
        columns = self.matrix.indices[start:end]
        contributions = self.matrix.data[start:end] * weights[columns]
        best = np.argsort(-contributions)[:limit]
        return [str(self.terms[columns[i]]) for i in best if contributions[i] > 0]

    def key_phrases(self, rows: list[int], limit: int = 10) -> list[str]:
        """The terms weighing most in ``rows`` together, two-word phrases first among equals."""
        if not rows or not self.usable:
            return []
        total = np.asarray(self.matrix[sorted(set(rows))].sum(axis=0)).ravel()
        best = np.argsort(-total)[: limit * 3]
        phrases = [str(self.terms[i]) for i in best if total[i] > 0]
        # A word that is part of a chosen two-word phrase adds nothing beside it.
        covered = {word for phrase in phrases if " " in phrase for word in phrase.split()}
        chosen = [phrase for phrase in phrases if " " in phrase or phrase not in covered]
        return chosen[:limit]


# --- the cache ---------------------------------------------------------------------------------
_lock = threading.Lock()


def model_of(round_id: int) -> RoundModel:
    """The round's model, rebuilt when its input changed since the cached one was built. The
    version is compared at most every VERSION_CHECK_SECONDS: a person pressing y, y, y does
    not pay for the aggregate query each time."""
    cache: OrderedDict = current_app.extensions.setdefault("analysis_models", OrderedDict())
    cached = cache.get(round_id)
    if cached is not None and time.monotonic() - cached.checked_at < VERSION_CHECK_SECONDS:
        return cached
    version = input_version(round_id)
    with _lock:
        cached = cache.get(round_id)
        if cached is None or cached.version != version:
            passages, facts = round_passages(round_id)
            cached = cache[round_id] = RoundModel.build(version, passages, facts)
        cache.move_to_end(round_id)
        cached.checked_at = time.monotonic()
        while len(cache) > CACHED_ROUNDS:
            cache.popitem(last=False)
        return cached
