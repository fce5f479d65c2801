"""One-party frames completed from the document (`ingest.news.context`): the rule, and what extraction makes of
it (confidence, rule name, supporting sentence, trace)."""

from __future__ import annotations

from datetime import date

import pytest

from graph.vocab import TransferStatus
from ingest.news.context import (
    DOCUMENT_TOPIC_SCORE,
    JOINED_SCORE,
    SAME_ROLE_SCORE,
    TOPIC_SCORE,
    Known,
    complete,
    joined,
)
from ingest.news.extract import get_extractor
from ingest.news.frames import Frame
from tests.factories import news_frame as _frame


def _known(index: int, supplier: str, recipient: str) -> Known:
    return Known(index, _frame(supplier, recipient), index * 100, index * 100 + 90)


def test_same_role_takes_the_counterpart_of_the_nearest_sentence_before() -> None:
    known = [_known(0, "KP", "RU"), _known(2, "IR", "RU"), _known(6, "BY", "RU")]
    done = complete(_frame("", "RU", how="?>subj", cls="acquire"), 4, known)
    assert done is not None and done.how == "same-role"
    assert (done.frame.supplier, done.frame.recipient) == ("IR", "RU")
    assert done.source.sentence == 2
    assert done.frame.how == "ctx>subj" and done.frame.score == pytest.approx(SAME_ROLE_SCORE)


def test_topic_gives_a_new_party_the_pair_of_another_sentence() -> None:
    done = complete(_frame("SK", "", how="subj>?"), 1, [_known(0, "PL", "UA")])
    assert done is not None and done.how == "topic"
    assert (done.frame.supplier, done.frame.recipient) == ("SK", "UA")
    assert done.frame.how == "subj>topic" and done.frame.score == pytest.approx(TOPIC_SCORE)


@pytest.mark.parametrize(
    ("partial", "index", "known"),
    [
        # the topic is never the sentence's own frame: its other frames have their own parties
        (_frame("SK", "", how="subj>?"), 0, [_known(0, "PL", "UA")]),
        # a party the document gives the other role ("Poland handed MiGs to Ukraine ... Poland receives")
        (_frame("", "PL", how="?>subj", cls="acquire"), 1, [_known(0, "PL", "UA")]),
        # the origin of weapons ("Ukrainian F-16s shoot down Russian missiles") takes no topic
        (_frame("RU", "", how="origin>?", origin=True), 1, [_known(0, "DK", "UA")]),
        # too far away, in a document whose pairs name two counterparts (one only would be its topic: below)
        (_frame("SK", "", how="subj>?"), 9, [_known(0, "PL", "UA"), _known(1, "DE", "MD")]),
    ],
)
def test_no_completion(partial: Frame, index: int, known: list[Known]) -> None:
    assert complete(partial, index, known) is None


def test_document_topic_reaches_far_when_every_pair_shares_the_counterpart() -> None:
    # an article about what Ukraine receives: a party named alone late in it takes Ukraine
    done = complete(_frame("SK", "", how="subj>?"), 9, [_known(0, "PL", "UA"), _known(1, "DE", "UA")])
    assert done is not None and done.how == "document-topic"
    assert (done.frame.supplier, done.frame.recipient) == ("SK", "UA")
    assert done.frame.how == "subj>topic" and done.frame.score == pytest.approx(DOCUMENT_TOPIC_SCORE)
    # a near topic keeps its own name and score
    near = complete(_frame("SK", "", how="subj>?"), 2, [_known(0, "PL", "UA")])
    assert near is not None and near.how == "topic" and near.frame.score == pytest.approx(TOPIC_SCORE)


def test_joined_takes_the_side_of_the_one_complementary_frame_nearby() -> None:
    spans = [(i * 100, i * 100 + 90) for i in range(6)]
    arrived = _frame("", "RU", how="?>dest", cls="move")
    done = joined(arrived, 2, [(1, _frame("IR", "", how="from>?", cls="move")), (2, arrived)], spans)
    assert done is not None and done.how == "joined"
    assert (done.frame.supplier, done.frame.recipient) == ("IR", "RU")
    assert done.frame.how == "join>dest" and done.frame.score == pytest.approx(JOINED_SCORE)
    assert done.source.sentence == 1 and (done.source.start, done.source.end) == spans[1]


@pytest.mark.parametrize(
    "others",
    [
        # two suppliers named alone nearby: which one is not said
        [(1, _frame("IR", "", how="from>?", cls="move")), (3, _frame("KP", "", how="subj>?"))],
        # too far away
        [(5, _frame("IR", "", how="from>?", cls="move"))],
        # a rival recipient named alone nearby
        [(1, _frame("IR", "", how="from>?", cls="move")), (3, _frame("", "BY", how="?>dest", cls="move"))],
        # who uses weapons made abroad is no party of a transfer frame
        [(1, _frame("IR", "", how="origin>?", cls="use"))],
    ],
)
def test_joined_needs_one_complementary_frame_and_no_rival(others: list[tuple[int, Frame]]) -> None:
    spans = [(i * 100, i * 100 + 90) for i in range(6)]
    assert joined(_frame("", "RU", how="?>dest", cls="move"), 2, others, spans) is None


def test_extraction_fills_the_recipient_from_the_sentence_before() -> None:
    text = "Poland has handed four MiG-29 fighters to Ukraine. Slovakia has also transferred its MiG-29 jets."
    trace: list[str] = []
    claims = get_extractor().extract(text, published=date(2023, 4, 1), lang="en", trace=trace)
    by_pair = {(c.supplier.id, c.recipient.id): c for c in claims}
    assert set(by_pair) == {("PL", "UA"), ("SK", "UA")}
    direct, inferred = by_pair[("PL", "UA")], by_pair[("SK", "UA")]
    assert inferred.status is TransferStatus.DELIVERED
    assert inferred.confidence < direct.confidence
    assert inferred.evidence.rule.endswith(":subj>topic")
    # the claim's sentence is its own; the sentence that named Ukraine goes with it
    assert inferred.evidence.text.startswith("Slovakia")
    assert inferred.evidence.context == (direct.evidence.start, direct.evidence.end)
    assert inferred.to_json()["evidence"]["context"]["text"].startswith("Poland")
    assert direct.evidence.context is None and "context" not in direct.to_json()["evidence"]
    assert any("partial frame completed (topic, from sentence 0: PL > UA)" in line for line in trace)


def test_a_later_arrival_makes_a_promised_transfer_delivered() -> None:
    text = "Spain will send Leopard tanks to Ukraine. The first tanks arrived in Ukraine on Monday."
    claims = get_extractor().extract(text, published=date(2023, 4, 1), lang="en")
    assert [(c.supplier.id, c.recipient.id, c.status) for c in claims] == [("ES", "UA", TransferStatus.DELIVERED)]
    assert ":ctx>" in claims[0].evidence.rule


def test_a_negation_in_the_concession_does_not_reach_the_received_missiles() -> None:
    # "not handed the launchers, though Moscow already received the missiles": the receipt is affirmative
    text = (
        "Iran nie dostarczył Rosji mobilnych wyrzutni do pocisków Fath-360, choć same pociski Moskwa już "
        "otrzymała, podała agencja Reuters."
    )
    claims = get_extractor().extract(text, published=date(2024, 9, 21), lang="pl")
    statuses = {c.status for c in claims if (c.supplier.id, c.recipient.id) == ("IR", "RU")}
    assert TransferStatus.DELIVERED in statuses


def test_a_transfer_noun_owned_by_its_party_claims_nothing() -> None:
    # "a moratorium on arms exports": Kazakhstan owns the noun; no recipient of its own, none from the text
    text = (
        "Kazakhstan imposed a one-year moratorium on exports of weapons, the government said. "
        "Officials stressed the country does not supply weapons to Russia."
    )
    trace: list[str] = []
    claims = get_extractor().extract(text, published=date(2023, 4, 1), lang="en", trace=trace)
    assert not [c for c in claims if c.status.affirmative]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Перші шість іспанських танків Leopard 2A4 прибули судном до польського порту, звідки їх передадуть "
            "Україні, повідомила міністерка.",
            "uk",
        ),
        ("Spain shipped Leopard tanks to Poland, from where they were taken to Ukraine.", "en"),
    ],
)
def test_a_destination_before_from_where_is_a_stage_of_the_route(text: str, lang: str) -> None:
    trace: list[str] = []
    claims = get_extractor().extract(text, published=date(2023, 4, 1), lang=lang, trace=trace)
    assert {(c.supplier.id, c.recipient.id) for c in claims} == {("ES", "UA")}
    assert claims[0].evidence.rule.endswith(">onward")
    assert any("transit: PL is a stage of the route" in line for line in trace)


def test_without_a_party_after_from_where_the_destination_stands() -> None:
    text = "Spain shipped Leopard tanks to Poland, from where they crossed the border."
    claims = get_extractor().extract(text, published=date(2023, 4, 1), lang="en")
    assert {(c.supplier.id, c.recipient.id) for c in claims} == {("ES", "PL")}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Mali otrzymało nową partię maszyn, w tym tureckie drony Bayraktar TB2 oraz rosyjskie samoloty L-39.", "pl"),
        ("Mali received Turkish Bayraktar drones and Russian L-39 aircraft last week.", "en"),
    ],
)
def test_each_origin_of_the_weapons_received_supplies(text: str, lang: str) -> None:
    claims = get_extractor().extract(text, published=date(2023, 4, 1), lang=lang)
    assert {(c.supplier.id, c.recipient.id) for c in claims} == {("TR", "ML"), ("RU", "ML")}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Malí recibió este jueves un nuevo lote de drones turcos Bayraktar TB2 en una ceremonia en el aeropuerto "
            "de Bamako.",
            "es",
        ),
        ("A Turquia recebeu as primeiras peças do sistema russo S-400 na base aérea perto de Ancara.", "pt"),
    ],
)
def test_the_recipients_own_place_after_de_is_no_supplier(text: str, lang: str) -> None:
    claims = get_extractor().extract(text, published=date(2023, 4, 1), lang=lang)
    assert {(c.supplier.id, c.recipient.id) for c in claims} in ({("TR", "ML")}, {("RU", "TR")})
    assert all(c.evidence.rule.endswith("origin>subj") for c in claims)


def test_a_plural_anaphor_stands_for_the_list_named_before() -> None:
    text = (
        "Головнокомандувач ЗСУ Валерій Залужний подякував Польщі та Чехії за танки Т-72, які ці країни передали "
        "Україні."
    )
    trace: list[str] = []
    claims = get_extractor().extract(text, published=date(2023, 4, 1), lang="uk", trace=trace)
    assert {(c.supplier.id, c.recipient.id) for c in claims} == {("PL", "UA"), ("CZ", "UA")}
    assert any("plural anaphor 'ці країни'" in line and "PL, CZ" in line for line in trace)


def test_a_plural_anaphor_without_a_list_stands_for_nothing() -> None:
    text = "Germany met officials in Brussels on Monday. These countries have delivered tanks to Ukraine."
    claims = get_extractor().extract(text, published=date(2023, 4, 1), lang="en")
    assert not claims


def test_a_group_noun_stands_for_the_group_named_before() -> None:
    text = (
        "Chinese-made howitzers have turned up in the hands of Sudan's Rapid Support Forces, Amnesty said. "
        "The weapons were re-exported by Abu Dhabi to the paramilitaries, the group said."
    )
    trace: list[str] = []
    claims = get_extractor().extract(text, published=date(2025, 5, 8), lang="en", trace=trace)
    assert ("AE", "Rapid Support Forces") in {(c.supplier.id, c.recipient.name) for c in claims}
    assert any("mention actor" in line and "'paramilitaries'" in line for line in trace)


def test_a_group_noun_with_two_groups_before_stands_for_neither() -> None:
    text = (
        "Iran armed the Houthis and Hezbollah for years. "
        "Weapons were shipped by Tehran to the militia last month."
    )
    claims = get_extractor().extract(text, published=date(2025, 5, 8), lang="en")
    assert "Hezbollah" not in {c.recipient.name for c in claims if c.evidence.start > 40}
    assert "Houthis" not in {c.recipient.name for c in claims if c.evidence.start > 40}


def test_a_coordinated_list_is_not_read_as_supplier_and_recipient_of_each_other() -> None:
    text = "Dänemark und die Niederlande werden der Ukraine Kampfjets vom Typ F-16 überlassen."
    trace: list[str] = []
    claims = get_extractor().extract(text, published=date(2023, 8, 20), lang="de", trace=trace)
    pairs = {(c.supplier.id, c.recipient.id) for c in claims}
    assert ("DK", "NL") not in pairs and ("NL", "DK") not in pairs
    # the frame keeps the subject's conjuncts out of its objects, so both suppliers reach the dative recipient
    assert {("DK", "UA"), ("NL", "UA")} <= pairs
    assert any("frame DK > UA by supply trigger 'überlassen' roles subj>obj" in line for line in trace)


def test_a_joined_pair_is_as_certain_as_its_weaker_half() -> None:
    # no sentence names two parties: Iran (sentence 1) and Russia (sentence 2) join; the destination is only
    # reported, so the pair is alleged, though "Iran sent drones" alone reads as delivered
    text = (
        "Inspectors examined the ship on Monday. Last week Iran sent drones. "
        "The drones were reportedly destined for Russia."
    )
    trace: list[str] = []
    claims = get_extractor().extract(text, published=date(2023, 4, 1), lang="en", trace=trace)
    assert [(c.supplier.id, c.recipient.id, c.status) for c in claims] == [("IR", "RU", TransferStatus.ALLEGED)]
    assert ">join" in claims[0].evidence.rule or "join>" in claims[0].evidence.rule
    assert any(line.strip().startswith("joined: alleged, as the half from sentence 2") for line in trace)
