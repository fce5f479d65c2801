"""Constructions without a plain transfer verb or subject: weapons found in another party's holdings, "arm"
verbs, reports by the supplier itself, Slavic relative and participle clauses, contested claims."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.news import get_extractor

PUB = date(2024, 3, 15)


def pairs(text: str, lang: str) -> dict[tuple[str, str], str]:
    out = {}
    for c in get_extractor().extract(text, PUB, lang):
        key = (c.supplier.id if c.supplier.kind.value == "state" else c.supplier.name, c.recipient.id)
        out[key if c.recipient.kind.value == "state" else (key[0], c.recipient.name)] = c.status.value
    return out


@pytest.mark.parametrize(
    ("lang", "text", "supplier", "recipient", "status"),
    [
        # found in the holdings of another party
        ("en", "Troops found North Korean shells in Russian trenches near Avdiivka.", "KP", "RU", "delivered"),
        ("de", "In russischen Beständen wurden nordkoreanische Raketen entdeckt.", "KP", "RU", "delivered"),
        ("uk", "На російських складах знайшли іранські дрони.", "IR", "RU", "delivered"),
        # "arm" verbs: the object is the recipient, the weapons are implied
        ("en", "Britain accused Iran of arming Hamas.", "IR", "Hamas", "alleged"),
        ("es", "Israel acusa a Irán de armar a Hamás.", "IR", "Hamas", "alleged"),
        ("ru", "Израиль обвиняет Тегеран в том, что он вооружает ХАМАС.", "IR", "Hamas", "alleged"),
        # the speaker reports its own transfer
        ("en", "Poland said it had sent more tanks to Ukraine.", "PL", "UA", "delivered"),
        ("it", "La Polonia ha dichiarato di aver inviato carri armati all'Ucraina.", "PL", "UA", "delivered"),
        ("pl", "Polska oświadczyła, że przekazała Ukrainie czołgi.", "PL", "UA", "delivered"),
        # Slavic relative clauses and participles
        ("ru", "Ракеты, которые КНДР передала России, падают на Харьков.", "KP", "RU", "delivered"),
        ("uk", "Гаубиці, передані Францією Україні, вже на фронті.", "FR", "UA", "delivered"),
        # an allegation answered by a denial, or made despite one
        ("en", "Kyiv says Iran sent drones to Russia, which Tehran denies.", "IR", "RU", "alleged"),
        ("fr", "Malgré les démentis de Minsk, Kiev affirme que la Biélorussie a livré des obus à Moscou.", "BY", "RU",
         "alleged"),
        # a verb-final passive seizure in a relative clause names no seizer; "von" before a passive buying verb
        # names the buyer, not the source
        ("de", "Die iranischen Drohnen, die im Mai im Hafen beschlagnahmt wurden, waren von Russland bestellt worden.",
         "IR", "RU", "alleged"),
        ("de", "Die nordkoreanischen Granaten waren von Ägypten bestellt worden.", "KP", "EG", "ordered"),
    ],
)
def test_construction(lang: str, text: str, supplier: str, recipient: str, status: str) -> None:
    found = pairs(text, lang)
    assert found.get((supplier, recipient)) == status, found


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Debris of a Russian missile was found in a field in Moldova."),
        ("en", "The armed forces of Poland shot down a Russian drone."),
        ("fr", "Les forces armées ukrainiennes ont abattu des drones russes."),
        ("en", "Germany said it would consider sending missiles to Ukraine."),
        ("en", "Iran denied Ukrainian claims that it sent drones to Russia."),
    ],
)
def test_no_affirmative_transfer(lang: str, text: str) -> None:
    found = pairs(text, lang)
    assert all(status == "denied" for status in found.values()), found


@pytest.mark.parametrize(
    ("lang", "text", "speaker", "recipient"),
    [
        ("en", "Ukraine said shipments of North Korean shells to Russia had increased.", "UA", "RU"),
        ("de", "Kiew erklärte, die Lieferungen iranischer Drohnen an Russland gingen weiter.", "UA", "RU"),
        ("ru", "Киев заявил, что поставки дронов России продолжаются.", "UA", "RU"),
        ("es", "Kiev dijo que los envíos de drones a Rusia continúan.", "UA", "RU"),
    ],
)
def test_speaker_does_not_supply_a_noun(lang: str, text: str, speaker: str, recipient: str) -> None:
    """A speaker stands in for a missing subject only of a verb ("Iran said it delivered"), not of a noun
    ("Kyiv said deliveries of drones to Russia ...")."""
    assert (speaker, recipient) not in pairs(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Saudi Arabia attacked the armed Houthis in northern Yemen with US-made jets."),
        ("en", "Israel struck armed Hezbollah units in Lebanon with F-16 jets."),
        ("de", "Israel griff bewaffnete Hisbollah-Kämpfer im Libanon an."),
    ],
)
def test_armed_as_an_adjective(lang: str, text: str) -> None:
    found = pairs(text, lang)
    assert not any(r in ("Houthis", "Hezbollah") for _, r in found), found
