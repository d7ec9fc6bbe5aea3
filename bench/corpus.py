"""A deterministic synthetic corpus: article pages in the seed's page-dump layout, at any size.

Distributions meant to look like the real thing: countries drawn from a Zipf law over 64
states (Russia and the United States everywhere, Chad rarely), experts from a pool of about
five thousand generated names (a few interviewed often), 2–6 stances per article written with
phrasings the rule extractor understands (kg/extract/lexicon.py). Article `i` of seed `s`
depends on nothing else, so any slice of a corpus can be generated alone, in any process.

Each article comes with its *truth* (expert, countries, stances and their sentences), so tests
can check that what the pipeline stores is what the page says.
"""

from __future__ import annotations

import datetime
import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# (name used in the text, ISO alpha-2); order is the Zipf rank: the first are mentioned most.
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("Russia", "RU"), ("United States", "US"), ("China", "CN"), ("Ukraine", "UA"),
    ("Iran", "IR"), ("Turkiye", "TR"), ("Israel", "IL"), ("Saudi Arabia", "SA"),
    ("India", "IN"), ("France", "FR"), ("Germany", "DE"), ("United Kingdom", "GB"),
    ("Pakistan", "PK"), ("Japan", "JP"), ("Syria", "SY"), ("Iraq", "IQ"), ("Egypt", "EG"),
    ("Qatar", "QA"), ("Azerbaijan", "AZ"), ("Armenia", "AM"), ("South Korea", "KR"),
    ("North Korea", "KP"), ("Lebanon", "LB"), ("Afghanistan", "AF"), ("Poland", "PL"),
    ("Kazakhstan", "KZ"), ("United Arab Emirates", "AE"), ("Ethiopia", "ET"), ("Jordan", "JO"),
    ("Brazil", "BR"), ("Venezuela", "VE"), ("Nigeria", "NG"), ("Georgia", "GE"),
    ("Hungary", "HU"), ("Serbia", "RS"), ("Sudan", "SD"), ("Libya", "LY"), ("Algeria", "DZ"),
    ("Morocco", "MA"), ("Somalia", "SO"), ("Kenya", "KE"), ("Indonesia", "ID"),
    ("Vietnam", "VN"), ("Philippines", "PH"), ("Greece", "GR"), ("Italy", "IT"),
    ("Spain", "ES"), ("Belarus", "BY"), ("Yemen", "YE"), ("Oman", "OM"), ("Kuwait", "KW"),
    ("Mexico", "MX"), ("Cuba", "CU"), ("South Africa", "ZA"), ("Canada", "CA"),
    ("Australia", "AU"), ("Malaysia", "MY"), ("Thailand", "TH"), ("Finland", "FI"),
    ("Sweden", "SE"), ("Mali", "ML"), ("Niger", "NE"), ("Senegal", "SN"), ("Chad", "TD"),
)
_ISO2 = dict(COUNTRIES)
_ANY_COUNTRY = re.compile(r"\b(" + "|".join(sorted(_ISO2, key=len, reverse=True)) + r")\b")
ZIPF_EXPONENT = 1.1
_COUNTRY_WEIGHTS = list(itertools.accumulate(1 / rank ** ZIPF_EXPONENT
                                             for rank in range(1, len(COUNTRIES) + 1)))

_FIRST = (
    "Amir Siyamak Leila Farid Nadia Omar Yusuf Elena Ivan Olga Mehmet Ayse Hana Kenji Yuki Li "
    "Wei Priya Arjun Sofia Lucas Marta Pavel Irina Tomas Anna David Sara Karim Rania Jamal Noor "
    "Daniel Maria Jonas Eva Hassan Fatima Mateo Clara Viktor Dana Reza Mina Ali Zeynep Emre "
    "Kwame Amara Tariq Layla Samir Nina Oskar Ingrid Rafael Lucia Dmitri Alina Bogdan Vera"
).split()
_LAST = (
    "Kakaei Rahimi Haddad Novak Petrov Kovalenko Yilmaz Demir Tanaka Sato Zhang Wang Sharma "
    "Patel Silva Costa Nowak Ivanova Schmidt Weber Dubois Martin Rossi Bianchi Garcia Lopez "
    "Nasser Khalil Farouk Aziz Karimi Mousavi Sadeghi Okafor Mensah Diallo Traore Mwangi "
    "Hussein Qureshi Malik Chen Liu Park Kim Nguyen Tran Santos Pereira Andersen Larsen "
    "Virtanen Horvath Kiss Popescu Georgiou Papadakis Aliyev Mammadov Sargsyan Beridze"
).split()
_SHE = frozenset("Leila Nadia Elena Olga Ayse Hana Yuki Priya Sofia Marta Irina Anna Sara Rania "
                 "Noor Maria Eva Fatima Clara Dana Mina Zeynep Amara Layla Nina Ingrid Lucia "
                 "Alina Vera".split())
EXPERT_POOL = len(_FIRST) * len(_LAST)  # 64 × 62 ≈ 4,000 distinct experts
_FIELDS = ("Caucasus", "Gulf", "Middle East", "Eurasian", "East Asian", "West African",
           "Balkan", "energy security", "Central Asian", "Horn of Africa", "Latin American",
           "European", "South Asian", "maritime security", "Arctic")
_ROLES = ("A researcher of {f} affairs", "An expert on {f} issues", "A senior analyst of {f} "
          "politics", "The former ambassador of Iran in Japan", "A specialist in {f} studies")
_PUBLISHERS = ("Strategic Council Online", "Meridian Council Online", "Horizon Institute Online")
_TOPICS = ("Drone Deals", "Gas Pipelines", "Grain Corridor", "Border Talks", "Arms Sales",
           "Nuclear File", "Trade Routes", "Security Pact", "Sanctions Regime", "Port Project")

# Stance phrasings: {a} holds the stance toward {b} ({c}: a second party for mediation).
SUPPORT = ("{a} supports {b}", "{a} has close relations with {b}",
           "{a} has strengthened its ties with {b}", "{a} welcomed the position of {b}",
           "{a} backs {b} in this dispute", "{a} is a close partner of {b}")
OPPOSE = ("{a} condemned {b}", "{a} strongly opposed {b}", "{a} is critical of {b}",
          "{a} has tense relations with {b}", "{a} criticized {b} for its conduct",
          "{a} rejected the demands of {b}")
NEUTRAL = ("{a} has offered to mediate between {b} and {c}",
           "{a} has not taken sides between {b} and {c}",
           "{a} tries to balance between {b} and {c}")
_PHRASINGS = {"support": SUPPORT, "oppose": OPPOSE, "neutral": NEUTRAL}
_POLARITIES = ("support", "support", "oppose", "oppose", "neutral")
_FILLERS = (
    "This approach has a long history in the region and is unlikely to change soon.",
    "Economic interests and domestic politics both shape this calculation.",
    "Observers expect the coming months to test these positions.",
    "The issue has been discussed at several regional meetings this year.",
    "Officials in both capitals have avoided public comment on the details.",
)
_INTROS = ("{name} told the {pub} that ", "{Pron} added that ", "{Pron} stated that ",
           "According to this expert, ", "{name} pointed out that ", "{Pron} said that ")


@dataclass
class TrueStance:
    """A stance the generator wrote: who, toward whom, and the sentence that says so."""

    holder: str  # ISO alpha-2
    target: str
    polarity: str
    sentence: str


@dataclass
class SyntheticArticle:
    """One generated page and what it truly says."""

    index: int
    headline: str
    text: str
    expert: str
    description: str
    countries: list[str] = field(default_factory=list)  # ISO codes in first-mention order
    stances: list[TrueStance] = field(default_factory=list)

    @property
    def filename(self) -> str:
        """Name the file so that sorted order is generation order."""
        return f"{self.index:07d}.txt"


def expert_name(number: int) -> str:
    """Name expert `number` of the pool (deterministic, so the same expert recurs)."""
    return f"{_FIRST[number % len(_FIRST)]} {_LAST[(number // len(_FIRST)) % len(_LAST)]}"


def generate_article(index: int, seed: int = 0) -> SyntheticArticle:
    """Generate article `index` of corpus `seed`; the same pair always gives the same page."""
    rng = random.Random(seed * 1_000_003 + index)
    # Experts: a skewed pick, so some recur in hundreds of articles and most in a few.
    expert = expert_name(int(EXPERT_POOL * rng.random() ** 2))
    pron = "She" if expert.split()[0] in _SHE else "He"
    role = rng.choice(_ROLES).format(f=rng.choice(_FIELDS))
    publisher = rng.choice(_PUBLISHERS)
    short = publisher.removesuffix(" Online")
    picked = rng.choices(range(len(COUNTRIES)), cum_weights=_COUNTRY_WEIGHTS, k=12)
    cast = list(dict.fromkeys(picked))  # distinct, most frequent countries first as a rule
    while len(cast) < 3:
        cast.append((cast[-1] + 1) % len(COUNTRIES))
    name = [COUNTRIES[c][0] for c in cast]
    day = datetime.date(2020, 1, 1) + datetime.timedelta(days=index % 1900)
    topic = rng.choice(_TOPICS)
    headline = f"{name[0]}'s Approach to {name[1]} and the {topic}, No. {index}"

    stances: list[TrueStance] = []
    used: set[str] = set()
    for _ in range(rng.randint(2, 6)):
        phrase = ""
        while not phrase or phrase in used:  # each stance gets a sentence of its own
            polarity = rng.choice(_POLARITIES)
            a, b, c = rng.sample(range(len(cast)), 3)
            phrase = rng.choice(_PHRASINGS[polarity]).format(a=name[a], b=name[b], c=name[c])
        used.add(phrase)
        stances.append(TrueStance(COUNTRIES[cast[a]][1], COUNTRIES[cast[b]][1], polarity, phrase))
        if polarity == "neutral":  # mediation between B and C is neutral toward both
            stances.append(TrueStance(COUNTRIES[cast[a]][1], COUNTRIES[cast[c]][1], polarity,
                                      phrase))

    paragraphs = [f"{publisher}—Interview: {role} said that the policy of {name[0]} toward "
                  f"{name[1]} reflects years of careful calculation rather than a sudden turn."]
    phrases = list(dict.fromkeys(s.sentence for s in stances))
    for n, phrase in enumerate(phrases):
        intro = _INTROS[0] if n == 0 else rng.choice(_INTROS[1:])
        sentence = intro.format(name=expert, pub=short, Pron=pron) + phrase + "."
        paragraphs.append(f"{sentence[0].upper()}{sentence[1:]} {rng.choice(_FILLERS)}")
    teasers = []
    for _ in range(3):
        other = rng.randrange(1_000_000)
        teasers += [f"{rng.choice(_TOPICS)} in the Eyes of {rng.choice(COUNTRIES)[0]}, "
                    f"No. {other}",
                    f"{publisher}—Interview: {rng.choice(_ROLES).format(f=rng.choice(_FIELDS))}"
                    f" said that the region faces a difficult year."]
    text = "\n\n".join([headline, day.strftime("%B %-d, %Y"), *paragraphs, "0 Comments",
                        "LATEST CONTENT", *teasers, "Loading"]) + "\n"
    body = "\n\n".join(paragraphs)
    mentioned = list(dict.fromkeys(_ISO2[m.group(1)] for m in _ANY_COUNTRY.finditer(body)))
    for stance in stances:
        stance.sentence = next(p for p in paragraphs if stance.sentence in p).split(". ")[0] + "."
    return SyntheticArticle(index, headline, text, expert, role, mentioned, stances)


def generate(n: int, seed: int = 0, start: int = 0) -> Iterator[SyntheticArticle]:
    """Yield articles start … start+n-1 of the corpus of `seed`."""
    for index in range(start, start + n):
        yield generate_article(index, seed)


def write_corpus(folder: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write n page dumps into a folder (created if needed) and return their paths."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in generate(n, seed):
        path = root / article.filename
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths

