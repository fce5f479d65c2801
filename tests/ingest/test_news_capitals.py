"""Capitals that stand for their state (actors.yaml `metonyms`) and the demonyms added with them: each capital in a
language that spells it so names its state; capitals that are ordinary words or other places were left out, and
the added spellings match no common lower-case word."""

from __future__ import annotations

import pytest

from ingest.news.gazetteer import get_gazetteer
from ingest.news.text import fold


def _states(text: str, lang: str) -> set[str]:
    return {m.ref for m in get_gazetteer().find(fold(text), text, lang) if m.kind == "actor"}


@pytest.mark.parametrize(
    ("lang", "text", "code"),
    [
        # Africa
        ("en", "Dakar received weapons.", "SN"),
        ("fr", "Yaoundé a reçu des armes.", "CM"),
        ("de", "Daressalam erhielt Waffen.", "TZ"),
        ("en", "Dodoma received weapons.", "TZ"),
        ("es", "Conakri recibió armas.", "GN"),
        ("pt", "Malabo recebeu armas.", "GQ"),
        ("ru", "В Лусаке получили оружие.", "ZM"),
        ("uk", "Хараре отримав зброю.", "ZW"),
        ("pl", "Windhuk otrzymał broń.", "NA"),
        ("it", "Monrovia ha ricevuto armi.", "LR"),
        ("fr", "Cotonou a reçu des armes.", "BJ"),
        ("fr", "Gitega a reçu des armes.", "BI"),
        ("ru", "Бужумбура получила оружие.", "BI"),
        ("fr", "Nouakchott a reçu des armes.", "MR"),
        ("en", "Antananarivo received weapons.", "MG"),
        ("en", "Freetown received weapons.", "SL"),
        ("en", "Libreville received weapons.", "GA"),
        ("ru", "Браззавиль получил оружие.", "CG"),
        ("en", "Bissau received weapons.", "GW"),
        ("en", "Lilongwe received weapons.", "MW"),
        ("en", "Gaborone received weapons.", "BW"),
        ("en", "Maseru received weapons.", "LS"),
        ("en", "Mbabane received weapons.", "SZ"),
        ("en", "Port Louis received weapons.", "MU"),
        # Asia
        ("ru", "Душанбе получил оружие.", "TJ"),
        ("de", "Duschanbe erhielt Waffen.", "TJ"),
        ("fr", "Oulan-Bator a reçu des armes.", "MN"),
        ("uk", "Улан-Батору передали зброю.", "MN"),
        ("es", "Katmandú recibió armas.", "NP"),
        ("en", "Thimphu received weapons.", "BT"),
        ("en", "Bandar Seri Begawan received weapons.", "BN"),
        ("pt", "Díli recebeu armas.", "TL"),
        ("en", "Ramallah received weapons.", "PS"),
        # Europe
        ("de", "Pristina erhielt Waffen.", "XK"),
        ("pl", "Prisztina otrzymała broń.", "XK"),
        ("ru", "Приштине передали оружие.", "XK"),
        ("de", "Vaduz erhielt Waffen.", "LI"),
        # Americas
        ("es", "Lima recibió armas.", "PE"),
        ("ru", "Лиме передали оружие.", "PE"),
        ("uk", "Ла-Пас отримав зброю.", "BO"),
        ("es", "Tegucigalpa recibió armas.", "HN"),
        ("es", "Santo Domingo recibió armas.", "DO"),
        ("en", "Port of Spain received weapons.", "TT"),
        ("en", "Paramaribo received weapons.", "SR"),
        ("en", "Belmopan received weapons.", "BZ"),
        ("en", "Bridgetown received weapons.", "BB"),
        # Oceania
        ("en", "Port Moresby received weapons.", "PG"),
        ("fr", "Port-Vila a reçu des armes.", "VU"),
        ("en", "Suva received weapons.", "FJ"),
        ("en", "Apia received weapons.", "WS"),
        ("en", "Honiara received weapons.", "SB"),
        ("en", "Nuku'alofa received weapons.", "TO"),
    ],
)
def test_capital_names_its_state(lang: str, text: str, code: str) -> None:
    assert code in _states(text, lang)


@pytest.mark.parametrize(
    ("lang", "text", "code"),
    [
        ("ru", "Саудовские ВВС получили ракеты.", "SA"),
        ("uk", "Саудівські ВПС отримали ракети.", "SA"),
        ("ru", "эмиратские военные получили дроны.", "AE"),
        ("pl", "emirackie wojsko otrzymało drony.", "AE"),
        ("ru", "казахстанские военные получили дроны.", "KZ"),
        ("de", "südsudanesische Truppen erhielten Waffen.", "SS"),
        ("uk", "південносуданські військові отримали зброю.", "SS"),
        ("pl", "wschodniotimorskie wojsko otrzymało broń.", "TL"),
        ("ru", "таджикские военные получили дроны.", "TJ"),
        ("es", "el ejército mongol recibió armas.", "MN"),
        ("fr", "l'armée sénégalaise a reçu des armes.", "SN"),
        ("it", "l'esercito camerunese ha ricevuto armi.", "CM"),
        ("en", "Tanzanian troops received weapons.", "TZ"),
        ("pl", "nepalskie wojsko otrzymało broń.", "NP"),
    ],
)
def test_added_demonyms(lang: str, text: str, code: str) -> None:
    assert code in _states(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # capitals left out: ordinary words and other places
        ("es", "La paz llegará pronto a la región."),
        ("fr", "Sucre et farine manquent."),
        ("pt", "Praia cheia de turistas."),
        ("en", "Male soldiers received weapons."),
        ("en", "Victoria received weapons."),
        ("en", "Kingston received weapons."),
        ("en", "Georgetown received weapons."),
        ("de", "Nassau erhielt Waffen."),
        ("en", "Pristine weapons were found in the depot."),
        # the added spellings are no common lower-case words
        ("es", "usó una lima para limar la pieza."),
        ("ru", "Лимит поставок исчерпан."),
        ("uk", "На ділі постачання зброї зупинилися."),
        ("pt", "a assunção do cargo foi adiada."),
        ("en", "the port of spain handled the shipment"),
    ],
)
def test_no_state_in_ordinary_words(lang: str, text: str) -> None:
    assert _states(text, lang) == set()
