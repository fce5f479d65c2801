"""A corpus of hostile files for every importer, derived from the real files in ../shared/data (read at test time,
written to a temporary folder, never to the repository).

Each `Case` says which importer it is for, what it attacks and whether the file as a whole must be refused
(`broken`: exit 1, HTTP 422, nothing written) or is a sound file with a bad record (imported, the record reported).
Used by the CLI and API corpus tests and by `python -m tests.ingest.hostile_files OUT` (to measure by hand).
"""

from __future__ import annotations

import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Case", "build_corpus"]


@dataclass(frozen=True)
class Case:
    kind: str  # news | sipri | un-list | ftm
    attack: str  # what it attacks (truncate, encoding, format, nesting, types, size, junk, control)
    path: Path
    broken: bool


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def build_corpus(out: Path, shared: Path, big: bool = False) -> list[Case]:
    """Write the corpus under `out` and return its cases. `big` adds files of tens of MB (size caps)."""
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(12)
    cases: list[Case] = []

    def add(kind: str, attack: str, name: str, data: bytes, broken: bool = True) -> None:
        path = out / kind / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        cases.append(Case(kind, attack, path, broken))

    junk = bytes(rnd.randrange(256) for _ in range(20_000))
    text_junk = "".join(rnd.choice("abcdefghij ,;\"'=") for _ in range(200_000)).encode()
    deep_json = b"[" * 100_000 + b"]" * 100_000 + b"\n"
    deep_obj = b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"\n"

    # ---------------------------------------------------------------- SIPRI (CSV)
    legacy = (shared / "data/sipri/excerpt-russia-imports-legacy16.csv").read_bytes()
    new = (shared / "data/sipri/excerpt-russia-iran-dprk-belarus-new17.csv").read_bytes()
    lg, nw = _lines(legacy), _lines(new)
    head_l = next(i for i, line in enumerate(lg) if line.startswith(b"Recipient,Supplier")) + 1
    head_n = next(i for i, line in enumerate(nw) if line.startswith(b"SIPRI AT Database ID")) + 1
    add("sipri", "junk", "header-only.csv", b"".join(lg[:head_l]))
    add("sipri", "junk", "header-junk-rows.csv", b"".join(lg[:head_l]) + b"x,y,z\n" * 40)
    add("sipri", "junk", "header-junk-16.csv", b"".join(lg[:head_l]) + b"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p\n" * 40)
    body = lg[head_l:]
    mixed = [line if i % 3 == 0 else b"garbage;row;%d\n" % i for i, line in enumerate(body)]
    add("sipri", "junk", "majority-junk.csv", b"".join(lg[:head_l] + mixed))
    add("sipri", "junk", "new17-junk-rows.csv", b"".join(nw[:head_n]) + b"1,2,3;\r\n" * 30)
    add("sipri", "format", "random-binary.csv", junk)
    add("sipri", "format", "newline-free.csv", text_junk)
    add("sipri", "format", "json-as-csv.csv", json.dumps({"a": [1, 2, 3]}).encode() * 50)
    add("sipri", "format", "xml-as-csv.csv", (shared / "data/sanctions/un-consolidated-dprk-sample.xml").read_bytes())
    add("sipri", "format", "empty.csv", b"")
    add("sipri", "encoding", "utf16.csv", legacy.decode("latin-1").encode("utf-16"))
    add("sipri", "encoding", "nul-bytes.csv", b"".join(lg[:head_l]) + b"".join(b.replace(b",", b"\x00") for b in body))
    add("sipri", "size", "huge-field.csv", b"".join(lg[:head_l]) + b'"' + b"A" * 300_000 + b'",x\n' + b"".join(body),
        broken=False)  # one bad record  # fmt: skip
    add("sipri", "size", "huge-line-only.csv", b"".join(lg[:head_l]) + b"B" * 6_000_000 + b"\n")
    add("sipri", "truncate", "cut-in-header.csv", legacy[: len(b"".join(lg[: head_l - 1])) + 20])
    bad_row = [b"Russia,Atlantis,2001\n"]
    add("sipri", "control", "one-bad-row.csv", b"".join(lg[:head_l] + body[:5] + bad_row + body[5:]), broken=False)
    add("sipri", "truncate", "truncated-mid-row.csv", legacy[: len(legacy) - 37])
    add("sipri", "truncate", "truncated-new17.csv", new[: len(new) * 2 // 3])

    # ---------------------------------------------------------------- UN list (XML)
    un = (shared / "data/sanctions/un-consolidated-dprk-sample.xml").read_bytes()
    for pct in (10, 50, 90, 99):
        add("un-list", "truncate", f"truncated-{pct}.xml", un[: len(un) * pct // 100])
    add("un-list", "truncate", "no-closing-root.xml", un[: un.rindex(b"</CONSOLIDATED_LIST>")])
    latin = un.replace(b"HO-JIN", "HÔ-JÏN".encode("latin-1"))
    add("un-list", "encoding", "misdeclared-utf8.xml", latin)
    add("un-list", "encoding", "utf16-bom-declared-utf8.xml", un.decode().encode("utf-16"), broken=False)  # BOM wins
    add("un-list", "format", "csv-as-xml.xml", legacy)
    add("un-list", "format", "json-as-xml.xml", b'{"CONSOLIDATED_LIST": []}')
    add("un-list", "format", "random-binary.xml", junk)
    add("un-list", "format", "empty.xml", b"")
    add("un-list", "format", "declaration-only.xml", b"<?xml version='1.0' encoding='UTF-8'?>\n")
    add("un-list", "format", "wrong-root.xml", un.replace(b"CONSOLIDATED_LIST", b"SOMETHING_ELSE"))
    add("un-list", "format", "empty-list.xml", b"<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>")
    nest = b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>" + b"<X>" * 50_000 + b"</X>" * 50_000
    add("un-list", "nesting", "deep-nesting.xml", nest + b"</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>")
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + b"".join(
            b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
        )
        + b"]>\n<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>X</REFERENCE_NUMBER>"
        b"<FIRST_NAME>&lol9;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    add("un-list", "entities", "billion-laughs.xml", laughs)
    xxe = (
        b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>X</REFERENCE_NUMBER>"
        b"<FIRST_NAME>&x;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    add("un-list", "entities", "external-entity.xml", xxe)
    huge_name = b"<FIRST_NAME>" + b"Y" * 6_000_000 + b"</FIRST_NAME>"
    add("un-list", "size", "huge-text-node.xml", un.replace(b"<FIRST_NAME>YUN</FIRST_NAME>", huge_name, 1))
    add("un-list", "control", "one-record-without-reference.xml",
        un.replace(b"<REFERENCE_NUMBER>", b"<REFERENCE_NUMBER_GONE>", 1).replace(
            b"</REFERENCE_NUMBER>", b"</REFERENCE_NUMBER_GONE>", 1), broken=False)  # fmt: skip

    # ---------------------------------------------------------------- FollowTheMoney (JSON lines)
    small = (shared / "data/sanctions/opensanctions-entities-small.ftm.json").read_bytes()
    sample = (shared / "data/sanctions/opensanctions-sanctions-sample.ftm.jsonl").read_bytes()
    delta_lines = _lines((shared / "data/sanctions/opensanctions-delta-2024-06.json").read_bytes())[:40]
    first = json.loads(_lines(small)[0])
    add("ftm", "nesting", "deep-array.json", deep_json)
    add("ftm", "nesting", "deep-object.json", deep_obj)
    add("ftm", "nesting", "deep-in-properties.json",
        json.dumps({"id": "x", "schema": "Person", "properties": {"name": ["a"]}}).encode()[:-2]
        + b', "extra": ' + b"[" * 5000 + b"]" * 5000 + b"}}\n")  # fmt: skip
    for name, mutate in (
        ("properties-list", lambda e: e | {"properties": ["name", "x"]}),
        ("property-value-str", lambda e: e | {"properties": {"name": "Not A List"}}),
        ("property-value-ints", lambda e: e | {"properties": {"name": [1, 2]}}),
        ("property-value-dicts", lambda e: e | {"properties": {"name": [{"a": 1}]}}),
        ("id-int", lambda e: e | {"id": 12345}),
        ("schema-list", lambda e: e | {"schema": ["Person"]}),
        ("schema-unknown", lambda e: e | {"schema": "Spaceship"}),
        ("caption-dict", lambda e: e | {"caption": {"x": 1}}),
        ("datasets-str", lambda e: e | {"datasets": "un_sc_sanctions"}),
        ("dates-ints", lambda e: e | {"first_seen": 2020, "last_seen": [1], "last_change": {"a": 1}}),
        ("entity-is-list", lambda e: [e]),
        ("huge-int", lambda e: e | {"properties": {"name": ["x"]}, "caption": 10**4000}),
    ):
        try:
            line = json.dumps(mutate(dict(first))).encode()
        except ValueError:  # Python refuses to print the huge int: write its digits by hand
            line = json.dumps(dict(first) | {"caption": 0}).encode()
            line = line.replace(b'"caption": 0', b'"caption": ' + b"9" * 5000)
        add("ftm", "types", f"{name}.json", line + b"\n")
    for name, mutate_op in (
        ("op-dict", lambda d: d | {"op": {"x": 1}}),
        ("op-unknown", lambda d: d | {"op": "UPSERT"}),
        ("entity-str", lambda d: d | {"entity": "x"}),
        ("entity-properties-str", lambda d: d | {"entity": d["entity"] | {"properties": "x"}}),
    ):
        add("ftm", "types", f"delta-{name}.json", json.dumps(mutate_op(json.loads(delta_lines[0]))).encode() + b"\n")
    add("ftm", "types", "all-types-wrong-majority.jsonl",
        b"".join(json.dumps(json.loads(line) | {"properties": [1]}).encode() + b"\n" for line in _lines(sample)[:20])
        + b"".join(_lines(sample)[20:]))  # fmt: skip
    add("ftm", "format", "csv-as-ftm.json", legacy)
    add("ftm", "format", "json-array.json", b"[" + b",".join(line.strip() for line in _lines(small)) + b"]\n")
    add("ftm", "format", "random-binary.json", junk)
    add("ftm", "format", "empty.json", b"")
    add("ftm", "format", "blank-lines.json", b"\n\n   \n")
    add("ftm", "encoding", "latin1.json", small.decode().encode("latin-1", errors="replace").replace(b"a", b"\xe9", 3))
    add("ftm", "encoding", "utf16.json", small.decode().encode("utf-16"))
    add("ftm", "truncate", "cut-in-half.json", small[: len(small) // 2])
    add("ftm", "truncate", "delta-cut.json", b"".join(delta_lines)[:-300])
    add("ftm", "size", "huge-line.json", b'{"id": "x", "schema": "Person", "caption": "' + b"A" * 6_000_000 + b'"}\n')
    add("ftm", "size", "newline-free.json", text_junk)
    add("ftm", "control", "one-bad-line.json", _lines(small)[0] + b"{not json\n" + b"".join(_lines(small)[1:]),
        broken=False)  # fmt: skip
    wrong = json.dumps(first | {"properties": "x"}).encode() + b"\n"
    add("ftm", "control", "one-wrong-type.json", wrong + b"".join(_lines(small)[1:]), broken=False)

    # ---------------------------------------------------------------- news (text, JSONL)
    seed = (shared / "seed/russia-north-korea-arms-fr.txt").read_bytes()
    record = {"id": "a1", "text": seed.decode(), "published": "2022-09-06", "url": "https://example.org/a1"}
    add("news", "nesting", "deep.jsonl", deep_json)
    add("news", "nesting", "deep-object.jsonl", deep_obj)
    for name, mutate_rec in (
        ("text-list", lambda r: r | {"text": ["a", "b"]}),
        ("title-dict", lambda r: r | {"title": {"x": 1}}),
        ("published-int", lambda r: r | {"published": 20220906}),
        ("url-list", lambda r: r | {"url": ["x"]}),
        ("id-dict", lambda r: r | {"id": {"x": 1}}),
        ("lang-int", lambda r: r | {"lang": 7}),
        ("record-list", lambda r: [r]),
    ):
        add("news", "types", f"{name}.jsonl", json.dumps(mutate_rec(dict(record))).encode() + b"\n")
    add("news", "format", "binary.txt", junk)
    add("news", "format", "empty.txt", b"")
    add("news", "format", "jsonl-all-junk.jsonl", b"{nope\n" * 10)
    add("news", "format", "csv-as-jsonl.jsonl", legacy)
    add("news", "encoding", "utf16.txt", seed.decode().encode("utf-16"))
    add("news", "size", "too-large.txt", b"word " * 1_300_000)
    add("news", "size", "huge-jsonl-line.jsonl", json.dumps(record | {"text": "x " * 3_000_000}).encode() + b"\n")
    add("news", "control", "one-bad-line.jsonl",
        json.dumps(record).encode() + b"\n{broken\n" + json.dumps(record | {"id": "a2"}).encode() + b"\n",
        broken=False)  # fmt: skip
    two = json.dumps(record).encode() + b"\n" + json.dumps(record | {"id": "a2"}).encode() + b"\n"
    add("news", "truncate", "cut-jsonl.jsonl", two[:-40])
    add("news", "encoding", "latin1-article.txt", seed.decode().encode("cp1252", errors="replace"), broken=False)

    if big:
        add("sipri", "size", "big-junk.csv", os.urandom(64 << 20))
    return cases


if __name__ == "__main__":  # python -m tests.ingest.hostile_files OUT [SHARED]
    target = Path(sys.argv[1])
    shared_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[3] / "shared"
    for case in build_corpus(target, shared_dir):
        print(f"{case.kind}\t{case.attack}\t{int(case.broken)}\t{case.path}")
