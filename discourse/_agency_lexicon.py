"""Word lists behind :mod:`discourse.agency`: casualty words, and cues for who acted and who died.

Every cue is a regular expression over the *normalised view* of a sentence: lower case, straight
apostrophes, one space between tokens, punctuation as separate tokens ("oct . 7", "israel's").
A cue carries a side (``isr``, ``pal``, ``oth``; ``both`` stands for one cue of each side, and
``frn``, foreign nationals, for ``oth`` or nothing, as the reading asks) and a role:

``instr``  an attack or weapon ("israeli airstrikes", "hamas's attack"): can only be an agent;
``actor``  an armed force or group ("hamas militants", "israeli soldiers", "hezbollah"): the agent
           when it is the subject of an active verb, a victim when it is the object;
``people`` a population ("palestinians", "israeli civilians", "gazans"): only a victim;
``place``  where the deaths happened ("in gaza", "kibbutz", "southern israel"): a weaker victim cue;
``source`` who reports the toll ("the gaza health ministry"): the weakest victim cue.

The lists are general vocabulary of this conflict's coverage (nationality words, armed groups,
weapons, places); they describe usage and take no side.
"""

from __future__ import annotations

import re

from lemminflect import getAllInflections, getInflection


def words(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string."""
    return frozenset(text.split())


#: Verbs whose subject or object died or was hurt; the value says whether the verb takes an object.
CASUALTY_VERBS: dict[str, bool] = {
    "kill": True,
    "murder": True,
    "slaughter": True,
    "massacre": True,
    "execute": True,
    "behead": True,
    "assassinate": True,
    "slay": True,
    "stab": True,
    "shoot": True,
    "injure": True,
    "wound": True,
    "maim": True,
    "lynch": True,
    "butcher": True,
    "die": False,
    "perish": False,
}

#: Verbs of injury: a sentence's casualty verb is one of these only when it has no verb of death.
INJURY_VERBS: frozenset[str] = frozenset({"injure", "wound", "maim", "stab", "shoot"})
#: Verbs whose base form is more often a noun ("a massacre", "the slaughter").
NOUN_VERBS: frozenset[str] = frozenset({"massacre", "murder", "slaughter"})

#: Casualty nouns and adjectives: they make a sentence a casualty report but carry no voice.
CASUALTY_NOUNS: frozenset[str] = (
    words("""death deaths dead deadly deadliest casualty casualties fatality fatalities toll tolls
    killing killings massacre massacres slaughter murder murders bodies corpse corpses injuries
    injured wounded bloodshed carnage slain""")
)


def _verb_forms() -> dict[str, tuple[str, str]]:
    """Map every inflected form of a casualty verb to ``(lemma, tag)``; past forms get "VBN"."""
    forms: dict[str, tuple[str, str]] = {}
    for lemma in CASUALTY_VERBS:
        for tag, inflected in getAllInflections(lemma, upos="VERB").items():
            for word in inflected:
                # "killed" is both VBD and VBN: keep VBN, the voice rules tell them apart.
                if word not in forms or tag == "VBN":
                    forms[word] = (lemma, tag)
        # lemminflect lists no VBN when it equals the VBD ("killed"); ask for it by tag.
        for word in getInflection(lemma, tag="VBN"):
            forms[word] = (lemma, "VBN")
    return forms


#: Inflected casualty verb form -> (lemma, Penn tag); "shot" and "killed" are tagged VBN.
VERB_FORMS: dict[str, tuple[str, str]] = _verb_forms()

#: Words that make a following infinitive or participle hypothetical ("could be killed").
MODALS: frozenset[str] = words(
    "will would could might may can shall should must 'll wo ca to threatened threaten threatens "
    "vowed vow fear feared afraid if risk unless danger avoid avoiding prevent preventing prospect "
    "we'll they'll i'll you'll he'll she'll it'll won't wouldn't couldn't can't shouldn't"
)
#: Words that may stand between such a word and the verb ("at risk of dying", "will begin dying").
HYPOTHETICAL_GAP: frozenset[str] = words("of begin start starting beginning soon as well")
#: Words after a casualty noun that make it no report of deaths ("a death sentence").
NOT_REPORT_NEXT: frozenset[str] = words(
    "sentence sentences penalty threat threats squad squads wish trap traps knell march cult to"
)
BE_FORMS: frozenset[str] = words(
    "be is are was were been being am 's 're get gets got gotten getting"
)
HAVE_FORMS: frozenset[str] = words("have has had having 've 'd")
#: Words that may sit between an auxiliary and the participle ("were reportedly all killed").
ADVERBS: frozenset[str] = words(
    """not n't never also all both reportedly allegedly since ever just already later been
    being each either then still mostly mainly largely nearly almost apparently presumably
    subsequently brutally tragically killed soon eventually"""
)
#: Tokens after a bare participle that show it modifies a noun ("those killed in ...").
REDUCED_RELATIVE_NEXT: frozenset[str] = words(
    """by in on at during since when while after before near inside across amid as throughout
    from following within , . ; : ) " — - so last this yesterday today overnight earlier
    there here under outside monday tuesday wednesday thursday friday saturday sunday"""
)
#: Words before a participle that make it a finite active verb ("that killed", "he killed").
SUBJECT_WORDS: frozenset[str] = words("he she they we i it who which that you")
#: Tokens that end the search for a verb's subject or object.
BOUNDARIES: frozenset[str] = words(
    """; . : ! ? " “ ” ( ) said says say told according while whereas but although though
    prompting"""
)
#: Tokens introducing a phrase that names the cause of a death ("killed by", "died in").
CAUSE_PREPOSITIONS: frozenset[str] = words(
    "by in from during amid under after following through with"
)

_ATTACK_WORDS = (
    r"air ?strikes?|airstrikes?|strikes?|bombs?|bombings?|bombardments?|shelling|fire|gunfire|"
    r"attacks?|raids?|missiles?|rockets?|shells?|retaliation|response|counter-?offensive|"
    r"counter-?attacks?|offensive|operations?|siege|blockade|invasion|incursions?|assaults?|"
    r"campaign|war|onslaught|artillery|drones?|tanks?|snipers?|jets?|warplanes?|aircraft|"
    r"helicopters?|bombing campaign|barrage|reprisals?|gunships?|munitions?|massacres?|"
    r"killings?|rampage|atrocities|slaughter|terror|violence"
)
_ATTACK = f"(?:{_ATTACK_WORDS})"
_FORCE_WORDS = (
    r"military|army|forces|troops|soldiers?|police|settlers?|navy|air force|"
    r"defen[cs]e forces|security forces|government|reservists?|commandos?"
)
_FORCE = f"(?:{_FORCE_WORDS})"
_PEOPLE = (
    r"(?:civilians?|citizens?|tourists?|visitors?|volunteers?|children|child|kids|babies|baby|infants?|women|woman|men|man|"
    r"people|persons|hostages?|captives?|families|family|residents?|victims?|teenagers?|"
    r"teens?|youths?|boys?|girls?|dead|deaths?|death toll|toll|casualt(?:y|ies)|"
    r"fatalit(?:y|ies)|lives|side|americans?|canadians?|nationals?|journalists?|doctors?|"
    r"medics?|patients?|refugees?|worshippers|mourners|elderly|students?|villagers?|"
    r"farmers?|fishermen|workers?|staff|neighbou?rs|relatives|grandmother|grandfather|"
    r"mother|father|sons?|daughters?|brothers?|sisters?|wife|husband|cousins?|"
    r"partygoers|festivalgoers|revellers|concertgoers|community|communities|towns?|villages?|"
    r"young|old|population|bloodshed|suffering|losses)"
)
#: Up to two modifiers between a side word and its noun ("israeli retaliatory air strikes"):
#: words, not numbers, verbs of saying or function words ("israel says 300 soldiers").
_BETWEEN = (
    r"(?:(?!(?:says?|said|told|has|have|had|is|are|was|were|and|or|but|to|of|the|in|on|that)"
    r"(?![\w'-]))[a-z][\w'-]* ){0,2}?"
)
_ISR = r"(?:israel's|israeli|israel|idf|idf's)"
#: Nationalities other than the two sides, as adjectives and as plural nouns.
_NATIONALITY = (
    r"american|canadian|british|french|german|thai|nepali|nepalese|filipino|argentine|"
    r"argentinian|mexican|brazilian|spanish|italian|irish|dutch|chinese|australian|austrian|"
    r"belgian|portuguese|colombian|peruvian|chilean|cambodian|sri lankan|tanzanian|foreign"
)
_NATIONALS = (
    r"americans|canadians|britons|germans|thais|nepalis|filipinos|argentines|argentinians|"
    r"mexicans|brazilians|spaniards|italians|australians|austrians|belgians|colombians|"
    r"peruvians|chileans|cambodians|sri lankans|tanzanians"
)
_HAMAS = r"(?:hamas|hamas's|hamas')"
_OCT7 = r"(?:(?:oct\.?|october) 7(?:th)?|7 october|october seventh)"

#: (pattern, side, role), tried in order; a token claimed by an earlier cue is not reused.
CUE_PATTERNS: tuple[tuple[str, str, str], ...] = (
    # Toll sources first, so that "hamas-run" and "the israeli government said" are not agents.
    (
        r"(?:hamas-(?:run|controlled|led|ruled|governed|administered|affiliated)|gaza's|gaza|"
        r"palestinian) (?:[\w'-]+ ){0,2}?(?:health )?(?:ministry|authorities|officials|authority)",
        "pal",
        "source",
    ),
    (
        r"(?:health ministry|ministry of health|health authorities|health officials) (?:in|of) "
        r"(?:the )?(?:gaza|hamas-run gaza)(?: strip)?",
        "pal",
        "source",
    ),
    (r"(?:hamas-run|hamas-controlled|hamas-led|hamas-ruled|hamas-governed)", "pal", "source"),
    (r"health ministry|ministry of health", "pal", "source"),
    (
        _HAMAS + r" (?:media office|spokes(?:man|woman|person)|officials?|authorities|"
        r"statement|government|ministry|television|radio|channel)",
        "pal",
        "source",
    ),
    # The dead of each side at once ("killed on both sides").
    (r"(?:on|from) both sides|both sides", "both", "people"),
    # Foreign nationals: who they are, not where they died ("27 Americans", "French citizens").
    (
        r"(?:" + _NATIONALITY + r") " + _BETWEEN + _PEOPLE + r"|" + _NATIONALS + r"|"
        r"foreigners|foreign (?:nationals|citizens|workers|passport-holders)|dual (?:nationals|"
        r"citizens)|u\.s\. (?:citizens|nationals)",
        "frn",
        "people",
    ),
    (
        r"(?:hezbollah|hezbollah's|russia|russian|russians|ukraine|ukrainian|isis|islamic state|"
        r"houthis?|syrian|iranian|u\.s\.|american|sudan|sudanese|cartel|taliban|al-qaeda)"
        r"(?: " + _BETWEEN + r"(?:" + _ATTACK_WORDS + r"|" + _FORCE_WORDS + r"|fighters|militants|"
        r"gunmen|members|commanders?))?",
        "oth",
        "actor",
    ),
    (
        _OCT7 + r" " + _BETWEEN + r"(?:attacks?|assaults?|massacres?|rampage|incursion|"
        r"raids?|atrocities|onslaught|killings|invasion)",
        "pal",
        "instr",
    ),
    (_HAMAS + r" " + _BETWEEN + _ATTACK, "pal", "instr"),
    (
        r"(?:terror(?:ist)? attacks?|rockets? fired from gaza|rocket fire from gaza|"
        r"palestinian (?:rockets?|rocket fire|rocket attacks?|militant attacks?)|"
        r"cross-border (?:attack|raid|assault)s?)",
        "pal",
        "instr",
    ),
    (
        r"(?:islamic jihad|palestinian (?:[\w'-]+ )?(?:militants?|gunmen|gunman|terrorists?|"
        r"guerrillas|fighters|attackers?|assailants?|militant groups?|armed groups?|factions?))",
        "pal",
        "actor",
    ),
    (
        _HAMAS + r"(?: " + _BETWEEN + r"(?:militants?|gunmen|gunman|fighters|terrorists?|"
        r"operatives?|attackers?|members|commanders?|leaders?|infiltrators|invaders|men|forces))?",
        "pal",
        "actor",
    ),
    (r"(?:militants?|gunmen|terrorists?|infiltrators|attackers|assailants)", "pal", "actor"),
    (_ISR + r" " + _BETWEEN + _ATTACK, "isr", "instr"),
    (
        r"(?:in|inside|into|across|of|to|on|throughout) (?:southern |northern |central )?israel"
        r"|israel's (?:south|north)",
        "isr",
        "place",
    ),
    (
        _ISR + r" " + _BETWEEN + _FORCE + r"|idf|israel defen[cs]e forces|"
        r"netanyahu|(?:jewish )?settlers?",
        "isr",
        "actor",
    ),
    (
        r"israeli (?:[\w'-]+ )?(?:officials?|spokes(?:man|woman|person)|authorities|media|"
        r"government|prime minister|president|leaders?|ministers?|ministry|army radio|tally|"
        r"tallies|figures|count)",
        "isr",
        "source",
    ),
    (
        r"israelis?|israeli-\w+|\w+-israelis?|israeli " + _BETWEEN + _PEOPLE + r"|hostages?|"
        r"captives|abductees",
        "isr",
        "people",
    ),
    (
        r"(?:kibbutz\w*|festival|rave|nova|supernova|be'eri|beeri|kfar aza|nir oz|sderot|ofakim|"
        r"re'im|nahal oz|netiv ha'?asara|kissufim|holit|nir yitzhak|kerem shalom|ashkelon|"
        r"tel aviv|haifa|ashdod|netivot|beersheba|zikim|yad mordechai|nir am|kfar azza|"
        r"southern israel|israeli communities|israeli towns|border communities)",
        "isr",
        "place",
    ),
    (
        r"(?:near|along|around|on|by) the gaza border|gaza envelope|border with gaza|"
        r"(?:communities|towns|kibbutzim|villages) (?:near|around|along) (?:the )?gaza",
        "isr",
        "place",
    ),
    (r"israel|israel's", "isr", "actor"),
    (
        r"palestinians?|palestinian-\w+|\w+-palestinians?|palestinian "
        + _BETWEEN
        + _PEOPLE
        + r"|gazans?|gazan",
        "pal",
        "people",
    ),
    (
        r"lebanon|lebanon's|lebanese|southern lebanon|syria|syria's|ukraine|sudan|afghanistan|"
        r"iraq|yemen",
        "oth",
        "place",
    ),
    (
        r"(?:gaza|gaza's|west bank|khan y(?:o|ou|u)nis|rafah|jabal[iy]y?a|nuseirat|"
        r"deir al[- ]balah|"
        r"shati|bureij|maghazi|beit hanoun|beit lahia|beit lahiya|refugee camps?|al-ahli|ahli|"
        r"al-shifa|shifa|jenin|nablus|hebron|tulkarm|ramallah|qalqilya|tubas|jericho|"
        r"zeitoun|shejaiya|shujaiya|strip|enclave|territory's)",
        "pal",
        "place",
    ),
)

#: The cue patterns compiled once, each anchored at token edges ("israel" never matches inside
#: "israel-hamas" or "israel's").
CUES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(r"(?<![\w'-])(?:" + p + r")(?![\w'-])"), side, role)
    for p, side, role in CUE_PATTERNS
)
