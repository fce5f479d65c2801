"""Session 13's constructions, from the spent blind sets' seizure stories and misses: the demonym of the ship, truck
or cargo that carries the goods names their origin when nothing else does; an open-registry flag names no party; a
model code after a number is goods; "the kingdom", "l'émirat", "der Inselstaat" stand for a state of their kind;
who hands over goods of another's make got them from their maker.
The suite proves three on many sentences (`carrier_origin`, `flag_state`, `upstream_hop`); these are the
mechanisms' own edges."""

from __future__ import annotations

import pytest

from ingest.news.extract import Extractor
from tests.ingest.news_pairs import affirmative_labels

_SESSION13: list[tuple[str, str, set[str]]] = [
    # the carrier's demonym: the goods' origin
    ("en", "Yemen seizes Iranian boat said to carry arms for Houthi rebels.", {"IR>Houthis"}),
    ("ru", "Северокорейское судно с 30 тысячами ракет для Египта было задержано.", {"KP>EG"}),
    ("uk", "Північнокорейське судно з 30 тисячами ракет для Єгипту було затримано.", {"KP>EG"}),
    ("fr", "Un bateau iranien chargé d'armes a été arraisonné ; sa cargaison aurait été destinée aux rebelles houthis.",
     {"IR>Houthis"}),
    # ... never against a "from" party: the freighter's state only carries
    ("pl", "Kapitan libańskiego frachtowca jest podejrzany o przewiezienie z Turcji do Libii czołgów i rakiet.",
     {"TR>LY"}),
    # a plane is goods as often as a carrier: its demonym is no origin of other goods
    ("en", "The jets were Iraqi planes flown to Iran for safekeeping.", set()),
    # an open-registry flag names no party; a national flag may be the state's own ships
    ("fr", "Parti de Turquie, le cargo, sous pavillon bolivien, transportait des armes vers la Libye.", {"TR>LY"}),
    ("en", "The Panama-flagged freighter carried North Korean rockets bound for Egypt.", {"KP>EG"}),
    ("uk", "Судна під російським прапором доставляють до порту Конакрі танки для Малі.", {"RU>ML"}),
    # a model code after a number is goods, known to the vocabulary or not
    ("en", "Its air wing will be the 23 A-4 Skyhawks Brazil purchased from Kuwait two years ago.", {"KW>BR"}),
    ("en", "The summit of the G20 in 2019 brought Russia and China together.", set()),
    # anaphors of a kind take the nearest state of that kind, not the nearest state
    ("en", "Saudi Arabia is buying new jets. The kingdom received 48 Tornado jets from Britain.", {"GB>SA"}),
    ("en", "Taiwan is arming. The island received 66 F-16 jets from the United States.", {"US>TW"}),
    ("en", "Taiwan is arming: the six frigates France sold the island in 1991 arrived.", {"FR>TW"}),
    ("de", "Taiwan verstärkt seine Marine. Der Inselstaat erhielt Fregatten aus den USA.", {"US>TW"}),
    ("ru", "Саудовская Аравия модернизирует армию. Королевство получило от России зенитные ракеты.", {"RU>SA"}),
    ("pl", "Katar modernizuje armię. Emirat kupił od Francji myśliwce Rafale.", {"FR>QA"}),
    # who hands over goods of another's make got them from their maker (the object right after the verb only)
    ("en", "Saudi Arabia handed US-made weapons to the Houthis.", {"SA>Houthis", "US>SA"}),
    ("ru", "Белоруссия передала Украине российские танки.", {"BY>UA", "RU>BY"}),
    ("es", "Washington vende F-15 a Doha tras el desfile de los misiles chinos.", {"US>QA"}),
    # "has in service" (Slavic): goods of another's make that a force has in service came from their maker
    ("ru", "ВВС Египта имеют на вооружении американские F-16.", {"US>EG"}),
    ("uk", "Єгипетська авіація має на озброєнні американські F-16 та російські МіГ-29.", {"US>EG", "RU>EG"}),
    # the agent of a use participle and an origin verb of the same sentence join; not two verbs with subjects
    ("en", "The drones used by Russia come from Iran.", {"IR>RU"}),
    ("de", "Die in der Ukraine eingesetzten Granaten stammen nach Erkenntnissen Seouls aus Nordkorea.", set()),
    # "venir" is an origin only before "de": "« Qu'ils viennent vérifier »" names none
    ("fr", "Son pays n'a acheté aucune arme à la Corée du Nord. « Qu'ils viennent vérifier », a-t-il lancé.", set()),
    # English "that" after a comma opens no relative on the goods: the denial before it governs the claim
    ("en", "The spokesman dismissed as baseless the claim, pressed over the debris of a missile, that Iran supplies "
     "the Houthis with missiles.", set()),
    # the owner of a criticism is a claimant, an adjective between ("as críticas da vizinha Namíbia")
    ("pt", "O general rejeitou as críticas da vizinha Namíbia à encomenda de 13 caças ao Canadá.", set()),
    # a passenger adjective right before a vehicle makes it no weapon
    ("uk", "Перевіряють продаж 22 пасажирських літаків аргентинській авіакомпанії, повідомили в Бразилії.", set()),
    # a use participle between a number and the goods is an adjective ("twenty used American F-16s")
    ("en", "A 1991 deal for twenty used American F-16s, financed by Saudi Arabia, never went through.", set()),
    ("pt", "Há militares iranianos na Crimeia a ajudar as tropas russas a lançar drones de fabrico iraniano.",
     {"IR>RU"}),
    # a trigger word after a determiner is its noun homograph; after an auxiliary it is the verb
    ("fr", "Une partie des armes de Turquie est arrivée en Libye.", {"TR>LY"}),
    ("fr", "Des fusils sont parties d'Argentine vers la Croatie.", {"AR>HR"}),
    ("pt", "O Cheetah foi desenvolvido com ajuda israelita a partir do Mirage III francês.", set()),
    # a list comma opens a gapped conjunct as a conjunction does: each item repeats the role with goods of its own
    ("en", "Chile received three frigates from Britain, 18 F-16 fighters from the Netherlands and two submarines "
     "from France.", {"GB>CL", "NL>CL", "FR>CL"}),
    # German "nahm ... in Dienst": goods taken into service
    ("de", "Polen nahm amerikanische Abrams-Panzer in Dienst.", {"US>PL"}),
    # a promise not to transfer plans nothing; a promise to transfer keeps its promisee as recipient
    ("en", "In 1994 Paris promised Beijing not to sell weapons to the island any more.", set()),
    ("en", "Washington promised Kyiv to deliver more Patriot missiles.", {"US>UA"}),
    ("it", "Tajani ha confermato che l'Italia invierà a Kiev un altro Samp-T, precisando che Roma non manderà soldati.",
     {"IT>UA"}),
    # a state named after a compass adjective is a region, a place: the goods went there, not to the state
    ("en", "An Israeli official said the Syrian missiles had been smuggled into southern Lebanon.", set()),
    ("en", "Syria sent Scud missiles to Lebanon.", {"SY>LB"}),
    ("en", "Germany sent tanks to neighbouring Poland.", {"DE>PL"}),
    # a demonym qualifying a mercenary group names the group, not a state
    ("de", "Nordkorea hat der russischen Söldnertruppe Wagner Raketen und Geschosse geliefert.", {"KP>Wagner Group"}),
    # a place after "the island of" is no anaphor
    ("en", "The ship was seized off the island of Crete with weapons from Turkey.", set()),
]


@pytest.mark.parametrize(("lang", "text", "expected"), _SESSION13)
def test_session_13_constructions_give_their_pairs(
    extractor: Extractor, lang: str, text: str, expected: set[str]
) -> None:
    extractor.pair_model = None
    assert affirmative_labels(extractor, text, lang) == expected
