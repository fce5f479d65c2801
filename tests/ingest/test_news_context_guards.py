"""Guards of context completion (`ingest.news.context`): a refused frame names no party for other sentences, a
topic is not taken from a pair whose own party the sentence names, and no own-clause pair is read around a party
that is a partner, a place or a design. Each test checks the claims and the `--explain` line that says why."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.news.extract import get_extractor

_DAY = date(2024, 5, 1)


def _claims(text: str, lang: str, trace: list[str]) -> dict[tuple[str, str], str]:
    claims = get_extractor().extract(text, published=_DAY, lang=lang, trace=trace)
    return {(c.supplier.id, c.recipient.id): c.evidence.rule for c in claims if c.status.affirmative}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "В мае Иран отказался продать России беспилотники. С тех пор Иран поставил другие беспилотники."),
        ("es", "Francia se negó a vender fragatas a Rusia en 2015. Francia ha entregado desde entonces más fragatas."),
    ],
)
def test_a_refused_frame_completes_no_other_frame(lang: str, text: str) -> None:
    trace: list[str] = []
    assert _claims(text, lang, trace) == {}  # the refusal says who would be the parties, not who are
    assert any("refused frame(s) of the document name no party" in line for line in trace)


def test_a_negated_frame_still_names_the_parties() -> None:
    # only a refusal or a warning is kept out: a negation still tells who the document's parties are
    trace: list[str] = []
    text = "Iran has not handed Russia the launchers yet. Moscow already received ballistic missiles in May."
    assert _claims(text, "en", trace)[("IR", "RU")].endswith(":ctx>subj")


def test_no_topic_from_a_pair_whose_own_party_the_sentence_names() -> None:
    trace: list[str] = []
    text = (
        "Литва отримала від Норвегії пускові установки NASAMS. Україна отримала такі ж пускові установки NASAMS, "
        "як і Литва."
    )
    claims = _claims(text, "uk", trace)
    assert ("NO", "UA") not in claims and ("NO", "LT") in claims
    assert any("no topic from NO > LT: the sentence names its own party" in line for line in trace)


def test_a_purpose_clause_takes_its_buyer_as_supplier() -> None:
    # the buyer is the subject of the purpose clause ("щоб передати їх Україні"): LT > UA, never NO > UA
    trace: list[str] = []
    text = (
        "Литва отримала від Норвегії пускові установки NASAMS. Раніше литовське відомство купувало пускові "
        "установки NASAMS, щоб передати їх Україні."
    )
    claims = _claims(text, "uk", trace)
    assert ("NO", "UA") not in claims and ("NO", "LT") in claims
    assert claims[("LT", "UA")].endswith(":carry>obj")


def test_a_parallel_party_still_takes_the_topic() -> None:
    trace: list[str] = []
    text = "Poland handed MiG-29 fighters to Ukraine last month. Slovakia has also sent MiG-29 fighters."
    claims = _claims(text, "en", trace)
    assert claims[("SK", "UA")].endswith(":subj>topic")


@pytest.mark.parametrize(
    ("lang", "text", "party"),
    [
        (
            "fr",
            "Trois avions-cargos russes chargés de munitions ont atterri lundi à l'aéroport de Bamako, selon des "
            "témoins.",
            "Bamako",
        ),
    ],
)
def test_no_own_clause_pair_around_a_place_partner_or_design(lang: str, text: str, party: str) -> None:
    trace: list[str] = []
    assert _claims(text, lang, trace) == {}
    assert any(f"its own party {party!r} is a partner, a place or a design" in line for line in trace)
