"""Every word list kg's rules use, in one place, each with where it comes from.

Lists are written once; a list made of others is computed from them, never restated. The rules
that use them live in `kg.extract` (over spaCy's tokens) and `kg.resolve` (over strings). Words
are lowercase; a rule compares them with a token's `lower_` or lemma.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- people's titles and roles ---------------------------------------------------------------

PERSON_TITLES = _words(
    """
    mr mrs ms miss dr prof president vice spokesman spokeswoman spokesperson minister secretary
    senator sen rep representative gov governor general gen col colonel captain capt lt
    lieutenant sgt sergeant sir dame lord lady king queen prince princess pope rev reverend judge
    justice chancellor premier prime mayor correspondent reporter ambassador chief ceo chairman
    chairwoman director commander officer deputy foreign interior defence defense sheikh emir
    """
)
"""Titles and roles that the small English model often includes in a PERSON span
("Spokeswoman Maria Zakharova"): a name never starts with them. From the seeds and the
PolNeAR and CoNLL-2003 training splits."""

TITLE_MODIFIERS = _words("foreign interior defence defense chief vice deputy")
"""Title words that only qualify the title after them (`foreign minister`, `deputy chief`): on
their own before a name they say nothing of it."""

NAME_TITLES = PERSON_TITLES - TITLE_MODIFIERS
"""Titles that make the name after them a person's (`President Assad`)."""

EMPLOYEE_TITLES = _words(
    """
    correspondent reporter editor journalist spokesman spokeswoman spokesperson analyst anchor
    columnist producer photographer
    """
)
"""Titles whose name before them is the employer (`Rossiya-24 correspondent X`). From the seeds
and English news usage."""

TITLE_NOUNS = EMPLOYEE_TITLES | _words(
    """
    president minister secretary director chief chairman chairwoman ceo executive officer
    commander leader head founder adviser advisor envoy ambassador governor mayor senator coach
    manager professor researcher economist lawyer attorney general colonel captain lieutenant
    sergeant admiral diplomat official prosecutor judge negotiator publisher owner partner
    engineer scientist historian strategist pollster consultant lobbyist treasurer trustee dean
    provost superintendent administrator commissioner inspector investigator detective sheriff
    host fellow scholar lecturer principal
    """
)
"""Nouns a job title ends with (`foreign ministry spokesperson`). From CoNLL04 train and the
seeds."""

TITLE_WORDS = (
    TITLE_NOUNS
    | PERSON_TITLES
    | _words(
        """
        security press senior assistant executive national regional ministry affairs state
        military intelligence prime finance economy trade health justice energy top
        """
    )
)
"""Words a job title is made of (a capitalised word before a name must be one of these)."""

PAST = _words("former ex ex- then late")
TITLE_QUALIFIERS = _words("vice deputy assistant acting associate")
"""Words that make a title another one: `Vice President Cheney` is not `the president`."""
"""Words that put a title in the past (`former spokesman`): no relation is stated."""

ADMINISTRATIONS = _words("administration")
"""After a person's name, the government they lead: `the Trump administration`."""

ARMED_FORCES = _words("military army navy")
"""After a country's name, its armed forces, an organisation: `the U.S. military`."""

ORGANIZATION_DESCRIPTIONS = _words(
    "agency newspaper paper station network channel website magazine broadcaster"
)
"""Lowercase words after an organisation's name that describe it (`the Associated Press news
agency`): not part of the name. From the news-quotes dev articles."""

# -- the heads that say what a name is ------------------------------------------------------

PLACE_HEADS = _words(
    """
    base garrison airbase airfield camp crossing airport province governorate district county
    region valley river mountain mountains desert village town city neighbourhood neighborhood
    island islands peninsula strait lake bay port harbour harbor prison checkpoint oilfield
    refinery dam
    """
)
"""Nouns that make the name before them a place (`the Al-Tanf base`, `Raqqa province`). From
the Syria-war corpus and the seeds."""

ORGANIZATION_HEADS = _words(
    """
    group groups militia militias movement faction factions brigade brigades battalion
    organisation organization network company corporation conglomerate firm agency newspaper
    channel broadcaster party alliance coalition tribe clan
    """
)
"""Nouns that make the name before them an organisation (`the Maghawir al-Thawra group`).
From the Syria-war corpus and the seeds."""

FORCE_HEADS = _words("army force unit")
"""Nouns that make a name an organisation in `an army known as X` (not before a name: `the
Syrian army` names a country's army)."""

PERSON_HEADS = _words("man woman boy girl person officer soldier fighter")
"""Nouns a name stands for in `a man called X`, `a woman named X`."""

BODIES = _words("ministry embassy parliament army navy military government")
"""`Russia's foreign ministry`: an organisation of the place named before it."""

GOVERNMENT = BODIES | {"president"}
"""Nouns whose possessor is a place (`Syria's president`)."""

NAMING_VERBS = _words("known called named dubbed")
"""`an army known as X`, `a man called X`."""

PLACE_PREPOSITIONS = _words("in near outside across into")
"""A name right after these is probably a place (a weak hint)."""

# -- relations ------------------------------------------------------------------------------

EMPLOYER_PREPOSITIONS = _words("for at of with")
"""`a spokesman for X`, `an officer at X`."""

MEMBER_VERBS = _words("defect join")
"""Lemmas that make their object the subject's organisation (`defected from X`, `joined X`)."""

WORK_VERBS = _words("serve work act")
"""Lemmas of `who served as a chief officer`."""

MEMBER_NOUNS = _words("member members")
"""`X, a member of Y`."""

# -- statements -----------------------------------------------------------------------------

POLNEAR_SPEECH = _words(
    """
    acknowledge add admit affirm agree allege announce answer argue ask assert assure blog
    boast brag caution charge cite claim comment complain concede conclude concur confirm
    contend continue counter declare demand deny describe disclose email emphasise emphasize
    estimate exclaim explain inform insist interject joke lament maintain mention muse
    mutter note notice object observe opine pledge post predict proclaim promise propose
    protest question quote recall recount reiterate remark remind repeat reply report
    respond retort reveal say scream shout speculate state stress suggest tell testify text
    tout tweet urge vow warn whisper wonder write yell
    """
) | {"point out"}
"""Verbs of saying and writing (lemmas), drawn from the cue words of PolNeAR's training split
(not its dev split, which `kg eval` reports on) and from the verbs of saying that English news
uses. `kg eval`'s `statements` view is the attributions whose cue is one of these: the list is
kept as it was so that the view's figures stay comparable across versions."""

SPEECH = POLNEAR_SPEECH | _words("accuse recommend refute signal threaten")
"""Verbs of saying and writing (lemmas): quoted words next to one are a statement even when
the parse finds no subject. `POLNEAR_SPEECH`, and the verbs the news-quotes protocol adds
(`accused`, `threatened`)."""

CUES = SPEECH | _words(
    """
    accept assume believe call decide deem determine doubt expect fear feel figure find guess
    hear hope imagine indicate know learn read realise realize reckon recognise recognize
    see sense show suspect think understand worry
    """
)
"""`SPEECH` and the verbs of thinking, knowing and judging that PolNeAR's annotators also mark
as attributions when they take a clause (`Trump believes that ...`). PolNeAR train."""

FRAGMENT = _words(
    """
    accuse blast brand call chant characterise characterize cite condemn criticise criticize
    decry demand denounce deride describe dismiss dub hail insist label mock pledge portray
    praise predict promise quote recall refer seek slam term tweet urge vow warn laud thank
    """
)
"""Verbs that report words by quoting a fragment of them rather than a clause: `Obama called
inversions "unpatriotic"`, `Hollande denounced the remarks as "hurtful"`. PolNeAR train; `laud`
and `thank` (`thanked Haslam for his "act of mercy"`) from the news-quotes protocol."""

OBJECT_SPEECH = _words(
    """
    accuse admit announce call claim complain demand deny pledge promise propose recommend
    refute reiterate threaten urge vow warn
    """
)
"""Verbs of saying whose object or infinitive is what was said, with no clause: `denied any
involvement`, `vowed to respond`, `urged Congress to act`, `called on X to`. From the
news-quotes protocol (`X denied that ...`, `X warned ...`, `X announced ...`) and PolNeAR
train."""

PROMISES = _words("pledge promise threaten vow")
"""Of `OBJECT_SPEECH`, the verbs that say something only with an infinitive (`vowed to
respond`): `pledged their loyalty` is a commitment, not words reported."""

NOT_STATEMENT_BEFORE = _words(
    "so-called called dubbed termed titled named entitled nicknamed branded labelled labeled as"
)
"""A quoted stretch right after one of these is a name or a label, not a statement."""

CLAUSE_MARKS = _words("that whether if")
"""Complementisers left out of a reported clause (`said that ...`)."""

PERSONAL_PRONOUNS = _words("he she him her")
"""A speaker that refers to the last person."""

COLLECTIVE_PRONOUNS = _words("it")
"""A speaker that refers to the last organisation."""

OBJECT_CONTROL = _words("prompt lead force cause ask invite encourage push spur urge press")
"""Verbs whose object does what the verb after them says: `prompting critics to accuse him`
(the critics accuse)."""

TIME_NOUNS = _words(
    """
    morning afternoon evening night day week weekend month year monday tuesday wednesday
    thursday friday saturday sunday
    """
)
"""A subject the parse took from a time phrase (`Thursday evening in Wilkes-Barre, Trump
referred to`): never who speaks."""

RELATIVE_PRONOUNS = _words("who which that whom")
"""A speaker that refers to the noun its clause belongs to."""

PLURAL_PRONOUNS = _words("they them")
MALE_PRONOUNS = _words("he him his")
FEMALE_PRONOUNS = _words("she her hers")
MALE_TITLES = _words("mr sir lord king prince")
FEMALE_TITLES = _words("mrs ms miss dame lady queen princess")
"""Titles that say a person's gender (`Mr Hagel`)."""

VOICE_NOUNS = _words(
    """
    spokesman spokeswoman spokesperson spokespeople spokesmen spokeswomen statement report
    memo letter release communique announcement filing
    """
)
"""A source that is the organisation's own voice: `a Home Office spokeswoman said`, `the NTSB
report said`: the organisation it names is the speaker (a named person's aide, a ministry's
official or an analyst is not: they speak for themselves, unnamed). From the news-quotes
protocol and PolNeAR train."""

STUDY_NOUNS = _words("study survey poll analysis review paper report")
"""A source that is a piece of research by someone: its authors speak (`a 2014 study by
professors Lars Willnat and David Weaver indicated`: the first named)."""

STATEMENT_NOUNS = _words("statement message tweet post letter remarks")
"""What a sentence before a colon may name instead of a verb of saying (`a statement from
Speaker Nancy Pelosi:`)."""

NEWSPAPER_WORDS = _words(
    """
    times post journal telegraph guardian tribune herald gazette independent mirror observer
    chronicle examiner crimson tennessean star sun mail express inquirer globe courier
    """
)
"""A newspaper's name ends with one of these (`The Daily Telegraph`, `The Tennessean`)."""

BROADCASTER_WORDS = _words("bbc cnn nbc abc cbs msnbc fox sky itv npr pbs news tv radio")

COMPANY_WORDS = _words(
    """
    inc corp corporation co company ltd limited plc llc lp ag sa se nv holdings group bank
    airlines airways motors
    """
)
"""A company's name ends with one of these (`Swiss Re` aside)."""

DESCRIBED_ORGANIZATIONS = {
    "company": COMPANY_WORDS,
    "firm": COMPANY_WORDS,
    "group": COMPANY_WORDS,
    "carmaker": COMPANY_WORDS,
    "lender": COMPANY_WORDS,
    "newspaper": NEWSPAPER_WORDS,
    "paper": NEWSPAPER_WORDS,
    "daily": NEWSPAPER_WORDS,
    "broadcaster": BROADCASTER_WORDS,
    "network": BROADCASTER_WORDS,
    "station": BROADCASTER_WORDS,
    "channel": BROADCASTER_WORDS,
}
"""Descriptions of an organisation by its kind (`the newspaper said`): the one organisation of
the article whose name ends with one of the words is the speaker."""

# -- bylines --------------------------------------------------------------------------------

BYLINE_ORGANIZATION_WORDS = _words(
    """
    news agency agencies press staff desk wire wires service services editor editors editorial
    team media reuters afp ap bbc cnn times post journal newsroom correspondents
    """
)
"""A byline holding one of these names an organisation ("News Agencies", "Reuters Staff"), not
a person. From the seeds' and the AllSides corpus's bylines."""

BYLINE_PREFIXES = ("analysis by", "opinion by", "commentary by", "written by", "posted by",
                   "reported by", "by", "analysis", "opinion")  # fmt: skip
"""Words before the author's name in a byline ("By Evan Perez", "Analysis Stephen Collinson"):
dropped. Longest first. From the AllSides corpus's bylines."""

BYLINE_ROLE_WORDS = _words(
    """
    reporter reporters correspondent correspondents writer writers columnist columnists
    contributor contributors producer anchor editor-at-large
    """
)
"""An item of a byline holding one of these is the role of the author before it, not an
author ("Evan Perez, CNN Justice Reporter"; "Jennifer Rubin, Opinion Writer"): dropped. From
the AllSides corpus's bylines."""

BYLINE_JUNK = ("view all", "story count", "comment count", "avatar_large", "backgroundurl")
"""Pieces of a web page scraped into bylines: an item holding one is dropped."""

NAME_SUFFIXES = _words("jr jr. sr sr. ii iii iv")
"""A byline item that is only one of these belongs to the name before it ("Tom Howell, Jr.")."""

# -- gazetteer types ------------------------------------------------------------------------

KIND_NAMES = {
    "person": "Person",
    "per": "Person",
    "organization": "Organization",
    "organisation": "Organization",
    "org": "Organization",
    "place": "Place",
    "loc": "Place",
    "location": "Place",
    "gpe": "Place",
}
"""How a gazetteer file may name a type (schema.org's, CoNLL's, OntoNotes'), to kg's kind."""
