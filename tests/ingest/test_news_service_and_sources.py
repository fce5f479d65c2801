"""Session 12's constructions, found in the spent blind sets' "no frame" misses: goods entering service with a force,
the "from" phrase of the goods a party uses or shows (never a firing verb's launch site), participles after a model
code the designation list does not know, gift verbs, and a kind of goods ("this type", "derived versions") that a
later sentence names instead of the goods themselves. The suite proves each on many sentences
(`service_entry`, `goods_from`, `launch_site`, `type_anaphor`); these are the mechanisms' own edges."""

from __future__ import annotations

import pytest

from ingest.news.extract import Extractor
from tests.ingest.news_pairs import affirmative_labels

_SESSION12: list[tuple[str, str, set[str]]] = [
    # service-entry: the force the goods join receives them; the goods' origin supplies them
    ("en", "Turkish TB2 drones entered service with Albania's armed forces.", {"TR>AL"}),
    ("en", "A Chinese corvette joined the Algerian navy.", {"CN>DZ"}),
    ("fr", "Une corvette chinoise de type 056 rejoint la marine algérienne.", {"CN>DZ"}),
    ("it", "I droni turchi sono entrati in servizio con le guardie di frontiera del Kirghizistan.", {"TR>KG"}),
    ("ru", "Российские истребители МиГ-29 поступили на вооружение армии Сербии.", {"RU>RS"}),
    ("uk", "Російські винищувачі МіГ-29 надійшли на озброєння армії Сербії.", {"RU>RS"}),
    ("pl", "Amerykańskie czołgi Abrams weszły do służby w polskiej armii.", {"US>PL"}),
    # a party that joins something is no goods: no pair
    ("en", "Turkey joined the Albanian army in exercises with drones.", set()),
    # a movement to a force is not an entry into service: its subject still supplies
    ("it", "Il Pakistan ha fatto arrivare alle forze ucraine proiettili di artiglieria.", {"PK>UA"}),
    # goods-from: the goods' own "from" phrase after a use verb
    ("en", "The Maldives deploy drones from Turkey for the first time.", {"TR>MV"}),
    ("de", "Malediven setzen erstmals Drohnen aus der Türkei ein.", {"TR>MV"}),
    ("pl", "Irak pokazał nowe samoloty z Czech.", {"CZ>IQ"}),
    ("it", "La Russia usa ora droni dall'Iran.", {"IR>RU"}),  # "da" after the goods of an active verb: "from"
    # a launch site, a participle between the goods and the phrase, an adjective "used": no source
    ("en", "Hezbollah fired rockets from Lebanon at Israel.", set()),
    ("it", "Il regno vuole usare il sistema contro i droni lanciati dagli Houthi dallo Yemen.", set()),
    ("es", "Estados Unidos alienta la oferta de F-16 usados de Dinamarca.", set()),
    # model-code: a code the designation list lacks stands with its weapons before a participle
    ("fr", "La Zambie exploite seize avions d'entraînement K-8 livrés par la Chine.", {"CN>ZM"}),
    # gift verbs
    ("ru", "Китай подарил Мавритании патрульный корабль.", {"CN>MR"}),
    ("uk", "Австралія подарувала поліції Соломонових Островів 60 гвинтівок.", {"AU>SB"}),
    ("pl", "Chiny podarowały Mauretanii okręt patrolowy.", {"CN>MR"}),
    # possession: goods of another make a party has, owns or counts were bought (a past purchase)
    ("en", "Algeria already has four Russian Kilo-class submarines.", {"RU>DZ"}),
    ("es", "Argelia ya cuenta con cuatro submarinos rusos.", {"RU>DZ"}),
    ("de", "Algerien verfügt bereits über vier russische U-Boote.", {"RU>DZ"}),
    ("it", "La flotta algerina conta già quattro sottomarini russi.", {"RU>DZ"}),
    ("pl", "Algieria ma już cztery rosyjskie okręty podwodne.", {"RU>DZ"}),
    ("en", "Colombia's Russian-made helicopters were grounded after the crash.", {"RU>CO"}),
    ("en", "Bulgaria's first F-16 Block 70 landed at Graf Ignatievo on Wednesday.", {"US>BG"}),
    # "has" before a participle is an auxiliary (no possession; the Iranian drones Russia passes on came from Iran:
    # the upstream hop of session 13)
    ("en", "Russia has sent two Iranian drones to Belarus.", {"RU>BY", "IR>RU"}),
    ("en", "Russia has two options for its drones.", set()),
    # participles of gift and supply verbs the dictionaries lack (uk), a named army that is no troops (pl)
    ("uk", "До Молдови прибула партія бронетранспортерів, подарованих урядом Німеччини.", {"DE>MD"}),
    ("pl", "Do Szczecina przypłynęły czołgi Abrams dla Wojska Polskiego, kupione w Stanach Zjednoczonych.", {"US>PL"}),
    # a goal phrase right after the goods completes a one-party frame, whatever the verb
    ("es", "Una corbeta china para Argelia dispara un misil antibuque.", {"CN>DZ"}),
    # firms of a state act for it
    ("en", "Since the coup, companies in India have supplied weapons to Myanmar's army.", {"IN>MM"}),
    ("fr", "Des entreprises en Inde ont livré des armes à l'armée birmane.", {"IN>MM"}),
    # a port's name is a place, not the recipient
    ("uk", "Судна під російським прапором доставляють до порту Конакрі танки для Малі.", {"RU>ML"}),
    # a coordinated list of speakers speaks about its own transfer: every name supplies
    ("en", "Poland and Slovakia said they would deliver MiG-29s to Kyiv.", {"PL>UA", "SK>UA"}),
    ("fr", "La Pologne et la Slovaquie ont annoncé qu'elles livreraient des MiG-29 à Kiev.", {"PL>UA", "SK>UA"}),
    ("en", "Ukraine and the United States said Iran had delivered drones to Russia.", {"IR>RU"}),
    # who protests a sale is no party of it
    ("fr", "Pékin a protesté auprès de Paris contre la vente de frégates à Taïwan.", set()),
    # a capture word followed by its object is a verb, not goods captured from another's stocks
    ("fr", "Un croiseur américain saisit des missiles iraniens destinés aux Houthis.", {"IR>Houthis"}),
    # type-anaphor: a later sentence names a kind of the goods before
    ("en", "China delivered two corvettes to Algeria. Derived versions were also sold to Nigeria.", {"CN>DZ", "CN>NG"}),
    ("ru", "Россия поставила Индии истребители Су-30. Алжир тоже закупил самолеты этого типа.", {"RU>IN", "RU>DZ"}),
    # with no goods before it, "this type" stands for nothing
    ("en", "Officials met in Algiers. Nigeria bought boats of this type from China.", set()),
]


@pytest.mark.parametrize(("lang", "text", "expected"), _SESSION12)
def test_session_12_constructions_give_their_pairs(
    extractor: Extractor, lang: str, text: str, expected: set[str]
) -> None:
    extractor.pair_model = None
    assert affirmative_labels(extractor, text, lang) == expected
