"""Anaphoric state mentions: "the country", "le pays", "das Land", "страна", "his country", "the regime" stand for
a state named before, and become actor mentions of that state so that frames can take them as parties.

The antecedent is the nearest state named earlier in the same sentence ("Egypt's defence minister said his
country had shipped ..."), else the first state named in the nearest earlier sentence that names one (its
subject, as a rule: "Iran faces new sanctions. The country has delivered ..."), at most three sentences back.
One pass over the anaphor cues of the document; O(anaphors x log mentions).
"""

from __future__ import annotations

import bisect
import re

from ingest.news.cues import TextCues
from ingest.news.gazetteer import Mention
from ingest.news.text import DOC_LITERALS, fold

__all__ = ["COORDINATION", "group_anaphors", "plural_anaphors", "resolve_anaphors"]

_LOOKBACK = 3
#: Anaphors with a possessive ("his country", "son pays", "sein Land", "su país", "il suo paese", "seu país").
_POSSESSIVE = re.compile(r"(?:his|her|its|their|son|leur|sein|ihr|su|il suo|seu)\s")
#: "the North" for North Korea ("Seoul said the North had shipped ..."), written with a capital.
_NORTH = re.compile(r"(?:north|nord|norte)$")
#: What may stand between an anaphor and a name that makes it no anaphor ("the regime in Pyongyang").
_NAMED_AFTER = re.compile(r"\s*(?:(?:in|of|de|di|do|da|du|en|em|von|в|у|w)\s+)?", re.IGNORECASE)
_SLAVIC_NOMINATIVE = {
    "ru": ("а", "королевство", "эмират", "султанат"),
    "uk": ("а", "королівство", "емірат", "султанат"),
    "pl": ("kraj", "rezim", "reżim", "królestwo", "emirat", "sułtanat"),
}


#: Regional epithets for a state named before ("the Asian country", "le pays sahélien", "das baltische Land",
#: "el país caribeño", "азиатская страна", "bałkański kraj"), on folded text; the whole phrase is the mention.
_REGIONS_EN = (
    r"asian|african|european|balkan|baltic|gulf|caucasus|caucasian|central asian|latin american|south american|"
    r"middle eastern|arab|nordic|scandinavian|east african|west african|north african|sahel|sahelian|east asian|"
    r"southeast asian|south asian|andean|caribbean|island|landlocked|communist|reclusive|isolated|nuclear-armed|"
    r"oil-rich|gas-rich|alpine|eastern european|central european|western european|north american|central american"
)
_REGIONS_ROMANCE = (
    r"asiati\w*|asiatique|africa\w*|europe\w*|europ[eé]\w*|balt\w*|balkani\w*|balcani\w*|du golfe|del golfo|"
    r"do golfo|caucasi\w*|caucasien\w*|centrasiati\w*|centroasiati\w*|d'asie centrale|sud-americain\w*|"
    r"sudameri\w*|sul-americano|latino-?americ\w*|arabe|arabo|nordique|nordico|scandinave|scandinavo|escandinavo|"
    r"sahelien\w*|sahelian\w*|sahelino|andin\w*|caribe\w*|caraibi\w*|insulaire|insular|insulare|enclave|"
    r"communiste|comunista|moyen-orient\w*|medio-?orient\w*|mediorient\w*|est-europe\w*|nord-americ\w*|"
    r"nordameric\w*|norte-?americ\w*|centroameric\w*"
)
#: Written unfolded for reading, folded once (Cyrillic й and ї fold to и and і, Polish ł to l).
_EPITHET = re.compile(
    fold(
        rf"(?<!\w)(?:(?:the|this) (?:{_REGIONS_EN}) (?:country|nation|state|kingdom|republic|monarchy|emirate)|"
        rf"(?:le|ce) pays (?:{_REGIONS_ROMANCE})|(?:el|este) país (?:{_REGIONS_ROMANCE})|"
        rf"(?:il|questo) paese (?:{_REGIONS_ROMANCE})|(?:o|este) país (?:{_REGIONS_ROMANCE})|"
        r"(?:das|dem|des) (?:ost|west|nord|süd|mittel|zentral|latein)?(?:asiatisch|afrikanisch|europäisch|"
        r"amerikanisch|baltisch|balkan|kaukasisch|arabisch|nordisch|skandinavisch|karibisch|kommunistisch|"
        r"abgeschottet|nahöstlich)\w* (?:land|landes|staat|staates|königreich)|"
        r"(?:азиатск|африканск|европейск|восточноевропейск|балтийск|прибалтийск|балканск|закавказск|кавказск|"
        r"центральноазиатск|латиноамериканск|южноамериканск|североамериканск|ближневосточн|арабск|скандинавск|"
        r"островн|карибск|коммунистическ)\w* (?:стран(?:а|е|у|ой|ою)|государств\w*)|"
        r"(?:азійськ|африканськ|європейськ|східноєвропейськ|балтійськ|балканськ|кавказьк|центральноазійськ|"
        r"латиноамериканськ|північноамериканськ|близькосхідн|арабськ|скандинавськ|острівн|комуністичн)\w* "
        r"(?:краї?н(?:а|і|у|ою)|держав\w*)|"
        r"(?:azjatyck|afrykańsk|europejsk|wschodnioeuropejsk|bałtyck|bałkańsk|kaukask|środkowoazjatyck|"
        r"latynoamerykańsk|północnoamerykańsk|bliskowschodn|arabsk|skandynawsk|wyspiarsk|komunistyczn)\w* "
        r"(?:kraj\w*|państw\w*))(?!\w)"
    )
)
#: The country noun after a preposition fused with its article ("du pays", "au pays", "del país", "al país",
#: "do país", "ao país", "del paese", "al paese", "dem Land", "des Landes"): the noun is the mention, so that the
#: preposition before it still gives the role.
_FUSED = re.compile(
    r"(?<!\w)(?:(?:du|au) (pays)|(?:del|al) (pais)|(?:do|ao|no|pelo) (pais)|(?:del|al|nel|dal) (paese)|"
    r"(?:dem) (land)|(?:des) (landes))(?!\w)"
)
_EXTRA_LITERALS = DOC_LITERALS.add(re.compile(rf"{_EPITHET.pattern}|{_FUSED.pattern}"))


def _extra_hits(folded: str) -> list[tuple[int, int, str]]:
    """Anaphors the lexicon lists do not hold: regional epithets and country nouns after fused prepositions."""
    if not DOC_LITERALS.anywhere(_EXTRA_LITERALS, folded):
        return []
    out = [(m.start(), m.end(), m.group()) for m in _EPITHET.finditer(folded)]
    for m in _FUSED.finditer(folded):
        k = next(i for i in range(1, 7) if m.group(i) is not None)
        out.append((m.start(k), m.end(k), m.group(k)))
    return out


def resolve_anaphors(
    mentions: list[Mention], cues: TextCues, spans: list[tuple[int, int]], text: str, lang: str
) -> list[Mention]:
    """`mentions` with one actor mention added per resolvable anaphor, in text order."""
    extra = _extra_hits(cues.folded)
    if not extra and not cues.anywhere("anaphors"):
        return mentions
    listed = cues.finditer("anaphors", 0, len(text))
    hits = sorted([*listed, *extra]) if extra else listed
    if not hits:
        return mentions
    starts = [m.start for m in mentions]
    span_starts = [s for s, _ in spans]
    added: list[Mention] = []
    korea: bool | None = None  # whether the document names either Korea (looked up at the first "the North")
    for start, end, word in hits:
        i = bisect.bisect_left(starts, start)
        if i < len(mentions) and mentions[i].start == start and _lowercase_media(mentions[i]):
            # "El país ha entregado": the anaphor, not the newspaper El País (whose name is capitalised)
            mentions = [*mentions[:i], *mentions[i + 1 :]]
            starts = [m.start for m in mentions]
        if (i < len(mentions) and mentions[i].start < end) or (i > 0 and mentions[i - 1].end > start):
            continue  # part of a name ("Land" in a longer name) or already a mention
        if i < len(mentions) and mentions[i].kind == "actor" and _NAMED_AFTER.fullmatch(text[end : mentions[i].start]):
            continue  # "o regime norte-coreano", "the regime in Pyongyang": the name that follows says which
        if _NORTH.search(word):
            # "the North" / "le Nord" in a text about Korea is North Korea, never the South just named
            if not text[start:end].split()[-1][:1].isupper() or korea is False:
                continue
            korea = True if korea else any(m.kind == "actor" and m.ref in ("KP", "KR") for m in mentions)
            if not korea:
                continue
            added.append(Mention(start, end, "actor", "KP", text[start:end], False, None, None))
            continue
        kind = _kind_of(word)
        ref = _antecedent(
            mentions, starts, span_starts, spans, start, text, _POSSESSIVE.match(word) is not None, kind
        )
        if ref is None:
            continue
        nominative: bool | None = None
        if lang in ("ru", "uk"):
            nominative = word.endswith(_SLAVIC_NOMINATIVE[lang])
        elif lang == "pl":
            nominative = word.split()[-1] in _SLAVIC_NOMINATIVE["pl"]
        added.append(Mention(start, end, "actor", ref, text[start:end], False, None, nominative))
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda m: m.start)


#: Anaphors that say what kind of state they stand for ("the kingdom", "l'émirat", "der Inselstaat", "султанат"):
#: the antecedent is the nearest state of that kind (folded stems -> states).
_KINGDOMS = frozenset(
    ("SA", "MA", "JO", "GB", "ES", "NL", "BE", "DK", "NO", "SE", "TH", "BH", "KH", "BT", "LS", "SZ", "TO")
)  # fmt: skip
_ISLANDS = frozenset(
    (
        "TW", "JP", "PH", "ID", "LK", "CY", "MT", "IS", "IE", "NZ", "CU", "DO", "HT", "JM", "MG", "MV", "SG", "BH",
        "SB", "FJ", "PG", "TT", "BS", "BB", "KM", "MU", "SC", "CV", "ST", "TL", "VU", "WS", "TO", "KI", "NR", "TV",
        "MH", "FM", "PW",
    )
)  # fmt: skip
_KINDS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"kingdom|royaume|konigreich|reino|regno|королевств|королівств|krolestw"), _KINGDOMS),
    (re.compile(r"emirat|эмират|емірат"), frozenset(("AE", "QA", "KW"))),
    (re.compile(r"sultanat|sułtanat|султанат"), frozenset(("OM", "BN"))),
    (re.compile(r"island|ile\b|insel|isla|isola|ilha|archipel|arcipelago|arquipelago"), _ISLANDS),
)


def _kind_of(word: str) -> frozenset[str] | None:
    """The states an anaphor of a kind may stand for, or None for any state ("the country", "le régime")."""
    folded = fold(word)
    for pattern, states in _KINDS:
        if pattern.search(folded):
            return states
    return None


def _lowercase_media(m: Mention) -> bool:
    """A news outlet's name written with a lower-case word after the first ("El país"): not the outlet."""
    return m.kind == "media" and any(w[:1].islower() for w in m.text.split()[1:])


def _is_state(m: Mention) -> bool:
    return m.kind == "actor" and len(m.ref) == 2


def _antecedent(
    mentions: list[Mention],
    starts: list[int],
    span_starts: list[int],
    spans: list[tuple[int, int]],
    pos: int,
    text: str,
    possessive: bool,
    kind: frozenset[str] | None = None,
) -> str | None:
    """A possessive ("his country", "son pays") looks in its own sentence first, "the country" in the sentences
    before; a state of the same sentence must be in the same clause (no comma between: "According to US and
    Ukrainian intelligence, the country ..." does not mean Ukraine). With nothing before, the next sentence's
    first state (a lead that names the country after: "The country supplies ... Pyongyang has not replied"). An
    anaphor of a `kind` ("the island") takes only a state of that kind."""
    k = bisect.bisect_right(span_starts, pos) - 1
    if k < 0:
        return None
    s, _ = spans[k]
    lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, pos)
    same = [m for m in mentions[lo:hi] if _fits(m, kind) and "," not in text[m.end : pos]]
    if possessive and same:
        return same[-1].ref
    for j in range(k - 1, max(-1, k - 1 - _LOOKBACK), -1):
        a, b = spans[j]
        lo, hi = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
        states = [m for m in mentions[lo:hi] if _fits(m, kind) and not m.demonym]
        if states:
            return states[0].ref
    if same:
        return same[-1].ref
    if k + 1 < len(spans):
        a, b = spans[k + 1]
        lo, hi = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
        states = [m for m in mentions[lo:hi] if _fits(m, kind) and not m.demonym]
        if states:
            return states[0].ref
    return None


def _fits(m: Mention, kind: frozenset[str] | None) -> bool:
    """Whether `m` is a state an anaphor of `kind` may stand for."""
    return _is_state(m) and (kind is None or m.ref in kind)


#: Plural anaphors for a list of states ("these countries", "ці країни", "les deux pays"), on folded text.
_PLURAL = re.compile(
    r"(?<!\w)(?:(?:these|those|both|the two) (?:countries|states|governments)|(?:ces|les deux) (?:pays|etats)|"
    r"(?:diese|beide|die beiden) (?:lander|länder|staaten)|(?:estos|esos|ambos|los dos) (?:paises|estados)|"
    r"(?:questi|quei|entrambi i|i due) (?:paesi|stati)|(?:estes|esses|ambos os|os dois) (?:paises|estados)|"
    r"(?:эти|обе|оба) (?:страны|государства)|(?:ці|обидві|обидва) (?:краіни|держави)|"
    r"(?:te|oba|obydwa) (?:kraje|panstwa))(?!\w)"
)
_PLURAL_LITERALS = DOC_LITERALS.add(_PLURAL)  # most documents hold none of its phrases: skip the regex scan
#: A conjunction between two states of a list ("Polen und Tschechien", "Польщі та Чехії", "l'Iran et la Corée du
#: Nord"), commas and an article allowed.
COORDINATION = re.compile(
    r"\s*(?:,\s*)?(?:and|et|und|y|e|i|и|і|та|oraz|а также|а також)?\s*(?:,\s*)?"
    r"(?:(?:the|la|le|les|die|der|das|el|los|las|il|lo|gli|o|a|os|as)\s+|l')?"
)


def has_plural_anaphor(folded: str, start: int, end: int) -> bool:
    """Whether a plural anaphor ("these countries", "ці країни") stands in folded[start:end]."""
    return DOC_LITERALS.within(_PLURAL_LITERALS, folded, start, end) and _PLURAL.search(folded, start, end) is not None


def plural_anaphors(mentions: list[Mention], spans: list[tuple[int, int]], folded: str) -> dict[int, tuple[str, ...]]:
    """Start of each plural anaphor -> the states of the list it stands for: the last coordinated list of two or
    more states named before it, in its sentence or the one before ("Zaluzhnyi thanked Poland and the Czech
    Republic for the T-72 tanks, which these countries handed to Ukraine": PL, CZ). A plural anaphor without such
    a list stands for nothing."""
    out: dict[int, tuple[str, ...]] = {}
    if not DOC_LITERALS.anywhere(_PLURAL_LITERALS, folded):
        return out
    span_starts = [s for s, _ in spans]
    for hit in _PLURAL.finditer(folded):
        k = bisect.bisect_right(span_starts, hit.start()) - 1
        if k < 0:
            continue
        lo = spans[max(0, k - 1)][0]
        states = [m for m in mentions if lo <= m.start and m.end <= hit.start() and _is_state(m) and not m.demonym]
        best: list[Mention] = []
        run: list[Mention] = []
        for m in states:
            if run and COORDINATION.fullmatch(folded[run[-1].end : m.start]) and m.ref not in {r.ref for r in run}:
                run.append(m)
            else:
                run = [m]
            if len(run) >= 2:
                best = list(run)
        if best:
            out[hit.start()] = tuple(m.ref for m in best)
    return out


#: Common nouns for a non-state armed group named before ("the paramilitaries", "die Paramilitärs", "la milizia"),
#: on folded text.
_GROUP = re.compile(
    r"(?<!\w)(?:the (?:paramilitar(?:ies|y group|y force)|militia|rebels|insurgents)|"
    r"(?:les|aux|des) (?:paramilitaires|rebelles|miliciens)|(?:la|a la|de la) milice|"
    r"(?:die|den|der) (?:paramilitars|paramilitärs|miliz|rebellen|milizen)|"
    r"(?:los|a los|de los) (?:paramilitares|rebeldes|milicianos)|(?:la|a la|de la) milicia|"
    r"(?:i|ai|dei|alla|della|la) (?:paramilitari|ribelli|milizia)|"
    r"(?:os|aos|dos) (?:paramilitares|rebeldes)|(?:a|a|da) milicia|"
    r"(?:боевик\w*|повстанц\w*|бойовик\w*|повстанц\w*|бойовик\w*)|"
    r"(?:paramilitarn\w* (?:formacj\w*|bojowk\w*)|rebeliant\w*|bojowk\w*))(?!\w)"
)

_GROUP_LITERALS = DOC_LITERALS.add(_GROUP)


def group_anaphors(mentions: list[Mention], spans: list[tuple[int, int]], folded: str, text: str) -> list[Mention]:
    """`mentions` with an actor mention for each group noun ("the paramilitaries", "alla milizia") that stands for
    the one non-state group named in its sentence before it or in the `_LOOKBACK` sentences before (none when two
    different groups are named there)."""
    hits = list(_GROUP.finditer(folded)) if DOC_LITERALS.anywhere(_GROUP_LITERALS, folded) else []
    if not hits:
        return mentions
    span_starts = [s for s, _ in spans]
    starts = [m.start for m in mentions]
    added: list[Mention] = []
    for hit in hits:
        start, end = hit.start(), hit.end()
        i = bisect.bisect_left(starts, start)
        if (i < len(mentions) and mentions[i].start < end) or (i > 0 and mentions[i - 1].end > start):
            continue  # part of a name ("Huthi-Miliz") or already a mention
        k = bisect.bisect_right(span_starts, start) - 1
        lo = spans[max(0, k - _LOOKBACK)][0] if k >= 0 else 0
        groups = {m.ref for m in mentions if lo <= m.start < start and m.kind == "actor" and not _is_state(m)}
        if len(groups) == 1:
            # the article or preposition stays outside the mention, as with a name ("to the paramilitaries")
            word = hit.group().split()[-1]
            w_start = end - len(word)
            added.append(Mention(w_start, end, "actor", groups.pop(), text[w_start:end], False, None, None))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions
