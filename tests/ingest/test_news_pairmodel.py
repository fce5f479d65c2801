"""The learned pair reader (`ingest.news.pairmodel`): what it may read, what it never reads, and its training.

The mechanism tests give the extractor small hand-written weights (a real `PairModel`, the same code path as the
shipped one), so what they assert does not move when the model is retrained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.news.extract import Extractor
from ingest.news.pairmodel import MODEL_PATH, PairModel, get_pair_model
from ingest.news.train_pairs import (
    DEFAULT_EXCLUDE,
    _digest,
    collect,
    cross_validate,
    fit,
    training_files,
)

_DATA = Path(__file__).resolve().parents[1] / "data"


def _pairs(ex: Extractor, text: str, lang: str) -> dict[tuple[str, str], str]:
    claims = ex.extract(text, lang=lang)
    return {(c.supplier.id, c.recipient.id): c.evidence.rule for c in claims if c.status.affirmative}


#: The party after "from" supplies: enough to orient a pair no rule joined.
_FROM = PairModel({"bias": 1.0, "Sp1:from": 3.0, "Rp1:from": -3.0}, 0.5)


def test_the_model_joins_a_pair_no_rule_joined_with_its_sentence_and_rule(extractor: Extractor) -> None:
    text = "Drones from Iran turned up in Russia's arsenal in the autumn."
    extractor.pair_model = None
    assert _pairs(extractor, text, "en") == {}  # the rules alone read no pair here
    extractor.pair_model = _FROM
    claims = extractor.extract(text, lang="en")
    assert [(c.supplier.id, c.recipient.id) for c in claims] == [("IR", "RU")]
    assert claims[0].evidence.rule.endswith(":model") and claims[0].evidence.text == text


def test_a_tie_between_the_two_directions_joins_nothing(extractor: Extractor) -> None:
    extractor.pair_model = PairModel({"bias": 5.0}, 0.5)  # every pair likely, in both directions alike
    assert _pairs(extractor, "Drones from Iran turned up in Russia's arsenal in the autumn.", "en") == {}


def test_a_negated_sentence_gets_no_affirmative_claim_from_the_model(extractor: Extractor) -> None:
    extractor.pair_model = _FROM
    text = "No drones from Iran ever turned up in Russia's arsenal, the ministry insisted."
    assert _pairs(extractor, text, "en") == {}


@pytest.mark.parametrize(
    "text",
    [
        # each party is the party of a verb of its own: two events
        "Taiwan received missiles, angering China, which sent warships.",
        # a place after its head word is no party
        "Russian cargo planes carrying munitions landed at the airport of Bamako, according to witnesses.",
    ],
)
def test_the_model_never_reads_what_the_rules_set_aside(extractor: Extractor, text: str) -> None:
    extractor.pair_model = PairModel({"bias": 4.0, "Sfirst": 3.0}, 0.5)  # would join any pair it is offered
    assert not any(rule.endswith(":model") for rule in _pairs(extractor, text, "en").values())


def test_a_pair_the_rules_claimed_is_never_read_again(extractor: Extractor) -> None:
    extractor.pair_model = PairModel({"bias": 4.0, "Rfirst": 3.0}, 0.5)  # prefers the first party as recipient
    got = _pairs(extractor, "Iran shipped drones to Russia.", "en")
    assert set(got) == {("IR", "RU")} and not got[("IR", "RU")].endswith(":model")


def test_explain_shows_the_models_probabilities(extractor: Extractor) -> None:
    extractor.pair_model = _FROM
    trace: list[str] = []
    extractor.extract("Drones from Iran turned up in Russia's arsenal in the autumn.", lang="en", trace=trace)
    assert any("pair model IR > RU p=" in line and "-> frame" in line for line in trace)
    assert any("pair model RU > IR p=" in line and "-> frame" not in line for line in trace)


_TALKS = "Iran and Syria held talks in Damascus on Monday. Dozens of drones were delivered to Russia last month."


def test_the_model_completes_a_one_party_frame_no_rule_completed(extractor: Extractor) -> None:
    extractor.pair_model = None
    assert _pairs(extractor, _TALKS, "en") == {}  # two possible suppliers before: the rules complete nothing
    extractor.pair_model = PairModel({"cbias": 1.0, "c:Sref:IR": 2.0}, 0.6)  # Iran is the likelier supplier
    claims = extractor.extract(_TALKS, lang="en")
    assert [(c.supplier.id, c.recipient.id) for c in claims] == [("IR", "RU")]
    assert claims[0].evidence.rule == "en:supply:delivered:model"
    assert claims[0].evidence.text.startswith("Dozens of drones")  # the one-party frame's sentence
    extractor.pair_model = PairModel({"cbias": 1.0, "c:Sref:SY": 2.0}, 0.6)
    assert set(_pairs(extractor, _TALKS, "en")) == {("SY", "RU")}
    extractor.pair_model = PairModel({"cbias": 0.2}, 0.6)  # no party likely enough
    assert _pairs(extractor, _TALKS, "en") == {}


def test_the_scores_the_extractor_uses_are_those_of_the_training_features(extractor: Extractor) -> None:
    model = get_pair_model()
    assert model is not None
    texts = [
        ("en", "Drones from Iran turned up in Russia's arsenal in the autumn."),
        ("en", _TALKS),
        ("fr", "Selon Kiev, des obus nord-coréens, livrés par train, alimentent l'artillerie russe."),
    ]
    for lang, text in texts:
        extractor.pair_model = None
        extractor.collect = []
        try:
            extractor.extract(text, lang=lang)
            rows = list(extractor.collect)
        finally:
            extractor.collect = None
        extractor.pair_model = model
        trace: list[str] = []
        extractor.extract(text, lang=lang, trace=trace)
        logged = [line.split(" p=")[1][:4] for line in trace if "pair model" in line]
        expected = {f"{model.probability(feats):.2f}" for _, _, feats, _ in rows}
        assert rows and set(logged) <= expected and len(logged) >= 1


def test_the_shipped_model_was_trained_on_the_current_labeled_sets_and_never_on_the_sets_to_score() -> None:
    model = get_pair_model()
    assert model is not None and 0 < model.threshold < 1
    meta = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["meta"]
    files = training_files()
    # a labeled set edited or added without retraining (`python -m ingest.news.train_pairs`) fails here
    assert meta["trained_on"] == [p.name for p in files]
    assert meta["data_digest"] == _digest(files)
    assert not set(meta["trained_on"]) & set(DEFAULT_EXCLUDE)


def test_a_bad_labeled_line_is_reported_with_its_file_and_line_and_the_rest_is_read(tmp_path: Path) -> None:
    good = json.loads((_DATA / "news-dev3.jsonl").read_text(encoding="utf-8").splitlines()[0])
    path = tmp_path / "news-x.jsonl"
    lines = [json.dumps(good), "{not json", json.dumps({"text": "Iran sent drones to Russia.", "transfers": [{}]})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    skipped: list[str] = []
    docs = collect([path], Extractor(), skipped)
    assert len(docs) == 1 and docs[0].group == "news-x"
    assert [s.split(": ")[0] for s in skipped] == [f"{path}:2", f"{path}:3"]
    assert "JSONDecodeError" in skipped[0] and "KeyError" in skipped[1]


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("{", "line 1"),
        ('{"version": 2, "weights": {}, "threshold": 0.4, "meta": {}}', "'version'"),
        ('{"version": 1, "threshold": 0.4, "meta": {}}', "'weights'"),
        ('{"version": 1, "weights": {"bias": "x"}, "threshold": 0.4, "meta": {}}', "'weights'"),
    ],
)
def test_a_file_that_is_not_a_pair_model_is_refused_by_name_and_field(tmp_path: Path, content: str, field: str) -> None:
    path = tmp_path / "pair_model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=field) as info:
        PairModel.load(path)
    assert str(path) in str(info.value)


def test_training_and_leave_one_set_out_run_on_real_sets() -> None:
    ex = Extractor()
    names = ("news-blind6a", "news-blind6b", "news-blind7b")
    docs = collect([_DATA / f"{name}.jsonl" for name in names], ex)
    assert ex.collect is None and ex.pair_model is get_pair_model()  # restored after collection
    assert {d.group for d in docs} == set(names)
    rows = [(a, b) in d.gold for d in docs for a, b, _, _ in d.rows]
    assert any(rows) and not all(rows)  # both labels occur among the candidate pairs
    weights = fit(docs)
    model = PairModel(weights, 0.5)
    probs = [model.probability(f) for d in docs for _, _, f, _ in d.rows]
    assert all(0.0 < p < 1.0 for p in probs) and max(probs) > min(probs)
    table = cross_validate(docs, 0.3)
    assert set(table) == set(names)
    for group, row in table.items():
        tp, _fp, fn = row["rules"]
        gold = sum(len(d.gold) for d in docs if d.group == group)
        assert tp + fn == gold  # every gold pair is either found or missed
    with pytest.raises(ValueError, match="both positive and negative"):
        fit([d for d in docs if not any((a, b) in d.gold for a, b, _, _ in d.rows)])


def test_skg_pair_model_0_runs_the_rules_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.settings import get_settings
    from ingest.news.extract import Extractor

    monkeypatch.setenv("SKG_PAIR_MODEL", "0")
    get_settings.cache_clear()
    try:
        assert Extractor().pair_model is None
    finally:
        monkeypatch.delenv("SKG_PAIR_MODEL")
        get_settings.cache_clear()
    assert Extractor().pair_model is not None
