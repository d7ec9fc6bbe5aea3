#!/usr/bin/env python3
"""Consistency checks for the dev set's gold annotations (no project imports).

Usage:  python3 tests/dev/check_gold.py [GOLD_FILE ...]

Checks, for every gold file in tests/dev/gold/ (or the files given):
  * the file is valid JSON with the keys of the samples' gold schema;
  * "source" exists next to this script, and "record" is present exactly when the
    source holds several records (a .jsonl file or a JSON list);
  * the title occurs in the source file and every expert's name in the body;
  * every evidence sentence occurs verbatim in the article body (JSON strings decoded,
    HTML entities unescaped, tags removed, whitespace collapsed; for .txt page dumps only
    the part before the share/comment/teaser block counts);
  * holders and targets of "required" and "acceptable" stances are codes listed in
    "countries" (or "countries_acceptable"); polarity is support/oppose/neutral;
    required entries carry a non-empty list of known construction kinds, and the kind
    "neutral" is used exactly for neutral polarity;
  * no stance triple is listed twice in "required", nor both in "required" and
    "acceptable"; non_country entries have at least one end that is not a country code;
  * every article (and every record of a multi-record file) has a gold file.
Warnings (not errors): fewer than 5 or more than 12 required stances; a triple repeated
in "acceptable".
Exit status 1 if any error was found.
"""
import glob
import html
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLD_DIR = os.path.join(HERE, "gold")
ARTICLE_EXTS = (".txt", ".html", ".json", ".jsonl")
KINDS = {"plain", "metonym", "nominal", "act", "neutral", "passive",
         "coordination", "anaphora", "qa", "time"}
POLARITIES = {"support", "oppose", "neutral"}
GENRES = {"Interview", "Analysis"}
KEYS = ["source", "title", "publisher", "genre", "date", "experts", "other_people",
        "organizations", "countries", "stances", "related_articles", "_notes"]
ISO2 = re.compile(r"^[A-Z]{2}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# first line of the block that follows the body in a .txt page dump
TXT_END = re.compile(r"^(?:Share(?: this article)?|Print|\d+ Comments?|LATEST CONTENT|Related|"
                     r"Últimas publicaciones|Loading)\s*$", re.M)
BLOCK_TAGS = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|br|section|article|aside|header|footer|"
                        r"nav|main|blockquote|figure|figcaption|table|tr|td|dt|dd)\b[^>]*>", re.I)


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def html_text(raw):
    raw = re.sub(r"(?is)<head\b.*?</head>", " ", raw)
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    raw = BLOCK_TAGS.sub("\n", raw)
    raw = re.sub(r"<[^>]+>", "", raw)
    return html.unescape(raw)


def records_of(path):
    """Return (list of record bodies, whole-file text used for the title check, multi?)."""
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    if path.endswith(".txt"):
        m = TXT_END.search(raw)
        return [raw[: m.start()] if m else raw], raw, False
    if path.endswith(".html"):
        return [html_text(raw)], html.unescape(raw), False
    if path.endswith(".jsonl"):
        recs = [json.loads(line) for line in raw.splitlines() if line.strip()]
        multi = True
    else:
        data = json.loads(raw)
        multi = isinstance(data, list)
        recs = data if multi else [data]
    bodies = [r.get("body") or r.get("articleBody") or r.get("text") or "" for r in recs]
    titles = " ".join(str(r.get("title") or r.get("headline") or "") for r in recs)
    return bodies, titles, multi


def check(gold_path, errors, warnings, seen):
    name = os.path.relpath(gold_path, HERE)

    def err(msg):
        errors.append(f"{name}: {msg}")

    try:
        with open(gold_path, encoding="utf-8") as f:
            g = json.load(f)
    except (OSError, ValueError) as e:
        err(f"not valid JSON ({e})")
        return
    for k in KEYS:
        if k not in g:
            err(f"missing key {k!r}")
    if any(k not in g for k in ("source", "stances", "countries")):
        return
    src = os.path.join(HERE, g["source"])
    if not os.path.isfile(src):
        err(f"source {g['source']!r} does not exist")
        return
    try:
        bodies, whole, multi = records_of(src)
    except ValueError as e:
        err(f"source {g['source']!r} cannot be read ({e})")
        return
    rec = g.get("record")
    if multi and rec is None:
        err("source holds several records but 'record' is missing")
        return
    if not multi and rec is not None:
        err("'record' given for a single-record source")
    idx = rec if multi else 0
    if not isinstance(idx, int) or not 0 <= idx < len(bodies):
        err(f"record {rec!r} out of range")
        return
    seen.add((g["source"], idx if multi else None))
    stem = os.path.splitext(g["source"])[0]
    expected = f"{stem}.{idx}.json" if multi else f"{stem}.json"
    if os.path.basename(gold_path) != expected:
        err(f"gold file should be named {expected}")
    body = norm(bodies[idx])

    if norm(g["title"]) not in norm(whole):
        err(f"title {g['title']!r} not found in the source")
    if g.get("genre") not in GENRES:
        err(f"genre {g.get('genre')!r} not in {sorted(GENRES)}")
    if g.get("date") is not None and not ISO_DATE.match(str(g["date"])):
        err(f"date {g['date']!r} is not an ISO date or null")
    for e in g.get("experts", []):
        if not isinstance(e, dict) or set(e) != {"name", "descriptions"}:
            err(f"expert entry {e!r} must have exactly 'name' and 'descriptions'")
        elif norm(e["name"]) not in body:
            err(f"expert name {e['name']!r} not found in the body")

    countries = g["countries"]
    if not isinstance(countries, list) or not all(isinstance(c, str) and ISO2.match(c) for c in countries):
        err("countries must be a list of ISO 3166-1 alpha-2 codes")
        countries = []
    if len(set(countries)) != len(countries):
        err("countries lists a code twice")
    also = g.get("countries_acceptable", [])
    known = set(countries) | set(also)

    st = g["stances"]
    for part in ("required", "acceptable", "non_country"):
        if not isinstance(st.get(part), list):
            err(f"stances.{part} missing or not a list")
            return
    triples = {}
    for part in ("required", "acceptable", "non_country"):
        for i, s in enumerate(st[part]):
            where = f"stances.{part}[{i}]"
            want = 5 if part == "required" else 4
            if not isinstance(s, list) or len(s) != want:
                err(f"{where} must have {want} elements")
                continue
            h, t, pol, ev = s[:4]
            if pol not in POLARITIES:
                err(f"{where} polarity {pol!r} not in {sorted(POLARITIES)}")
            if not isinstance(ev, str) or norm(ev) not in body:
                err(f"{where} evidence not found verbatim in the body: {ev!r}")
            if part == "non_country":
                if ISO2.match(str(h)) and ISO2.match(str(t)) and h in known and t in known:
                    err(f"{where} has two country ends; it belongs in required/acceptable")
                continue
            for end in (h, t):
                if end not in known:
                    err(f"{where} {end!r} is not in countries")
            if h == t:
                err(f"{where} holder equals target")
            key = (h, t, pol)
            if part == "required":
                kinds = s[4]
                if not isinstance(kinds, list) or not kinds or not set(kinds) <= KINDS:
                    err(f"{where} kinds {kinds!r} must be a non-empty subset of {sorted(KINDS)}")
                elif (pol == "neutral") != ("neutral" in kinds):
                    err(f"{where} kind 'neutral' must be used exactly for neutral polarity")
                if key in triples:
                    err(f"{where} repeats {key} in required")
                triples[key] = "required"
            elif triples.get(key) == "required":
                err(f"{where} {key} is also required")
            elif key in triples:
                warnings.append(f"{name}: {where} repeats {key} in acceptable")
            else:
                triples[key] = "acceptable"
    n = len(st["required"])
    if not 5 <= n <= 12:
        warnings.append(f"{name}: {n} required stances (the brief asks for 5-12)")


def main(argv):
    files = argv[1:] or sorted(glob.glob(os.path.join(GOLD_DIR, "*.json")))
    errors, warnings, seen = [], [], set()
    for path in files:
        check(path, errors, warnings, seen)
    if not argv[1:]:
        for path in sorted(os.listdir(HERE)):
            if not path.endswith(ARTICLE_EXTS):
                continue
            try:
                bodies, _, multi = records_of(os.path.join(HERE, path))
            except ValueError as e:
                errors.append(f"{path}: cannot be read ({e})")
                continue
            for i in range(len(bodies)):
                if (path, i if multi else None) not in seen:
                    errors.append(f"{path}: no gold file" + (f" for record {i}" if multi else ""))
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    print(f"{len(files)} gold files checked, {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
