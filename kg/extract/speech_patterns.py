"""The patterns that speech frames and names follow in the genre, shared by kg.extract.people."""

from __future__ import annotations

import re

# Verbs that report what someone said or wrote, in the forms the genre uses.
SPEECH = (
    r"said|says|told|tells|added|adds|stated|states|noted|notes|stressed|stresses|"
    r"emphasi[sz]ed|emphasi[sz]es|underlined|underlines|underscored|underscores|explained|"
    r"explains|pointed\s+out|points\s+out|pointed\s+to|points\s+to|referred\s+to|refers\s+to|"
    r"argued|argues|believes|believed|maintained|maintains|asserted|asserts|continued|"
    r"continues|remarked|remarks|observed|observes|highlighted|highlights|reiterated|"
    r"reiterates|warned|warns|cautioned|cautions|predicted|predicts|concluded|concludes|"
    r"mentioned|mentions|clarified|clarifies|opined|wrote|writes|suggested|suggests|"
    r"acknowledged|acknowledges|insisted|insists|commented|comments|indicated|indicates|"
    r"elaborated|recalled|recalls|reminded|considers|assessed|assesses|analy[sz]ed|"
    r"analy[sz]es|replied|answered|thinks|expressed|described|describes|went\s+on\s+to\s+say"
)
SPEECH_RE = re.compile(rf"\b(?:{SPEECH})\b")
# Words between a subject and its speech verb that do not change who speaks.
TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:also|further|then|later|recently|again|once|finally|moreover|furthermore|"
    r"additionally|however|clearly|explicitly|previously|earlier|has|had|have|will|would|"
    r"in|addition|continued|to|went|on|had|already|firmly|strongly))+\s*$",
    re.IGNORECASE,
)

# Nouns that make a description an expert's (analysts, scholars, former diplomats).
EXPERT_ROLES = frozenset(
    """expert experts researcher analyst professor scholar specialist academic lecturer fellow
    commentator observer diplomat ambassador envoy journalist director strategist scientist
    economist historian orientalist iranologist sinologist turkologist kremlinologist
    teacher consultant author writer editor pundit connoisseur member faculty advisor adviser
    instructor investigator theorist founder co-founder dean""".split()
)
# What an expert does, in a relative clause: "who teaches international relations at …".
EXPERT_VERBS = frozenset(
    """teaches taught lectures researches studies specializes specialises edits heads directs
    leads runs chairs""".split()
)
# Places whose staff speak as experts, whatever their title.
RESEARCH_PLACES = frozenset(
    """institute university center centre think tank academy studies school foundation
    college forum programme observatory""".split()
) - {"think", "tank"}
# Titles of office: their holders are people the article names, not experts (unless "former").
OFFICIAL_TITLES = frozenset(
    """president minister spokesman spokesperson spokeswoman leader king queen prince emir
    sheikh sultan ayatollah secretary chancellor premier commander general admiral senator
    official officials governor mayor chief speaker deputy representative negotiator""".split()
)
NAME_TITLES = (
    r"(?:Dr\.?|Prof\.?|Professor|Mr\.?|Mrs\.?|Ms\.?|Ambassador|President|Prime\s+Minister|"
    r"Foreign\s+Minister|Defen[cs]e\s+Minister|Minister|Chancellor|King|Queen|Crown\s+Prince|"
    r"Prince|Emir|Sheikh|Sultan|Ayatollah|Secretary(?:-General|\s+General)?|Senator|"
    r"General|Gen\.|Admiral|Spokes(?:man|person|woman)|Speaker|Leader|Pope)"
)
TITLE_PREFIX = re.compile(rf"^(?:{NAME_TITLES}\s+)+")
# A capitalised word of any Latin script ("Vuksanović", "Konaté-Berthier").
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
NAME_WORD = rf"[{UPPER}](?:[^\W\d_]|['’])+(?:-[^\W\d_]+)*"
PARTICLE = r"(?:al-|el-|bin|ibn|bint|de|van|von|der|da|di|du|la|le|ben|abu|Abu|Al-|El-)"
NAME = rf"{NAME_WORD}(?:\s+(?:{PARTICLE}\s*)?{NAME_WORD}){{0,3}}"
NAME_RE = re.compile(rf"\b{NAME}\b")
FULL_NAME = re.compile(rf"(?:{NAME_TITLES}\s+)*({NAME})")
PRONOUN = re.compile(r"^(?:he|she)$", re.IGNORECASE)
DETERMINER = re.compile(r"^(a|an|the|this|that|our|said)\s+", re.IGNORECASE)
# An appositive description: with an article ("an expert on …"), a bare role ("director of
# the Z Institute", "senior fellow at …", "professor of politics at …"), or a relative clause
# saying what the person does ("who teaches international relations at …").
BARE_ROLES = (
    r"(?:(?:senior|junior|visiting|associate|assistant|adjunct|deputy|executive|founding|"
    r"former|research|non-resident|nonresident|distinguished|principal|chief|lead|managing|"
    r"program|programme|regional)\s+){0,3}"
    r"(?:director|head|chair|chairman|chairwoman|founder|co-founder|dean|coordinator|fellow|"
    r"professor|lecturer|researcher|analyst|expert|specialist|scholar|editor|economist|"
    r"historian|adviser|advisor|president|manager|associate)"
    r"\s+(?:of|at|in|on|for|with)\s"
)
WHO_ROLES = (
    r"who\s+(?:teaches|lectures|researches|studies|heads|directs|leads|chairs|runs|"
    r"specializes|specialises|works|worked|served|serves|has\s+written|writes|taught|"
    r"founded|co-founded|edits)\b"
)
APPOSITIVE = rf"(?:(?:a|an|the)\s[^,;]+?|{BARE_ROLES}[^,;]+?|{WHO_ROLES}[^,;]+?)"
APPOSITION = re.compile(
    rf"(?:{NAME_TITLES}\s+)*({NAME})\s*,\s*({APPOSITIVE})\s*,\s*$"
)
INTRODUCTION = re.compile(
    rf"^(?:[^,]{{0,80}},\s+)?(?:{NAME_TITLES}\s+)*({NAME})\s*,\s*({APPOSITIVE})\s*,"
    rf"\s*(?!who\b|which\b|whose\b)[a-z]"
)
# The lead may introduce several experts at once: "A, a political economist at X, and B, a
# former adviser, told…", "A of the Y Institute and B, an associate professor, discussed…".
LISTED_EXPERT = re.compile(
    rf"(?:{NAME_TITLES}\s+)*({NAME})(?:\s*,\s*({APPOSITIVE})\s*,|\s+(of\s+the\s+[^,;]+?)"
    rf"\s+and\s)"
)
# A Q&A's interviewer introduces the expert as an object: "we asked X, a researcher of Y, which…".
ASKED_INTRODUCTION = re.compile(
    rf"(?:\b(?:[Ww]e|I)\s+(?:asked|spoke\s+(?:to|with)|talked\s+(?:to|with)|interviewed|"
    rf"put\s+\w+\s+questions\s+to)|\b(?:[Ii]nterview|[Cc]onversation)\s+with)\s+"
    rf"(?:{NAME_TITLES}\s+)*({NAME})\s*,\s*({APPOSITIVE})\s*,"
)
TITLED_BEFORE = re.compile(rf"{NAME_TITLES}\s+$")
WHO_AFTER = re.compile(r"\s*,\s*who\b")
LED_BY_BEFORE = re.compile(r"\b(?:(?:led|headed)\s+by|words\s+of)\s+$")
WHO = re.compile(rf"({NAME})\s*,\s*who\s*$")
ACCORDING = re.compile(
    rf"\b[Aa]ccording\s+to\s+((?:the|this|that)\s+[\w\s-]+?|{NAME}|him|her)(?=\s*[,.;])"
    rf"(?:\s*,\s*({APPOSITIVE})\s*[,.;])?"
)
# A speech verb before its subject: '"…," said Ali Rezaei, a professor at Tehran University.'
INVERTED = re.compile(
    rf"[,”\"]\s*(?:said|says|added|noted|explained|stressed|argued|writes|wrote)\s+"
    rf"(?:{NAME_TITLES}\s+)*({NAME})(?:\s*,\s*((?:a|an|the)\s[^,.;]+|{BARE_ROLES}[^,.;]+))?"
)
# Cues that the speaker is the article's interviewee or author.
INTERVIEW_CUE = re.compile(
    r"\b(?:in\s+an?\s+(?:exclusive\s+)?interview\s+with|speaking\s+to|talking\s+to|"
    r"in\s+a\s+conversation\s+with|told)\b",
    re.IGNORECASE,
)
# Who moderated, chaired or hosted a panel, or edited a text, ran it and was not asked
HOST_BEFORE = re.compile(r"\b(?:moderated|chaired|hosted|presented|introduced|edited|translated"
                         r"|organi[sz]ed)\s+by\s*$", re.IGNORECASE)
# "told the Harbour Review", "told our correspondent", "told us": the speaker is the one the
# outlet interviewed. A governmental body told something is no outlet ("told the Security
# Council"), so its words are left out.
TOLD_OUTLET = re.compile(
    r"told\s+(?:us\b|(?:our|this)\s+(?:correspondent|reporter|editor|newspaper|magazine|"
    r"website|site|publication|podcast|programme|program|newsletter)\b|(?:the\s+)?"
    r"(?!(?:UN|United|Security|General|European|National|State)\b)"
    r"(?:[A-Z][\w'’&-]*\s+(?:(?:on|of|for|and)\s+)?){0,5}(?:Review|Monitor|Observatory|Forum|"
    r"Letter|Papers|Digest|Notes|Desk|Journal|Gazette|Times|Post|Herald|Tribune|Institute|"
    r"Centre|Center|Council|Online|Magazine|Quarterly|Weekly|Daily|Radio|Podcast|Relations)\b)"
)
WRITING_CUE = re.compile(
    r"\b(?:writing\s+(?:for|in)|in\s+an?\s+(?:note|article|analysis|op-ed|column|commentary)\s+"
    r"(?:for|in|published))\b",
    re.IGNORECASE,
)
KNOWS_ABOUT = (
    re.compile(r"\b(?:expert|specialist|researcher|analyst|scholar|authority|fellow)\s+"
               r"(?:on|in|of|for)\s+"
               r"(.+)$", re.IGNORECASE),
    re.compile(r"\bprofessor\s+of\s+(.+)$", re.IGNORECASE),
    re.compile(r"^(?:(?:a|an|the|this|that)\s+)?(?:former\s+|senior\s+|leading\s+)?"
               r"(.+?)\s+(?:expert|researcher|analyst|specialist|scholar)$", re.IGNORECASE),
)
# Capitalised words that start sentences or name things but never form a person's name.
NOT_NAME_WORDS = frozenset(
    """The A An In On At As But And However This That These Those It Its He She They We I
    His Her Their Our Meanwhile Moreover Also Although While When Since After Before There
    According Referring Pointing Emphasizing Emphasising Stressing Noting Speaking Writing
    Talking Regarding Concerning Despite Through With Without From For To Of By Basically
    Strategic Council Online Foreign Relations Interview Note Analysis University Institute
    Center Centre Ministry Party Union Nations Organization Organisation Assembly Government
    Regime Republic Islamic Parliament House Commons Army Forces Force Guard Corps Agency
    News Bank Fund Group Committee Cooperation Security Affairs Studies International
    National Middle East West North South Gulf Sea Ocean Crisis War Summit Conference Forum
    Treaty Agreement Accord Plan Deal Day Week Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday January February March April May June July August September October
    November December Comments Latest Content Loading Minister President Foreign Prime
    Defense Defence Secretary General Ambassador Spokesman Spokesperson Professor Dr Mr
    Mrs Ms Prof Leader Supreme Federal State States United Kingdom European Economic
    Democratic Labor Labour Conservative Zionist Crimean Asia Asian Europe Africa African
    America American Caucasus Eastern Western Northern Southern Central Pacific Atlantic
    Indian Arab Arabian Persian Mediterranean Black Red Caspian Baltic Balkan Sahel Levant
    Kremlin White Pentagon Capitol Downing Street Hall Palace Court Justice Law Charter
    Resolution Council's Online's Secretary-General Emirates Kingdom's Coalition Alliance
    Front Movement Initiative Corridor Road Belt Route Program Programme Project Strategy
    Doctrine Vision Operation Revolution Revolutionary Guards Police Navy Air Naval Nuclear
    Energy Atomic Gas Oil Trade Free Zone Development Investment Market Markets Exchange
    Online—Interview Interview: Iran Iranian Russia Russian Turkey Turkiye Turkish China
    Chinese Ukraine Ukrainian Israel Israeli God Allah Islam Muslim Muslims Christian
    Jewish Shia Sunni Hezbollah Hamas Taliban Houthis Houthi ISIS Daesh NATO EU UN""".split()
)
