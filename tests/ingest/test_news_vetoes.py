"""Precision vetoes (`ingest.news.vetoes`): what reads like a transfer and is none. Each test runs the real
extractor on a sentence with and without the construction the veto reads, so a veto that stops firing (or fires
on the plain sentence) fails."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from graph.vocab import ActorKind, TransferStatus
from ingest.news.extract import get_extractor
from ingest.news.frames import Frame
from ingest.news.vetoes import veto_chains


def _pairs(text: str, lang: str = "en") -> dict[str, str]:
    """Affirmative claims as {"IR>RU": status}."""
    out = {}
    for c in get_extractor().extract(text, lang=lang):
        if c.status.affirmative:
            s = c.supplier.id if c.supplier.kind is ActorKind.STATE else c.supplier.name
            r = c.recipient.id if c.recipient.kind is ActorKind.STATE else c.recipient.name
            out[f"{s}>{r}"] = c.status.value
    return out


@pytest.mark.parametrize(
    ("plain", "vetoed", "lang", "gone", "kept"),
    [
        # permission: the permitter is no supplier; the permitted keeps its own transfer
        (
            "The United States handed over drones to Ukraine.",
            "The United States gave its partners permission to hand over drones to Ukraine.",
            "en",
            "US>UA",
            None,
        ),
        (
            "США передали Києву американські винищувачі.",
            "США дали партнерам дозвіл на передачу американських винищувачів Києву.",
            "uk",
            "US>UA",
            None,
        ),
        # troops in the same sentence as arms
        (
            "Iran delivered drones to Russia, and North Korea sent shells to Russia.",
            "Iran delivered drones to Russia, and North Korea sent soldiers to Russia.",
            "en",
            "KP>RU",
            "IR>RU",
        ),
        # technology or know-how is not arms
        (
            "A Rússia está a transferir para a Coreia do Norte drones do tipo Shahed-136.",
            "A Rússia está a transferir para a Coreia do Norte tecnologia de drones do tipo Shahed-136.",
            "pt",
            "RU>KP",
            None,
        ),
        # the seizer is never the supplier
        (None, "Israeli naval commandos boarded a cargo ship between Eritrea and Sudan.", "en", "IL>SD", None),
        # an attacked place is no recipient
        (
            "Um dos mísseis foi fornecido à Ucrânia pela Coreia do Norte.",
            "Um dos mísseis que atingiram Kiev foi fornecido pela Coreia do Norte.",
            "pt",
            "KP>UA",
            None,
        ),
        # a list needs a conjunction: "to Russia, US Secretary of State ... said" is none
        (
            "Iran has delivered missiles to Russia and the United States, officials said.",
            "Iran has delivered missiles to Russia, US Secretary of State Antony Blinken said.",
            "en",
            "IR>US",
            "IR>RU",
        ),
        # intention and readiness are no transfer
        (
            "Poland handed over its MiG-29 fighters to Ukraine.",
            "Poland is ready to hand over all of its MiG-29 fighters to Ukraine if allies join in.",
            "en",
            "PL>UA",
            None,
        ),
        (
            "Rosja przekazała Iranowi drony bojowe.",
            "Rosja zamierza przekazać Iranowi drony bojowe.",
            "pl",
            "RU>IR",
            None,
        ),
        # "venir de" before a verb is a recent past, not an origin
        (None, "Paris vient d'expédier à Kiev des lance-roquettes, au large de l'Égypte.", "fr", "EG>FR", "FR>UA"),
        # accuser: who accuses another state is the claimant; the accused supplies (alleged)
        ("Israel entregó armas a Hamás.", "Israel acusa además a Irán de armar a Hamás.", "es", "IL>Hamas", "IR>Hamas"),
        (
            "Israel supplied drones to Hamas.",
            "Israel accuses Iran of supplying drones to Hamas.",
            "en",
            "IL>Hamas",
            None,
        ),
        # permitter: a party followed by a permission word asks for or gives permission
        (
            "Polska przekazała Niemcom czołgi Leopard 2.",
            "Polska wystąpiła formalnie do Niemiec o zgodę na przekazanie Ukrainie czołgów Leopard 2.",
            "pl",
            "PL>DE",
            None,
        ),
        # located: a state after a locative that follows another party is that party's place
        (
            "Россия снабжает оружием Ливию.",
            "Вооружённые силы России напрямую снабжают оружием и техникой наёмников ЧВК Вагнера в Ливии.",
            "ru",
            "RU>LY",
            None,
        ),
        (
            "Iran delivered missiles to Yemen.",
            "Iran delivered missiles to the Houthis in Yemen.",
            "en",
            "IR>YE",
            "IR>Houthis",
        ),
        # apposition: "rival de Rabat" qualifies Algeria, Rabat is no source
        (
            "Marruecos vendió cazas a Argelia.",
            "Argelia, rival regional de Rabat, ha comprado cazas rusos.",
            "es",
            "MA>DZ",
            None,
        ),
        # source name: "mando" after "según el" is the command, not "mandó"
        (
            None,
            "Soldados ucranianos recuperaron un dron de origen iraní entregado a Rusia, según el mando militar de"
            " Kiev.",
            "es",
            "UA>RU",
            "IR>RU",
        ),
        # destroyer: who destroys a plant is not the supplier of what it makes
        (
            "Israele ha consegnato missili a Hezbollah.",
            "Il raid israeliano ha distrutto un impianto costruito dall'Iran per produrre missili da consegnare a"
            " Hezbollah.",
            "it",
            "IL>Hezbollah",
            "IR>Hezbollah",
        ),
        # stance: who denounces a use does not use
        (
            "Estados Unidos usó misiles norcoreanos.",
            "Estados Unidos ya había denunciado en enero el uso de misiles norcoreanos contra Ucrania.",
            "es",
            "KP>US",
            None,
        ),
        # denials by calling a report fake, split German "wies ... zurück", Konjunktiv "könne"
        (
            "Россия закупает у КНДР снаряды.",
            "В Кремле назвали фейком сообщения о том, что Россия закупает у КНДР снаряды.",
            "ru",
            "KP>RU",
            None,
        ),
        (
            "China liefert Moskau Waffen.",
            "Als Falschinformation wies Sprecher Wang den amerikanischen Verdacht zurück, China könne Moskau Waffen"
            " liefern.",
            "de",
            "CN>RU",
            None,
        ),
        # cancellation: a cancelled purchase is no transfer
        (
            "Spain bought ammunition from Israel.",
            "Spain cancelled its order for ammunition from Israel.",
            "en",
            "IL>ES",
            None,
        ),
        # goods: oil paid for with shells is no arms transfer
        (
            "Russia shipped shells to North Korea.",
            "Russia shipped oil to North Korea in exchange for shells.",
            "en",
            "RU>KP",
            None,
        ),
        # a subject pronoun of the trigger's own clause: the actor of the clause before is not the subject
        (
            "Belarus received Chinese air defence systems in 2022.",
            "Serbia flies MiG-29s delivered by Russia and Belarus, and it received Chinese air defence systems in"
            " 2022.",
            "en",
            "CN>BY",
            "BY>RS",
        ),
        # a negated verb governs the participle of its object
        (None, "Russia has never received any artillery shells supplied by Iran.", "en", "IR>RU", None),
        # a maker read from the weapons' origin is no supplier when the sentence names the supplier
        (
            "The Houthis received Chinese drones.",
            "The Houthis received Chinese drones from Iran.",
            "en",
            "CN>Houthis",
            "IR>Houthis",
        ),
    ],
)
def test_veto_removes_the_pair_the_construction_denies(
    plain: str | None, vetoed: str, lang: str, gone: str, kept: str | None
) -> None:
    if plain is not None:  # without the construction, the pair is a transfer
        assert gone in _pairs(plain, lang)
    after = _pairs(vetoed, lang)
    assert gone not in after, after
    if kept is not None:
        assert kept in after, after


def test_chain_gives_the_two_links_and_not_the_end_to_end_pair() -> None:
    text = (
        "Ukraine received German tanks in May. Germany had sold the tanks to the United States, and the United "
        "States handed them over to Ukraine."
    )
    got = _pairs(text)
    assert {"DE>US", "US>UA"} <= got.keys()
    assert "DE>UA" not in got


def test_stationed_weapons_under_own_command_are_no_transfer() -> None:
    assert "RU>BY" in _pairs("Russian missiles arrived in Belarus last week.")
    assert "RU>BY" not in _pairs("Russian missiles arrived in Belarus last week and went on combat duty.")


def test_a_party_that_shoots_down_weapons_never_received_them() -> None:
    got = _pairs(
        "Las fuerzas ucranianas derribaron un dron Shahed-136 de fabricación iraní lanzado por tropas rusas.", "es"
    )
    assert "IR>UA" not in got


def test_a_backer_is_no_party_and_an_approver_of_another_states_weapons_no_supplier() -> None:
    assert "IR>RU" not in _pairs("Iran-backed militias received drones from Syria.")
    assert "US>UA" not in _pairs("The United States approved the transfer of Danish F-16 jets to Ukraine.")
    assert _pairs("Berlin announced the delivery of German tanks to Ukraine.") == {"DE>UA": "ordered"}
    assert "Hezbollah" in "".join(_pairs("Hezbollah has been armed by Iran for decades."))


def test_the_owner_of_a_suspicion_or_warning_is_the_claimant() -> None:
    got = _pairs(
        "Als Falschinformation wies er den amerikanischen Verdacht zurück, China könne Moskau Waffen liefern.",
        "de",
    )
    assert "US>CN" not in got
    got = _pairs("A Turquia recebeu mísseis S-400 russos, desafiando as advertências de Washington.", "pt")
    assert "US>TR" not in got


@dataclass
class _Claim:
    supplier: str
    recipient: str
    status: TransferStatus
    start: int = 0
    frame: Frame = field(
        default_factory=lambda: Frame(
            supplier="",
            recipient="",
            cls="supply",
            status="delivered",
            trigger="sold",
            trigger_start=0,
            trigger_end=0,
            scope_start=0,
            clause_start=0,
            clause_end=0,
            span_start=0,
            span_end=0,
            how="subj>to",
            score=1.0,
        )
    )


def test_veto_chains_keeps_denials_and_unrelated_pairs() -> None:
    claims = [
        _Claim("RU", "SY", TransferStatus.DELIVERED),
        _Claim("SY", "Hezbollah", TransferStatus.DELIVERED),
        _Claim("RU", "Hezbollah", TransferStatus.ALLEGED),
        _Claim("RU", "Hezbollah", TransferStatus.DENIED),
        _Claim("IR", "Hezbollah", TransferStatus.DELIVERED),
    ]
    out = veto_chains(claims)
    assert [(c.supplier, c.recipient, c.status) for c in out] == [
        ("RU", "SY", TransferStatus.DELIVERED),
        ("SY", "Hezbollah", TransferStatus.DELIVERED),
        ("RU", "Hezbollah", TransferStatus.DENIED),
        ("IR", "Hezbollah", TransferStatus.DELIVERED),
    ]


def test_attribution_keeps_the_verb_unless_a_party_denies() -> None:
    """Label guides (NEWS_BLIND.md rule 2, NEWS_BLIND5.md): an attributed statement keeps its verb's status; a
    party's denial elsewhere in the text makes it contested (alleged); a hedge makes it alleged."""
    assert _pairs("According to US intelligence, Iran delivered drones to Russia.") == {"IR>RU": "delivered"}
    assert _pairs("According to US intelligence, Iran delivered drones to Russia. Tehran denies it.") == {
        "IR>RU": "alleged"
    }
    assert _pairs("Iran reportedly delivered drones to Russia.") == {"IR>RU": "alleged"}
    assert _pairs("Selon les services de renseignement américains, l'Iran a livré des drones à la Russie.", "fr") == {
        "IR>RU": "delivered"
    }


def test_a_demonym_qualifying_an_armed_group_is_no_party() -> None:
    assert _pairs("Iran delivered drones to the Yemeni Houthis.") == {"IR>Houthis": "delivered"}
    assert _pairs("Russia delivered drones to Yemen.") == {"RU>YE": "delivered"}


def test_an_admission_keeps_the_pair_delivered_against_a_denial() -> None:
    text = "Iran admitted that it had delivered drones to Russia. But Russia denies it."
    assert _pairs(text) == {"IR>RU": "delivered"}
    assert _pairs("Iran said it had delivered drones to Russia. But Russia denies it.") == {"IR>RU": "alleged"}


def test_a_past_purchase_is_delivered_a_future_one_ordered() -> None:
    assert _pairs("India bought Rafale jets from France in 2016.") == {"FR>IN": "delivered"}
    assert _pairs("India will buy Rafale jets from France.") == {"FR>IN": "ordered"}
