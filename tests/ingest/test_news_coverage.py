"""Coverage pass (issue 14): predicate families added by lemma in every language where they exist, the forms left
out because they are other words, and states CLDR gives only by name, by demonym, capital or acronym."""

from __future__ import annotations

import pytest

from graph.vocab import TransferStatus
from ingest.news.extract import Extractor, get_extractor
from ingest.news.gazetteer import get_gazetteer
from ingest.news.lexicon import LANGUAGES, get_lexicon
from ingest.news.reference import load_yaml
from ingest.news.text import fold
from tests.ingest.news_pairs import affirmative_pairs

_D = TransferStatus.DELIVERED


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return get_extractor()


def test_forms_that_are_other_words_are_left_out() -> None:
    forms = load_yaml("news_forms.yaml")
    # "équipe" (team), "equipo" (team, equipment), "equipaggio" (crew), "equipa" (team) fold like forms of "equip"
    assert "equipe" not in forms["fr"]["supply_delivered"]
    assert "equipo" not in forms["es"]["supply_delivered"]
    assert "equipaggio" not in forms["it"]["supply_delivered"]
    assert "equipa" not in forms["pt"]["supply_delivered"]
    # ... while the rest of each paradigm is there
    assert {"equipaient", "dotee"} <= set(forms["fr"]["supply_delivered"])
    assert "equipaggiato" in forms["it"]["supply_delivered"]
    assert {"оснастила", "оснащает"} <= set(forms["ru"]["supply_delivered"])
    assert {"пообіцяли", "обіцяли"} <= set(forms["uk"]["supply_ordered"])


def test_regular_participles_agree_and_skip_nouns() -> None:
    forms = load_yaml("news_forms.yaml")
    # every agreement of a regular participle, which the dictionaries often lack
    assert {"livree", "livrees", "pretee"} <= set(forms["fr"]["supply_delivered"])
    assert {"fornecida", "fornecidas", "repassados"} <= set(forms["pt"]["supply_delivered"])
    assert {"spedita", "spediti"} <= set(forms["it"]["supply_delivered"])
    # ... but not those that are nouns: "données" (data), "employés", "partido" (party)
    assert "donnees" not in forms["fr"]["supply_delivered"]
    assert "employes" not in forms["fr"]["use_delivered"]
    assert "partido" not in forms["es"]["move_delivered"]


@pytest.mark.parametrize(
    ("lang", "text", "pair", "status"),
    [
        # equipping a party supplies it
        ("en", "The United States equipped Ukraine with Patriot missiles.", ("US", "UA"), _D),
        ("fr", "La France a équipé l'Ukraine de canons Caesar.", ("FR", "UA"), _D),
        ("es", "España dotó a Ucrania de misiles.", ("ES", "UA"), _D),
        ("pl", "Polska wyposażyła Ukrainę w czołgi.", ("PL", "UA"), _D),
        ("ru", "Россия оснастила Белоруссию ракетами.", ("RU", "BY"), _D),
        # entry into service receives weapons of the named origin
        ("en", "Pakistan's air force inducted six Chinese-built J-10C fighters.", ("CN", "PK"), _D),
        ("ru", "Мьянма приняла на вооружение российские истребители Су-30.", ("RU", "MM"), _D),
        ("uk", "Україна прийняла на озброєння американські ракети.", ("US", "UA"), _D),
        # the reflexive of a supply verb receives ("se fournit" is no "fournit")
        ("fr", "Le Maroc se fournit en armes aux États-Unis.", ("US", "MA"), _D),
        # goods destined for a party: an attempted transfer
        ("it", "Un carico di missili iraniani destinato a Hezbollah è stato distrutto.", None, TransferStatus.ALLEGED),
        # an aid package names supplier and recipient
        ("en", "The latest US aid package for Ukraine includes HIMARS rockets.", ("US", "UA"), _D),
        # every aspect of "promise"
        ("uk", "Норвегія та Бельгія пообіцяли Україні винищувачі F-16.", ("NO", "UA"), TransferStatus.ORDERED),
        # bringing in, leasing
        ("ru", "Россия ввезла в Беларусь ракеты «Искандер».", ("RU", "BY"), _D),
        ("de", "Polen hat Drohnen von den USA geleast.", ("US", "PL"), _D),
        # the language of military aid: contribute, grant, make available
        ("es", "España aportó diez tanques Leopard a Ucrania.", ("ES", "UA"), _D),
        ("fr", "La France a mis à disposition de l'Ukraine des canons Caesar.", ("FR", "UA"), _D),
        ("ru", "Россия выделила Белоруссии истребители.", ("RU", "BY"), _D),
        # arming in a compound tense
        ("es", "Irán ha armado a los hutíes con misiles.", None, _D),
        ("it", "L'Iran ha armato gli Houthi con missili.", None, _D),
    ],
)
def test_predicate_family_fires(
    extractor: Extractor, lang: str, text: str, pair: tuple[str, str] | None, status: TransferStatus
) -> None:
    got = affirmative_pairs(extractor, text, lang)
    if pair is None:  # a group: compare by status only
        assert list(got.values()) == [status], text
    else:
        assert got.get(pair) == status, text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The EU adopted a new sanctions package against Russia over its use of Iranian drones."),
        ("ru", "ЕС принял новый пакет санкций против России из-за иранских беспилотников."),
        ("de", "Deutschland stattete die Ukraine mit Generatoren aus."),
        ("ru", "Россия ввезла в Беларусь войска и продовольствие."),
        ("en", "Germany contributed 2 billion euros to the fund for Ukraine."),
        ("uk", "Польща виділила Україні кошти на танки."),
        ("pl", "Polska przyjęła na uzbrojenie czołgi własnej produkcji."),
        # "destined" gives no supplier from the clause subject (who bans a transit is no supplier)
        ("it", "Viktor Orbán ha annunciato che l'Ungheria non permetterà il transito di armi destinate all'Ucraina."),
    ],
)
def test_predicate_family_keeps_its_other_senses_out(extractor: Extractor, lang: str, text: str) -> None:
    assert affirmative_pairs(extractor, text, lang) == {}, text


@pytest.mark.parametrize(
    ("lang", "text", "code"),
    [
        ("en", "Estonian howitzers", "EE"),
        ("ru", "в Таллине", "EE"),
        ("pl", "łotewskie drony", "LV"),
        ("fr", "les canons slovènes", "SI"),
        ("de", "die zyprischen Behörden", "CY"),
        ("it", "i carri armati albanesi", "AL"),
        ("pt", "os tanques moldavos", "MD"),
        ("uk", "грузинські військові", "GE"),
        ("ru", "армянские танки", "AM"),
        ("pl", "azerbejdżańskie czołgi", "AZ"),
        ("es", "blindados nigerianos", "NG"),  # not Niger's "nigerinos"
        ("uk", "передала ЗСУ танки", "UA"),
        ("pl", "MON podpisało umowę", "PL"),
        ("fr", "Tsahal a reçu des bombes", "IL"),
    ],
)
def test_state_by_demonym_capital_or_acronym(lang: str, text: str, code: str) -> None:
    refs = [m.ref for m in get_gazetteer().find(fold(text), text, lang) if m.kind == "actor"]
    assert refs == [code], text


def test_acronyms_match_only_in_capitals() -> None:
    text = "mon ami, zsu"
    assert [m for m in get_gazetteer().find(fold(text), text, "pl") if m.kind == "actor"] == []


def test_every_trigger_list_is_held_by_the_cue_index() -> None:
    # A list the index cannot hold (a regex led by a look-behind or an alternation) counts as present in every text:
    # an "arm" list so made marks every document as arming, and the others are tried on every sentence.
    for lang in LANGUAGES:
        lex = get_lexicon(lang)
        assert [n for n in lex.trigger_names if lex.scanner.indexed.get(n) is None] == [], lang


def test_a_compound_arming_tense_needs_its_participle(extractor: Extractor) -> None:
    # the auxiliary alone ("ha", "a") is no arming: a pronoun for the goods of the sentence before still reads
    text = "Les experts ont examiné les drones la semaine dernière. En mai, l'Iran les a livrés à la Russie."
    assert affirmative_pairs(extractor, text, "fr") == {("IR", "RU"): _D}
