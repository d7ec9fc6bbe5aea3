#!/usr/bin/env python3
"""Check the blind-set gold files against their articles.

Standalone on purpose: it must not import the project (kg/), so that checking the
annotations never exposes or depends on the extractor. Run: python3 check_gold.py
Exit status 0 when every gold file is clean, 1 otherwise.
"""
import html
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold"

ISO2 = set("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV
BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES
ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE
IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU
NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM
SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE
VG VI VN VU WF WS YE YT ZA ZM ZW XK
""".split())
POLARITIES = {"support", "oppose", "neutral"}
KINDS = {"plain", "metonym", "nominal", "act", "neutral", "passive", "coordination", "anaphora", "qa", "time"}
GENRES = {"Interview", "Analysis"}
KEYS = ["source", "title", "publisher", "genre", "date", "experts", "other_people",
        "organizations", "countries", "stances", "related_articles", "_notes"]
ARTICLE_SUFFIXES = (".txt", ".html", ".json", ".jsonl")


def load_records(path):
    """Return the list of records a JSON / JSON Lines article file holds."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    data = json.loads(text)
    return data if isinstance(data, list) else [data]


def searchable_texts(path, record):
    """The texts an evidence sentence may be found in, and the record's headline candidates."""
    if path.suffix in (".json", ".jsonl"):
        recs = load_records(path)
        rec = recs[record if record is not None else 0]
        body = rec.get("body") or rec.get("articleBody") or rec.get("text") or ""
        titles = [rec.get("title"), rec.get("headline")]
        return [body], [t for t in titles if t], body
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        unescaped = html.unescape(raw)
        stripped = html.unescape(re.sub(r"<[^>]+>", " ", raw))
        normalised = re.sub(r"\s+", " ", stripped)
        return [unescaped, normalised], [unescaped], normalised
    return [raw], [raw], raw


def check(gold_path):
    errors, warnings = [], []
    try:
        g = json.loads(gold_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return [f"invalid JSON: {exc}"], warnings
    for key in KEYS:
        if key not in g:
            errors.append(f"missing key {key!r}")
    if errors:
        return errors, warnings
    src = HERE / g["source"]
    if not src.is_file():
        return [f"source file {g['source']} does not exist"], warnings
    record = g.get("record")
    multi = src.suffix == ".jsonl" or (src.suffix == ".json" and isinstance(json.loads(src.read_text(encoding="utf-8")), list))
    if multi:
        n = len(load_records(src))
        if not isinstance(record, int) or not 0 <= record < n:
            errors.append(f"multi-record source needs 'record' in 0..{n - 1}, got {record!r}")
            return errors, warnings
        expected_name = f"{src.stem}.{record}.json"
    else:
        if record is not None:
            errors.append("'record' given for a single-record source")
        expected_name = f"{src.stem}.json"
    if gold_path.name != expected_name:
        errors.append(f"gold file should be named {expected_name}")
    texts, title_texts, body = searchable_texts(src, record)

    if g["genre"] not in GENRES:
        errors.append(f"genre {g['genre']!r}")
    if g["date"] is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", g["date"]):
        errors.append(f"date {g['date']!r} is not ISO (YYYY-MM-DD) or null")
    if not any(g["title"] in t for t in title_texts):
        errors.append(f"title {g['title']!r} not found in the article")
    if not g["experts"] or not all(isinstance(e, dict) and "name" in e and "descriptions" in e for e in g["experts"]):
        errors.append("experts must be a non-empty list of {name, descriptions}")
    countries = g["countries"]
    if len(set(countries)) != len(countries):
        errors.append("duplicate codes in countries")
    for c in countries + g.get("countries_acceptable", []):
        if c not in ISO2:
            errors.append(f"{c!r} is not an ISO 3166-1 alpha-2 code")
    allowed = set(countries) | set(g.get("countries_acceptable", []))

    def found(sentence):
        return any(sentence in t for t in texts) or any(re.sub(r"\s+", " ", sentence) in t for t in texts)

    st = g["stances"]
    for part in ("required", "acceptable", "non_country"):
        if part not in st:
            errors.append(f"stances.{part} missing")
    triples = set()
    for i, entry in enumerate(st.get("required", [])):
        if len(entry) != 5:
            errors.append(f"required[{i}] needs 5 elements")
            continue
        h, t, pol, ev, kinds = entry
        if h not in countries or t not in countries:
            errors.append(f"required[{i}] {h}->{t}: holder and target must be listed in countries")
        if h == t:
            errors.append(f"required[{i}] holder equals target")
        if pol not in POLARITIES:
            errors.append(f"required[{i}] polarity {pol!r}")
        if not kinds or not set(kinds) <= KINDS:
            errors.append(f"required[{i}] kinds {kinds!r}")
        if (h, t, pol) in triples:
            errors.append(f"required[{i}] duplicate triple {h}->{t} {pol}")
        triples.add((h, t, pol))
        if not found(ev):
            errors.append(f"required[{i}] evidence not verbatim in the article: {ev[:60]!r}")
    for part in ("acceptable", "non_country"):
        for i, entry in enumerate(st.get(part, [])):
            if len(entry) != 4:
                errors.append(f"{part}[{i}] needs 4 elements")
                continue
            h, t, pol, ev = entry
            if pol not in POLARITIES:
                errors.append(f"{part}[{i}] polarity {pol!r}")
            if part == "acceptable":
                if h not in allowed or t not in allowed:
                    errors.append(f"acceptable[{i}] {h}->{t}: codes must be in countries or countries_acceptable")
                if (h, t, pol) in triples:
                    errors.append(f"acceptable[{i}] repeats a required triple {h}->{t} {pol}")
            elif h in ISO2 and t in ISO2:
                errors.append(f"non_country[{i}] has two country codes; it belongs elsewhere")
            if not found(ev):
                errors.append(f"{part}[{i}] evidence not verbatim in the article: {ev[:60]!r}")
    if not 5 <= len(st.get("required", [])) <= 12:
        warnings.append(f"{len(st.get('required', []))} required stances (brief: 5-12)")
    if src.suffix in (".json", ".jsonl"):
        words = len(body.split())
        if not 250 <= words <= 550:
            warnings.append(f"body has {words} words (brief: 250-550)")
    return errors, warnings


def main():
    gold_files = sorted(GOLD.glob("*.json"))
    failed = 0
    covered = set()
    for gp in gold_files:
        errors, warnings = check(gp)
        try:
            covered.add(json.loads(gp.read_text(encoding="utf-8")).get("source"))
        except json.JSONDecodeError:
            pass
        for w in warnings:
            print(f"WARN  {gp.name}: {w}")
        for e in errors:
            print(f"ERROR {gp.name}: {e}")
        failed += bool(errors)
    for art in sorted(p for p in HERE.iterdir() if p.suffix in ARTICLE_SUFFIXES and p.name != "check_gold.py"):
        if art.name not in covered:
            print(f"ERROR {art.name}: no gold file")
            failed += 1
    print(f"{len(gold_files)} gold files checked, {failed} with errors")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
