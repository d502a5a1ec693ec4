"""Both engines answer the same searches the same way, through the interface the pages use.

One small index per engine for the whole module (built straight from documents, no
database): the page-level tests beside this one cover the database side on both engines.
"""
from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest

from consult.search import engine as engines
from consult.search import index, searcher
from tests.search.conftest import ENGINES

FILLER = ("The consultation heard many voices on labour mobility, skills, pensions and integration. " * 12)


def doc(submission_id, title, text, *, language="en", round_id=1, group="civil_society", country="PH",
        sessions=(), when=(2025, 1, 1), organisation=None):
    published = datetime(*when, tzinfo=timezone.utc)
    return index.document(submission_id=submission_id, title=title, texts=[text], organisation=organisation,
                          round_id=round_id, group=group, country=country, language=language,
                          session_ids=list(sessions), published_ts=int(published.timestamp()), year=published.year)


DOCUMENTS = [
    doc(1, "Remittance corridors", "Costs of sending money home.", sessions=[11, 12], when=(2025, 3, 1)),
    doc(2, "Labour rights", FILLER + "One remittance was late. " + FILLER + "Two corridors were named.",
        group="trade_union", country="MX", sessions=[12], when=(2024, 5, 1)),
    doc(3, "Sobre remesas", "Las migraciones laborales y las remesas de los trabajadores.", language="es",
        round_id=2, country="MX", when=(2026, 2, 1)),
    doc(4, "Sur les travailleurs", "Les travailleurs migrants paient des frais de recrutement élevés.",
        language="fr", round_id=2, group="academia", country="SN", sessions=[21], when=(2023, 7, 1)),
    doc(5, "Debt", "Recruitment fees create debt bondage.", sessions=[11], when=(2025, 6, 1)),
    doc(6, "Wages", "Fees for recruitment are deducted from wages.", round_id=2, group="trade_union",
        when=(2025, 9, 1)),
    doc(7, "Arbeitsmigration", "Über Rücküberweisungen und Migration.", language="de", country="",
        when=(2024, 1, 1)),
    doc(8, "Care work", "Domestic workers abroad.", organisation="Migrant Forum Asia", when=(2025, 11, 1)),
]


@pytest.fixture(scope="module", params=ENGINES)
def engine_searcher(request, tmp_path_factory):
    engine = engines.get(request.param)
    base = index.engine_dir(tmp_path_factory.mktemp(request.param), engine.name)
    generation = index.new_generation(base, engine)
    writer = engine.writer(generation, bulk=True)
    for document in DOCUMENTS:
        writer.add(document)
    writer.commit()
    index.swap_in(base, generation)
    worker = engine.open_searcher(base)
    yield worker
    worker.close()


def found(worker, text, sort="relevance", **filters):
    return worker.search(text, filters=filters, page=1, per_page=20, sort=sort)


def ids(worker, text, **filters) -> set[int]:
    return set(found(worker, text, **filters).ids)


def test_stemming_and_accent_folding_in_three_languages(engine_searcher):
    assert ids(engine_searcher, "migración") == ids(engine_searcher, "migracion") == {3}
    assert ids(engine_searcher, "remesa") == {3}
    assert ids(engine_searcher, "travailleur") == {4}
    assert ids(engine_searcher, "recrutés") == {4}
    assert ids(engine_searcher, "recruiting fee") == {5, 6}
    assert ids(engine_searcher, "Rückuberweisungen") == {7}  # other languages: folded, not stemmed


def test_phrases_count_exactly_or_say_they_estimate(engine_searcher):
    outcome = found(engine_searcher, '"recruitment fees"')
    assert outcome.ids == [5]
    assert (outcome.total, outcome.estimated) in {(1, False), (2, True)}


def test_or_exclusion_not_and_groups(engine_searcher):
    assert ids(engine_searcher, "bondage OR remittance") == {1, 2, 5}
    assert ids(engine_searcher, "recruitment -bondage") == {6}
    assert ids(engine_searcher, "fees NOT wages") == {5}
    assert ids(engine_searcher, "(bondage OR wages) fees") == {5, 6}
    assert ids(engine_searcher, "+debt fees") == {5}


def test_a_trailing_star_finds_every_word_it_begins(engine_searcher):
    assert ids(engine_searcher, "remit*") == {1, 2}
    assert ids(engine_searcher, "corrid*") == {1, 2}
    assert 3 in ids(engine_searcher, "migra*") and 7 in ids(engine_searcher, "migra*")


def test_the_organisation_name_is_searched_and_common_words_never_narrow_a_search(engine_searcher):
    assert ids(engine_searcher, "forum") == {8}
    assert ids(engine_searcher, "asia domestic") == {8}
    assert ids(engine_searcher, "the bondage") == {5}
    assert ids(engine_searcher, "deducted from wages") == {6}
    assert ids(engine_searcher, "migration and remittances") == ids(engine_searcher, "migration remittances")


def test_a_document_with_every_word_in_its_title_ranks_above_one_mention(engine_searcher):
    assert found(engine_searcher, "remittance corridors").ids == [1, 2]
    assert found(engine_searcher, "remittance OR corridors").ids == [1, 2]


def test_facets_count_under_every_other_filter_and_sessions_count_each_value(engine_searcher):
    everything = found(engine_searcher, None, sort="date")
    assert everything.total == len(DOCUMENTS)
    assert everything.facets["session"] == {"11": 2, "12": 2, "21": 1}
    assert everything.facets["country"] == {"PH": 4, "MX": 2, "SN": 1}  # no country: not counted
    narrowed = found(engine_searcher, "fees", group="trade_union")
    assert narrowed.ids == [6] and narrowed.total == 1
    assert narrowed.facets["group"] == {"civil_society": 1, "trade_union": 1}  # its own filter ignored
    assert narrowed.facets["round"] == {"2": 1}
    by_session = found(engine_searcher, None, sort="date", session="12")
    assert set(by_session.ids) == {1, 2}
    assert by_session.facets["session"] == {"11": 2, "12": 2, "21": 1}
    assert by_session.facets["group"] == {"civil_society": 1, "trade_union": 1}
    assert found(engine_searcher, "remittance", year="2026").ids == []


def test_sort_by_date_newest_first_and_pages(engine_searcher):
    newest_first = [3, 8, 6, 5, 1, 2, 7, 4]
    assert found(engine_searcher, None, sort="date").ids == newest_first
    second = engine_searcher.search(None, filters={}, page=2, per_page=3, sort="date")
    assert second.ids == newest_first[3:6] and second.total == 8


def test_replace_and_remove_show_at_the_next_search(tmp_path):
    for name in ENGINES:
        engine = engines.get(name)
        base = index.engine_dir(tmp_path, name)
        generation = index.current_or_new(base, engine)
        worker = searcher.for_worker(str(tmp_path), name)
        writer = engine.writer(generation)
        writer.add(DOCUMENTS[0])
        writer.add(DOCUMENTS[4])
        writer.commit()
        assert set(worker.search("remittance OR debt", filters={}, page=1, per_page=20, sort="relevance").ids) == {1, 5}
        writer = engine.writer(generation)
        writer.replace(doc(1, "Remittance corridors", "Now about debt."))
        writer.remove(5)
        writer.commit()
        assert worker.search("debt", filters={}, page=1, per_page=20, sort="relevance").ids == [1], name
        assert engine.ids(generation) == {1} and worker.doc_count() == 1
        searcher.close_all()


def test_a_search_past_the_time_cap_says_its_results_may_be_incomplete(tmp_path, monkeypatch):
    """tantivy's cap: the worker stops waiting (here for a search held back on purpose)."""
    from consult.search import tantivy_engine

    engine = engines.get("tantivy")
    base = index.engine_dir(tmp_path, "tantivy")
    generation = index.current_or_new(base, engine)
    writer = engine.writer(generation)
    writer.add(DOCUMENTS[0])
    writer.commit()
    release = threading.Event()
    slow_top = tantivy_engine._top

    def held(*args):
        release.wait()
        return slow_top(*args)

    monkeypatch.setattr(tantivy_engine, "_top", held)
    monkeypatch.setattr(tantivy_engine, "TIME_LIMIT", 0.01)
    worker = engine.open_searcher(base)
    outcome = worker.search("remittance", filters={}, page=1, per_page=20, sort="relevance")
    release.set()
    assert outcome.timed_out and outcome.ids == []
    worker.close()
