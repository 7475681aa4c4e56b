"""Word lists behind :mod:`~discourse.casualties.tagging`: casualty words, and cues for who
acted and who died.

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

A side's adjective ("israeli", "palestinian") takes the role of the noun it modifies, by one
grammar for both sides (``_side_adjective``): "the palestinian militant group" and "israeli
forces" are actors, not victims. A cue of side ``nil`` only claims its words ("the
israeli-palestinian conflict" names neither side's dead).

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
    r"helicopters?|planes?|warships?|gunboats?|bulldozers?|bullets?|grenades?|explosives?|"
    r"bombing campaign|barrage|reprisals?|gunships?|munitions?|massacres?|"
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
    r"fatalit(?:y|ies)|lives|side|nationals?|journalists?|doctors?|"
    r"medics?|patients?|refugees?|worshippers|mourners|elderly|students?|villagers?|"
    r"farmers?|fishermen|workers?|staff|neighbou?rs|relatives|grandmother|grandfather|"
    r"mother|father|sons?|daughters?|brothers?|sisters?|wife|husband|cousins?|"
    r"partygoers|festivalgoers|revellers|concertgoers|community|communities|towns?|villages?|"
    r"young|old|population|bloodshed|suffering|losses|paramedics?|couples?|protesters?|"
    r"demonstrators?|non-?combatants?|immigrants?|christians?|muslims?|jews|worshipers|"
    r"prisoners?|detainees?|shepherds?|drivers?|teachers?|nurses?|survivors?|individuals?|"
    r"adults?|toddlers?|parents|grandparents|grandchildren|newborns?)"
)
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
#: Up to two modifiers between a side word and its noun ("israeli retaliatory air strikes"):
#: words, not numbers, verbs of saying, function words ("israel says 300 soldiers") or another
#: nationality ("a palestinian israeli paramedic" is each nationality's).
_BETWEEN = (
    r"(?:(?!(?:says?|said|told|has|have|had|is|are|was|were|and|or|but|to|of|the|in|on|that|"
    r"israeli|palestinian|arab|" + _NATIONALITY + r")(?![\w'-]))[a-z][\w'-]* ){0,2}?"
)
_ISR = r"(?:israel's|israeli|israel|idf|idf's|israeli-led|israel-led)"
_HAMAS = r"(?:hamas|hamas's|hamas')"
#: Who fights for a side: its forces, armed men and (armed or ruling) groups. A side's adjective
#: before one of these belongs to the force ("the palestinian militant group", "israeli forces"),
#: not to its victims; a rights, aid or protest group is no force (its modifier is not listed).
_ARMED = (
    r"(?:" + _FORCE_WORDS + r"|militants?|gunm[ae]n|terrorists?|guerrillas?|fighters?|"
    r"attackers?|assailants?|infiltrators|operatives?|commanders?|officers?|generals?|"
    r"colonels?|force)"
)
_GROUP = (
    r"(?:(?:militant|armed|islamist|islamic|resistance|political|ruling|terror|terrorist|"
    r"extremist|radical|jihadi|jihadist|hard-?line|rival|paramilitary|military|guerrilla|"
    r"nationalist|leftist|marxist|secular) ){0,2}(?:groups?|movements?|organi[sz]ations?|"
    r"factions?|militias?|wings?|brigades?|cells?)"
)
#: Who reports a side's toll ("israeli officials", "the palestinian red crescent").
_SOURCE_WORDS = (
    r"officials?|spokes(?:man|woman|person)|authorities|authority|media|news agency|"
    r"television|radio|government|prime minister|president|leaders?|ministers?|ministry|"
    r"tally|tallies|figures|count|red crescent|civil defen[cs]e|emergency services|"
    r"rescue services"
)
#: Words after a side's bare adjective that show it is used as a noun ("a palestinian was
#: killed", "the israeli who died"), or is one of two nationalities ("palestinian american").
_NOT_A_NOUN = "|".join(
    [
        "is|are|was|were|be|been|has|have|had|who|whom|whose|that|which|and|or|but|nor|in|on|at",
        "from|by|with|to|of|for|near|after|before|during|since|as|than|including|among|while",
        "when|where|could|would|will|may|might|must|can|should|said|says|told|living|born",
        "descent|origin|arab|jewish|israeli|palestinian",
        _NATIONALITY,
        *sorted(VERB_FORMS, key=len, reverse=True),
    ]
)
#: A nationality joined to a side's name by a hyphen ("palestinian-american").
_HYPHENATED = rf"(?:{_NATIONALITY}|arab|born)s?"


def _side_adjective(adjective: str, side: str) -> tuple[tuple[str, str, str], ...]:
    """The cues a side's adjective opens, one grammar for both sides. An attack or force it
    modifies is that side's, an agent ("israeli air strikes", "the palestinian militant group");
    a toll source is a source; it marks people only when it modifies people ("israeli
    civilians") or stands as a noun ("a palestinian was killed"). Before any other noun ("the
    palestinian enclave", "israeli territory") it says where, the weak cue of a place."""
    adj = f"(?:{adjective})"
    as_noun = rf"{adj}(?= (?:{_NOT_A_NOUN}|[^\w\s])(?![\w'-])|$)"
    people = rf"{adj} {_BETWEEN}{_PEOPLE}|{adj}s|{adj}-{_HYPHENATED}|{as_noun}"
    return (
        (rf"{adj} {_BETWEEN}{_ATTACK}", side, "instr"),
        (rf"{adj} (?:{_GROUP}|{_BETWEEN}{_ARMED})", side, "actor"),
        (rf"{adj} (?:[\w'-]+ )?(?:health )?(?:{_SOURCE_WORDS})", side, "source"),
        (people, side, "people"),
        (rf"{adj}(?= (?!(?:{_NOT_A_NOUN})(?![\w'-]))[a-z])", side, "place"),
    )


_OCT7 = r"(?:(?:oct\.?|october) 7(?:th)?|7 october|october seventh)"

#: (pattern, side, role), tried in order; a token claimed by an earlier cue is not reused.
CUE_PATTERNS: tuple[tuple[str, str, str], ...] = (
    # An attack one side led, before "hamas-led" is read as the ministry's ("hamas-led assault").
    (r"hamas-led " + _BETWEEN + _ATTACK, "pal", "instr"),
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
    # A third country's forces, before the bare force nouns below claim "soldiers".
    (
        r"(?:" + _NATIONALITY + r"|lebanese|egyptian|jordanian|us|un) "
        r"(?:" + _FORCE_WORDS + r"|fighters|militants|gunmen|peacekeepers|service members)",
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
        r"cross-border (?:attack|raid|assault|incursion|infiltration)s?)",
        "pal",
        "instr",
    ),
    (r"(?:palestinian )?islamic jihad", "pal", "actor"),
    # Adjectives of the conflict, not of a side's people ("the israeli-palestinian conflict").
    (r"israeli-palestinian|palestinian-israeli", "nil", "nil"),
    *_side_adjective("israeli", "isr"),
    *_side_adjective("palestinian|gazan", "pal"),
    (
        _HAMAS + r"(?: " + _BETWEEN + r"(?:militants?|gunmen|gunman|fighters|terrorists?|"
        r"operatives?|attackers?|members|commanders?|leaders?|infiltrators|invaders|men|forces))?",
        "pal",
        "actor",
    ),
    (r"(?:militants?|gunmen|terrorists?|infiltrators|attackers|assailants)", "pal", "actor"),
    # Bare force nouns take the side this war's coverage means by them, for both sides alike; a
    # third country's forces named with them ("Lebanese soldiers") are matched first.
    (r"(?:soldiers?|troops|reservists|warplanes|fighter jets)", "isr", "actor"),
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
    (r"\w+-israelis?|hostages?|captives|abductees", "isr", "people"),
    (
        r"(?:kibbutz\w*|festival|rave|nova|supernova|be'eri|beeri|kfar aza|nir oz|sderot|ofakim|"
        r"re'im|nahal oz|netiv ha'?asara|kissufim|holit|nir yitzhak|kerem shalom|ashkelon|"
        r"tel aviv|haifa|ashdod|netivot|beersheba|zikim|yad mordechai|nir am|kfar azza|"
        r"southern israel|border communities)",
        "isr",
        "place",
    ),
    (
        r"(?:near|along|around|on|by) the gaza border|gaza envelope|"
        r"border with (?:the )?gaza(?: strip)?|"
        r"(?:communities|towns|kibbutzim|villages) (?:near|around|along) (?:the )?gaza",
        "isr",
        "place",
    ),
    (r"israel|israel's", "isr", "actor"),
    (r"\w+-palestinians?", "pal", "people"),
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
