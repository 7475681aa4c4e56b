"""Tests for discourse.casualties (tagging and measures): each rule on invented sentences, then floors on the real labels."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import polars as pl
import pytest
from conftest import benchmark_module
from polars.testing import assert_frame_equal

from discourse import (
    DiscourseError,
    NotApplicableError,
    agency,
    casualty_sentences,
    casualty_tolls,
    mentions_per_death,
    voice_shares,
)

ROOT = Path(__file__).resolve().parents[1]


def one(sentence: str) -> dict[str, object]:
    return agency(pl.DataFrame({"text": [sentence]})).row(0, named=True)


@pytest.mark.parametrize(
    ("sentence", "verb", "voice"),
    [
        ("Three shepherds were killed near the village.", "kill", "passive"),
        ("Two medics have been killed since Sunday.", "kill", "passive"),
        ("The shepherds were reportedly shot on Tuesday.", "shoot", "passive"),
        ("Bodies of shepherds killed in the shelling lay in the road.", "kill", "passive"),
        ("An old farmer died in the bombardment.", "die", "active"),
        ("The raid killed at least nine teachers.", "kill", "active"),
        ("The blast that killed four porters shook the port.", "kill", "active"),
        ("Militants have killed a guard.", "kill", "active"),
        ("Gunmen stormed the village, killing six farmers.", "kill", "active"),
        ("Fighters murdered and kidnapped dozens of villagers.", "murder", "active"),
        ("Four guards were wounded and a fifth was killed.", "kill", "passive"),
        ("The Nova massacre shocked the country.", None, None),
        ("Two guards killed early yesterday by a sniper were buried.", "kill", "passive"),
        ("Three of those killed were nurses.", "kill", "passive"),
        ("The number of farmers killed and displaced has doubled.", "kill", "passive"),
        ("Villagers killed or missing in the flood were named.", "kill", "passive"),
        (
            "Ninety villagers killed and 300 wounded would be a disaster anywhere.",
            "kill",
            "passive",
        ),
        ("The shells killed and injured civilians.", "kill", "active"),
        ("Children in the camp are dying of thirst.", "die", "active"),
        ("A deadly massacre shook the valley.", None, None),
        ("The family murders shocked the village.", None, None),
        ("When the gang brutally slaughters villagers, nobody speaks.", "slaughter", "active"),
        ("These are the rifles the militia is using to kill farmers.", "kill", "active"),
        ("It was time the raiders used to murder shepherds.", "murder", "active"),
        ("The family fled north, only to be shot at a checkpoint.", "shoot", "passive"),
        ("The old ferryman went back, only to die in the storm.", "die", "active"),
        # Aim is no report, but being shot at a place is.
        ("The porter was shot at the gate.", "shoot", "passive"),
    ],
)
def test_verb_and_voice(sentence: str, verb: str | None, voice: str | None) -> None:
    row = one(sentence)
    assert row["casualty"] is True
    assert (row["verb"], row["voice"]) == (verb, voice)


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks resumed on Monday.",
        "Officials warned that many more could be killed.",
        "The leader threatened to kill the negotiators.",
        "Doctors fear patients will die without fuel.",
        "Doctors say the patients are at risk of dying.",
        "The court handed down a death sentence.",
        # A modal with an adverb before its verb is still a modal.
        "Aid workers warn that many more will likely die.",
        "Such shells could easily be used to kill civilians.",
        # Purpose, ability and the future in the past imagine deaths.
        "The rebels crossed the river to kill the garrison.",
        "The campaign aims not only to kill the commanders but to scatter the troops.",
        "The group can kill hundreds in a day.",
        "Nobody believed that the gang would actually slaughter the miners.",
        "Civilians are likely to be killed in the coming offensive.",
        # A modal perfect in a condition contrary to fact.
        "If the gate had stayed open, hundreds could have been killed.",
        "Had the wall collapsed, the workers might have died.",
        "Without the shelter, many more would have been killed.",
        # Shooting at someone says where the shots went, not that anyone was hit.
        "Settlers were shooting at the crowd, witnesses said.",
        "Gunmen were shooting at the crowd, witnesses said.",
    ],
)
def test_no_casualty_report(sentence: str) -> None:
    row = one(sentence)
    assert (row["casualty"], row["verb"], row["voice"], row["agent_named"], row["victim"]) == (
        False,
        None,
        None,
        False,
        None,
    )


@pytest.mark.parametrize(
    ("sentence", "verb", "voice"),
    [
        # An epistemic modal perfect reports a past death whose toll or cause is uncertain.
        ("Dozens of villagers may have been killed in the raid.", "kill", "passive"),
        ("Two hostages might have been killed by the blast.", "kill", "passive"),
        ("Officials said the guard must have been shot at close range.", "shoot", "passive"),
        ("Several fishermen may have either been killed or captured.", "kill", "passive"),
        ("Up to twenty miners could have died in the collapse, the company said.", "die", "active"),
        ("The shelling may have killed forty people.", "kill", "active"),
        ("The shelling may well have killed forty people.", "kill", "active"),
        # "if" that asks whether is no condition.
        ("It is unclear if dozens may have died in the blast.", "die", "active"),
    ],
)
def test_epistemic_modal_perfect_reports_a_death(sentence: str, verb: str, voice: str) -> None:
    row = one(sentence)
    assert (row["casualty"], row["verb"], row["voice"]) == (True, verb, voice)


@pytest.mark.parametrize(
    ("sentence", "agent", "victim"),
    [
        ("Four villagers were killed by Israeli shelling.", "israel", "palestinian"),
        ("Israeli airstrikes killed eleven people overnight.", "israel", "palestinian"),
        ("A teacher died in an Israeli strike on his school.", "israel", "palestinian"),
        ("Hamas gunmen killed two farmers in a kibbutz.", "hamas", "israeli"),
        ("Dozens of partygoers were murdered by Hamas militants.", "hamas", "israeli"),
        ("The Oct. 7 attack killed hundreds of people.", "hamas", "israeli"),
        ("Israel's bombardment has killed thousands of Palestinians.", "israel", "palestinian"),
        ("Militants killed two Israeli soldiers at the fence.", "hamas", "israeli"),
        ("An Israeli raid killed three Hamas commanders.", "israel", "palestinian"),
        ("A Hezbollah missile killed a farmer in northern Israel.", "other", "israeli"),
        ("Twelve Palestinians were killed in Khan Younis.", None, "palestinian"),
        ("Five people died in Gaza on Friday.", None, "palestinian"),
        ("A woman was killed at her home in Sderot.", None, "israeli"),
        ("Gaza's health ministry said 40 people were killed.", None, "palestinian"),
        ("Hundreds of Israelis and Palestinians have been killed.", None, "both"),
        ("An Israeli strike in southern Lebanon killed a journalist.", "israel", None),
        ("Nobody knows how many people died.", None, None),
        ("Gunmen from Gaza stormed the town at dawn, killing nine residents.", "hamas", "israeli"),
        ("Two farmers were killed in a village near the Gaza border.", None, "israeli"),
        ("Hamas said 20 of its fighters were killed.", None, "palestinian"),
        ("Israel says 300 soldiers have been killed.", None, "israeli"),
        ("Israel says it killed a senior commander.", "israel", "palestinian"),
        ("Forty people were killed in the West Bank since the Oct. 7 attack.", None, "palestinian"),
        ("A drone strike on a car in southern Lebanon killed three men.", None, None),
        ("Israeli shelling in Lebanon killed a shepherd.", "israel", None),
        ("Hamas was able to kill dozens of soldiers.", "hamas", "israeli"),
        ("Settlers shot and killed a farmer.", "israel", "palestinian"),
        ("The bodies of two children lay under the rubble in Gaza.", None, "palestinian"),
        (
            "With full knowledge of Israel's defences, Hamas crossed, killing dozens.",
            "hamas",
            "israeli",
        ),
        ("A Palestinian-American teenager was killed on Friday.", None, "palestinian"),
        (
            "She escaped Israeli strikes, but three of her cousins were killed.",
            "israel",
            "palestinian",
        ),
        ("More than 3,000 people have been killed on both sides.", None, "both"),
        ("Civilians were killed in Israel and Gaza.", None, "both"),
    ],
)
def test_agent_and_victim(sentence: str, agent: str | None, victim: str | None) -> None:
    row = one(sentence)
    assert (row["agent"], row["victim"]) == (agent, victim)
    assert row["agent_named"] is (agent is not None)


@pytest.mark.parametrize(
    ("sentence", "event", "named"),
    [
        # Foreign nationals count for the side where they died, or for neither side.
        ("Two Canadian women were killed at a kibbutz.", "israeli", None),
        ("Eleven foreign workers died in southern Israel.", "israeli", None),
        ("Twenty Thais were killed in Sderot.", "israeli", None),
        # One side's forces alone: the other side's dead, or nobody named.
        ("She hid from the gunmen for hours, but her brother was killed.", "israeli", None),
        ("As Hamas gunmen stormed the town, two farmers were killed.", "israeli", None),
        # Both readings agree when the sentence names the victims' side.
        ("Two Israeli women were killed at a kibbutz.", "israeli", "israeli"),
        ("An Israeli-American was killed at a kibbutz.", "israeli", "israeli"),
    ],
)
def test_attribution(sentence: str, event: str | None, named: str | None) -> None:
    frame = pl.DataFrame({"text": [sentence]})
    assert agency(frame)["victim"].to_list() == [event]
    assert agency(frame, attribution="named")["victim"].to_list() == [named]


#: Each side's part swapped: agent and victim labels swap with it (the rules take no side).
_MIRROR = {
    "hamas": "israel",
    "israel": "hamas",
    "israeli": "palestinian",
    "palestinian": "israeli",
    "both": "both",
    None: None,
}


@pytest.mark.parametrize("attribution", ["event", "named"])
@pytest.mark.parametrize(
    ("first", "mirrored", "agent", "victim"),
    [
        # A side's adjective on a force or group is part of the force: the agent, not a victim.
        (
            "The Palestinian militant group Hamas killed 300 people.",
            "The Israeli military killed 300 people.",
            "hamas",
            "israeli",
        ),
        (
            "Hamas, the Palestinian militant group, killed dozens of people.",
            "The army, the Israeli military force, killed dozens of people.",
            "hamas",
            "israeli",
        ),
        (
            "Hamas, the Palestinian group that rules the enclave and that last week staged an "
            "attack that killed 300 people, vowed to fight on.",
            "The IDF, the Israeli force that guards the border and that last week staged a raid "
            "that killed 300 people, vowed to fight on.",
            "hamas",
            "israeli",
        ),
        (
            "The Palestinian group Hamas, which runs the enclave, breached the fence, overrunning "
            "two villages, killing 300 people.",
            "The Israeli army, which runs the crossing, entered the camp, demolishing two houses, "
            "killing 30 people.",
            "hamas",
            "israeli",
        ),
        (
            "Hundreds of Palestinian gunmen swept across Israel's border, killing 300 people.",
            "Hundreds of Israeli troops swept across the Gaza border, killing 300 people.",
            "hamas",
            "israeli",
        ),
        (
            "Palestinian militants, who had crossed the fence, killed ten people.",
            "Israeli forces, which had besieged the camp, killed ten people.",
            "hamas",
            "israeli",
        ),
        (
            "Palestinian gunmen killed three farmers.",
            "Israeli soldiers killed three farmers.",
            "hamas",
            "israeli",
        ),
        (
            "Three farmers were killed by Palestinian militants.",
            "Three farmers were killed by Israeli troops.",
            "hamas",
            "israeli",
        ),
        (
            "A Palestinian rocket attack killed two people.",
            "An Israeli air strike killed two people.",
            "hamas",
            "israeli",
        ),
        (
            "The Hamas-led assault killed 300 people.",
            "The Israeli-led offensive killed 300 people.",
            "hamas",
            "israeli",
        ),
        # "Its" in the subject is the speaker's.
        (
            "Hamas said its fighters killed ten people.",
            "The Israeli military said its strikes killed ten people.",
            "hamas",
            "israeli",
        ),
        # The target of an attack is no agent; its side's people are the dead.
        (
            "The campaign against Israel is killing civilians, the minister said.",
            "The campaign against Hamas is killing civilians, the minister said.",
            None,
            "israeli",
        ),
        # A force joined to people by "and", or killed "along with" them, died with them.
        (
            "The raid killed 12 Israelis and one Hamas fighter.",
            "The raid killed 12 Palestinians and one Israeli soldier.",
            None,
            "both",
        ),
        (
            "Twelve Israelis and a Hamas commander were killed.",
            "Twelve Palestinians and an Israeli officer were killed.",
            None,
            "both",
        ),
        (
            "The strike killed two hostages, along with the Hamas fighters guarding them.",
            "The raid killed two Palestinians, along with the Israeli soldiers guarding them.",
            None,
            "both",
        ),
        (
            "Ten Israeli villagers were killed, as well as two Hamas fighters.",
            "Ten Palestinian villagers were killed, as well as two Israeli soldiers.",
            None,
            "both",
        ),
        # After "in which" the subject there died, not the place before it.
        (
            "Militants fought in two Palestinian camps in which nine Israeli soldiers were killed.",
            "Soldiers fought in two Israeli towns in which nine militants were killed.",
            None,
            "israeli",
        ),
        # A word for another violent event adds no side to a verb that named its victims.
        (
            "Hamas rockets killed four Israelis, months after the massacre in Jenin.",
            "Israeli strikes killed 40 Palestinians, months after the massacre in the kibbutz.",
            "hamas",
            "israeli",
        ),
        # Each side's bare force nouns are read alike: "militants", "gunmen" as Palestinian,
        # "soldiers", "troops" as Israeli, as this war's coverage uses them.
        (
            "Militants opened fire on the crowd, killing two.",
            "Soldiers opened fire on the crowd, killing two.",
            "hamas",
            "israeli",
        ),
        ("Gunmen killed three soldiers.", "Troops killed three gunmen.", "hamas", "israeli"),
        (
            "Two soldiers were killed in the clashes.",
            "Two militants were killed in the clashes.",
            None,
            "israeli",
        ),
    ],
)
def test_mirrored_sentences_get_mirrored_labels(
    first: str,
    mirrored: str,
    agent: str | None,
    victim: str | None,
    attribution: Literal["event", "named"],
) -> None:
    frame = pl.DataFrame({"text": [first, mirrored]})
    rows = agency(frame, attribution=attribution).select("agent", "victim").rows()
    assert rows == [(agent, victim), (_MIRROR[agent], _MIRROR[victim])]


@pytest.mark.parametrize("attribution", ["event", "named"])
@pytest.mark.parametrize(
    ("sentence", "victim"),
    [
        # A side's adjective on people, or standing as a noun, names the victims.
        ("Palestinian health officials said 40 Palestinians were killed.", "palestinian"),
        ("Israeli officials said 1,200 Israelis were killed.", "israeli"),
        ("Two Palestinian men were killed.", "palestinian"),
        ("Two Israeli men were killed.", "israeli"),
        ("A Palestinian was killed near the fence.", "palestinian"),
        ("An Israeli was killed near the fence.", "israeli"),
        ("Israeli and Palestinian civilians have died.", "both"),
        ("An Israeli Canadian nurse was killed at the festival.", "israeli"),
        ("A Palestinian American teenager was shot dead in the village.", "palestinian"),
        # On a place, it says where.
        ("Dozens of people were killed in Israeli towns.", "israeli"),
        ("Dozens of people were killed in Palestinian towns.", "palestinian"),
        # The conflict's adjective names neither side's dead.
        ("The decades of Israeli-Palestinian violence have killed thousands.", None),
        # A third country's forces are neither side's, bare force nouns aside.
        ("Two Lebanese soldiers were killed in the strike.", None),
        ("Three US troops were wounded at the base.", None),
        ("Egyptian soldiers were killed near the crossing.", None),
    ],
)
def test_a_sides_adjective_on_people_names_the_victims(
    sentence: str, victim: str | None, attribution: Literal["event", "named"]
) -> None:
    frame = pl.DataFrame({"text": [sentence]})
    row = agency(frame, attribution=attribution).row(0, named=True)
    assert (row["agent"], row["victim"]) == (None, victim)


@pytest.mark.parametrize(
    ("sentence", "event", "named"),
    [
        # A force inside a phrase is no subject of the passive: only the event reading's "the
        # other side's dead" applies.
        ("The boys were protesting against Israel when they were shot.", "palestinian", None),
        ("The boys were protesting against Hamas when they were shot.", "israeli", None),
        # A force inside a phrase is no subject of ", killing" either.
        ("He opened fire on the attackers, killing two.", "israeli", None),
    ],
)
def test_a_force_inside_a_phrase_is_no_subject(
    sentence: str, event: str | None, named: str | None
) -> None:
    frame = pl.DataFrame({"text": [sentence]})
    assert agency(frame)["agent"].to_list() == [None]
    assert agency(frame)["victim"].to_list() == [event]
    assert agency(frame, attribution="named")["victim"].to_list() == [named]


def test_hamas_run_ministry_is_a_source_not_an_agent() -> None:
    row = one("The Hamas-run health ministry said 70 people were killed overnight.")
    assert (row["agent"], row["victim"]) == (None, "palestinian")


def test_both_sides_in_two_clauses() -> None:
    row = one(
        "Hamas militants killed 900 Israelis, and Israeli strikes have killed 700 Palestinians."
    )
    assert (row["agent"], row["victim"]) == ("hamas", "both")


def test_columns_dtypes_and_input_kept() -> None:
    frame = pl.DataFrame({"id": [1, 2], "body": ["Two guards were killed.", None]})
    out = agency(frame.lazy(), text="body")
    assert out.columns == [
        "id",
        "body",
        "casualty",
        "verb",
        "voice",
        "passive_form",
        "agent_named",
        "agent",
        "victim",
    ]
    assert out.schema["casualty"] == pl.Boolean
    assert out.schema["agent_named"] == pl.Boolean
    strings = ["verb", "voice", "passive_form", "agent", "victim"]
    assert all(out.schema[c] == pl.String for c in strings)
    assert_frame_equal(out.select("id", "body"), frame)
    assert out["casualty"].to_list() == [True, False]


def test_empty_frame_and_missing_column() -> None:
    out = agency(pl.DataFrame({"text": []}, schema={"text": pl.String}))
    assert out.height == 0 and out.columns[-1] == "victim"
    with pytest.raises(DiscourseError, match="agency needs"):
        agency(pl.DataFrame({"body": ["x"]}))
    with pytest.raises(DiscourseError, match="attribution must be"):
        agency(pl.DataFrame({"text": ["x"]}), attribution="nationality")  # type: ignore[arg-type]


def test_document_context_carries_the_last_side() -> None:
    frame = pl.DataFrame(
        {
            "doc": ["a", "a", "a", "b"],
            "text": [
                "Israeli jets struck Rafah overnight.",
                "At least 30 people were killed.",
                "A convoy of aid trucks arrived.",
                "At least 30 people were killed.",
            ],
        }
    )
    alone = agency(frame)["victim"].to_list()
    carried = agency(frame, document="doc")["victim"].to_list()
    assert alone == [None, None, None, None]
    assert carried == [None, "palestinian", None, None]
    headed = frame.with_columns(head=pl.Series(["Storm hits coast"] * 3 + ["Kibbutz mourns"]))
    titled = agency(headed, document="doc", title="head")["victim"].to_list()
    assert titled == [None, "palestinian", None, "israeli"]


def test_casualty_sentences_keeps_casualty_rows_with_offsets() -> None:
    corpus = pl.DataFrame(
        {
            "doc_id": ["d1", "d2"],
            "outlet": ["A", "B"],
            "text": [
                "Markets rose. Two shepherds in Gaza were shot dead by Israeli troops.",
                "Hamas gunmen killed a guard in Sderot. Talks went on.",
            ],
        }
    )
    out = casualty_sentences(corpus)
    assert out.select("doc_id", "outlet", "sentence", "agent", "victim").rows() == [
        ("d1", "A", 1, "israel", "palestinian"),
        ("d2", "B", 0, "hamas", "israeli"),
    ]
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    for doc, start, end, text in out.select("doc_id", "start", "end", "text").rows():
        assert texts[doc][start:end] == text


def test_casualty_sentences_context_uses_earlier_sentences_and_the_title() -> None:
    corpus = pl.DataFrame(
        {
            "doc_id": ["d1", "d2"],
            "outlet": ["A", "A"],
            "title": ["Shelling on Khan Younis", "Attack on a kibbutz"],
            "text": ["Markets rose. Nine people were killed.", "Six people were killed."],
        }
    )
    plain = casualty_sentences(corpus)
    assert plain["victim"].to_list() == [None, None]
    carried = casualty_sentences(corpus, context=True)
    assert carried.columns == plain.columns
    assert carried["victim"].to_list() == ["palestinian", "israeli"]
    foreign = corpus.with_columns(text=pl.lit("Two Canadian women were killed at a kibbutz."))
    assert casualty_sentences(foreign)["victim"].to_list() == ["israeli", "israeli"]
    named = casualty_sentences(foreign, attribution="named")
    assert named["victim"].to_list() == [None, None]


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("Nine guards were killed near the gate.", "auxiliary"),
        ("Two medics have been killed since Sunday.", "auxiliary"),
        ("A farmer got killed near the fence.", "auxiliary"),
        ("Nine people are being killed every hour.", "auxiliary"),
        ("The family fled north, only to be shot at a checkpoint.", "auxiliary"),
        ("29 staff killed.", "reduced"),
        ("Those killed in the strike were buried on Sunday.", "reduced"),
        ("Bodies of shepherds killed in the shelling lay in the road.", "reduced"),
        ("More than 900 killed and 2,500 wounded in the strikes.", "reduced"),
        ("Two guards killed early yesterday by a sniper were buried.", "reduced"),
        ("Gunmen killed two guards.", None),
        ("An old farmer died in the storm.", None),
        ("The death toll rose to 40.", None),
    ],
)
def test_passive_form(sentence: str, form: str | None) -> None:
    row = one(sentence)
    assert row["passive_form"] == form
    assert (row["voice"] == "passive") == (form is not None)


def test_voice_shares_under_both_conventions_hand_counted() -> None:
    casualties = agency(
        pl.DataFrame(
            {
                "outlet": ["A", "A", "A", "A", "B", "B", "C"],
                "text": [
                    "Nine guards were killed near the gate.",  # auxiliary passive
                    "Those killed in the strike were buried on Sunday.",  # reduced passive
                    "Gunmen killed two guards.",  # active, agent named
                    "The death toll rose to 40.",  # no voice
                    "29 staff killed.",  # reduced passive
                    "An old farmer died in the storm.",  # active
                    "Four porters were killed by Israeli shelling.",  # auxiliary, agent named
                ],
            }
        )
    )
    out = voice_shares(casualties, by="outlet")
    # A: 4 sentences. Reduced counted as passive: passive 2/4, active 1/4 (the toll has no
    # voice). Only auxiliary passives: passive 1/4, active 1 + 1 reduced = 2/4. Agent 1/4.
    # B: passive 1/2, active 1/2; auxiliary only: 0/2 and 2/2. C: 1/1 auxiliary, agent named.
    expected = pl.DataFrame(
        {
            "outlet": ["A", "B", "C"],
            "sentences": [4, 2, 1],
            "passive": [0.5, 0.5, 1.0],
            "active": [0.25, 0.5, 0.0],
            "passive_auxiliary": [0.25, 0.0, 1.0],
            "active_or_reduced": [0.5, 1.0, 0.0],
            "agent_named": [0.25, 0.0, 1.0],
        }
    )
    assert_frame_equal(out, expected)
    # The two outlets with most sentences; ties would go by name.
    assert voice_shares(casualties, by="outlet", top=2)["outlet"].to_list() == ["A", "B"]
    with pytest.raises(NotApplicableError, match="no casualty sentences"):
        voice_shares(casualties.clear(), by=("outlet", "victim"))


def test_casualty_sentences_says_when_there_are_none() -> None:
    corpus = pl.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["Talks resumed today."]})
    with pytest.raises(NotApplicableError, match="No sentence of the 1 document"):
        casualty_sentences(corpus)


def _mentions() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "outlet": ["A", "A", "A", "A", "A", "B", "B", "B"],
            "published": [
                date(2023, 10, 8),
                date(2023, 10, 9),
                date(2023, 10, 9),
                None,
                date(2023, 10, 10),
                date(2023, 10, 9),
                date(2023, 10, 13),
                date(2023, 10, 6),
            ],
            "victim": [
                "israeli",
                "both",
                "palestinian",
                "palestinian",
                None,
                "palestinian",
                "israeli",
                "palestinian",
            ],
        }
    )


def _tolls() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "date": [date(2023, 10, d) for d in (7, 7, 9, 9, 11, 11, 12, 12)],
            "side": ["israeli", "palestinian"] * 4,
            "deaths": [100, 200, 300, 600, 310, None, 320, 900],
        }
    )


def test_mentions_per_death_over_the_corpus_period_hand_counted() -> None:
    out = mentions_per_death(_mentions(), deaths=_tolls(), by="outlet")
    # The mentions run from 6 to 13 Oct, the tolls from 7 to 12 Oct: the period is 7-12 Oct.
    # A: Israeli 8 Oct + "both" 9 Oct = 2; Palestinian "both" + 9 Oct = 2, the undated one is
    # outside; the 10 Oct mention names no side. B: Palestinian 9 Oct = 1, 6 Oct is before
    # the tolls; Israeli 13 Oct is after them. Deaths: the toll of 12 Oct, 320 and 900, with
    # nothing subtracted (no start= given). Rates: 2/320, 2/900, 0/320, 1/900.
    period = {"start": [date(2023, 10, 7)] * 4, "end": [date(2023, 10, 12)] * 4}
    expected = pl.DataFrame(
        {
            "outlet": ["A", "A", "B", "B"],
            "side": ["israeli", "palestinian", "israeli", "palestinian"],
            **period,
            "mentions": [2, 2, 0, 1],
            "outside_period": [0, 1, 1, 1],
            "deaths": [320, 900, 320, 900],
            "mentions_per_death": [2 / 320, 2 / 900, 0.0, 1 / 900],
            "deaths_per_mention": [160.0, 450.0, None, 900.0],
        }
    )
    assert_frame_equal(out, expected)
    # Ending on 11 Oct: Israeli toll of 11 Oct (310); the Palestinian one has no figure that
    # day, so 9 Oct's (600) stands. The counted mentions are the same.
    shorter = mentions_per_death(_mentions(), deaths=_tolls(), by="outlet", end=date(2023, 10, 11))
    assert shorter.select("outlet", "side", "mentions", "deaths").rows() == [
        ("A", "israeli", 2, 310),
        ("A", "palestinian", 2, 600),
        ("B", "israeli", 0, 310),
        ("B", "palestinian", 1, 600),
    ]
    # A start= subtracts the toll before it (7 Oct): 310 - 100 and 600 - 200. Counted from
    # 9 Oct: Israeli "both" (A) = 1, outside A 8 Oct and B 13 Oct = 2; Palestinian "both",
    # A 9 Oct, B 9 Oct = 3, outside A undated and B 6 Oct = 2.
    later = mentions_per_death(
        _mentions(), deaths=_tolls(), by=None, start=date(2023, 10, 9), end=date(2023, 10, 11)
    )
    assert later.select("side", "start", "mentions", "outside_period", "deaths").rows() == [
        ("israeli", date(2023, 10, 9), 1, 2, 210),
        ("palestinian", date(2023, 10, 9), 3, 2, 400),
    ]
    # Datetime stamps are read as their day.
    stamped = _mentions().with_columns(pl.col("published").cast(pl.Datetime))
    assert_frame_equal(mentions_per_death(stamped, deaths=_tolls(), by="outlet"), out)


def test_mentions_per_death_revised_toll_gives_no_rate() -> None:
    tolls = pl.DataFrame(
        {
            "date": [date(2023, 11, 8), date(2023, 11, 9)],
            "side": ["israeli", "israeli"],
            "deaths": [1436, 1238],
        }
    )
    mentions = pl.DataFrame({"published": [date(2023, 11, 9)], "victim": ["israeli"]})
    out = mentions_per_death(mentions, deaths=tolls, by=None, start=date(2023, 11, 9))
    # 1238 - 1436 < 0: a revision, not deaths; the Palestinian side has no toll at all.
    assert out.select("side", "mentions", "deaths", "mentions_per_death").rows() == [
        ("israeli", 1, -198, None),
        ("palestinian", 0, None, None),
    ]


@pytest.mark.parametrize(
    ("published", "message"),
    [
        ([None, None], "none of the 2 casualty mention"),
        ([date(2021, 5, 10), date(2021, 5, 11)], "No casualty mention is dated within"),
    ],
)
def test_mentions_per_death_not_applicable(published: list[date | None], message: str) -> None:
    frame = pl.DataFrame(
        {"outlet": ["A", "A"], "published": published, "victim": ["israeli", "both"]},
        schema_overrides={"published": pl.Date},
    )
    with pytest.raises(NotApplicableError, match=message):
        mentions_per_death(frame, deaths=_tolls(), by="outlet")
    with pytest.raises(NotApplicableError, match="no 'published' column"):
        mentions_per_death(frame.drop("published"), deaths=_tolls(), by="outlet")


@pytest.mark.notebook
@pytest.mark.realdata
@pytest.mark.parametrize(
    ("dated", "texts", "reason"),
    [
        (False, ["Four farmers were killed by Israeli shelling in Gaza."], "has a date"),
        (True, ["Talks resumed on Monday.", "Markets rose."], "no casualty reporting"),
    ],
    ids=["undated", "no-casualty"],
)
def test_notebook_04_says_what_this_corpus_cannot_support(
    real_data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dated: bool,
    texts: list[str],
    reason: str,
) -> None:
    from discourse import render_reports
    from discourse.reports.rendering import NOTEBOOK_DIR

    monkeypatch.setenv("DISCOURSE_REAL_DATA", str(real_data))
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, text in enumerate(texts):
        when = "published: 2023-10-20\n" if dated else ""
        (folder / f"d{i}.txt").write_text(f"---\noutlet: Solo\n{when}title: T{i}\n---\n{text}\n")
    pages = render_reports(
        folder,
        out=tmp_path / "out",
        notebooks=[NOTEBOOK_DIR / "04-examine-casualty-reporting.ipynb"],
        progress=False,
    )
    row = pages.row(0, named=True)
    assert row["status"] == "ok"
    assert any(reason in r for r in row["not_applicable"]), row["not_applicable"]


@pytest.mark.realdata
def test_jackson_labels_reproduce_the_published_deaths_per_mention(real_data: Path) -> None:
    table = (
        benchmark_module("eval_agency")
        .jackson_mentions(real_data)
        .filter(pl.col("count") == "Jackson")
    )
    got = {
        (o, s): round(v) for o, s, v in table.select("outlet", "side", "deaths_per_mention").rows()
    }
    # Published: NYT about 4 vs 1, WaPo about 9 vs 2, WSJ about 17 vs 3 (Palestinian vs Israeli).
    assert got == {
        ("NYT", "palestinian"): 4,
        ("NYT", "israeli"): 1,
        ("WaPo", "palestinian"): 9,
        ("WaPo", "israeli"): 2,
        ("WSJ", "palestinian"): 17,
        ("WSJ", "israeli"): 3,
    }


def _jackson_nyt(real_data: Path) -> pl.DataFrame:
    """Jackson's NYT sentences of 7-18 Oct 2023 as mentions: one row per row of her file."""
    path = real_data / "datasets" / "jackson-us-newspapers" / "tagged_data_nyt_oct7_to_oct18.csv"
    return pl.read_csv(path, infer_schema_length=0).select(
        published=pl.col("article_date").str.to_date("%m/%d/%Y"),
        victim=pl.col("category").replace_strict(
            {"israel": "israeli", "palestine": "palestinian", "both": "both"}
        ),
    )


@pytest.mark.realdata
def test_mentions_per_death_reproduces_jackson_over_her_period(real_data: Path) -> None:
    mentions = _jackson_nyt(real_data)
    ocha = pl.read_csv(
        real_data / "datasets" / "jackson-us-newspapers" / "ocha_data_oct7_to_oct22.csv",
        infer_schema_length=0,
    )
    names = ocha.columns  # Date, West Bank, -, Gaza, -, Israel, ...
    tolls = ocha.select(
        date=pl.col(names[0]).str.to_date("%m/%d/%Y"),
        palestinian=pl.col(names[1]).cast(pl.Int64) + pl.col(names[3]).cast(pl.Int64),
        israeli=pl.col(names[5]).cast(pl.Int64),
    ).unpivot(index="date", variable_name="side", value_name="deaths")
    out = mentions_per_death(mentions, deaths=tolls, by=None)
    # No period given: her file's own dates, 7-18 Oct. The tolls of 18 Oct are OCHA's
    # 1,300 Israeli and 3,478 (Gaza) + 64 (West Bank) Palestinian deaths; her mentions are
    # israel + both = 1,187 + 76 and palestine + both = 827 + 76 (her rows, one per verb).
    assert out.select("side", "start", "end", "mentions", "outside_period", "deaths").rows() == [
        ("israeli", date(2023, 10, 7), date(2023, 10, 18), 1263, 0, 1300),
        ("palestinian", date(2023, 10, 7), date(2023, 10, 18), 903, 0, 3542),
    ]
    # Published: about 1 Israeli and 4 Palestinian deaths per mention.
    assert [round(v) for v in out["deaths_per_mention"]] == [1, 4]


@pytest.mark.realdata
def test_mentions_per_death_with_the_notebook_tolls(real_data: Path) -> None:
    """The Breach's OCHA series, read as notebook 04 reads it, starts on 8 Oct: Jackson's
    mentions of 7 Oct fall outside it and are reported, not counted."""
    mentions = _jackson_nyt(real_data)
    tolls = (
        pl.read_csv(
            real_data / "datasets" / "breach-canadian-newspapers" / "ocha.csv",
            try_parse_dates=True,
        )
        .unpivot(index="date", on=["isr_total", "pal_total"], variable_name="side")
        .select("date", side=pl.col("side").str.slice(0, 3), deaths="value")
        .with_columns(pl.col("side").replace_strict({"isr": "israeli", "pal": "palestinian"}))
    )
    out = mentions_per_death(mentions, deaths=tolls, by=None)
    first_day = mentions.filter(pl.col("published") == date(2023, 10, 7))
    israeli_7 = first_day.filter(pl.col("victim").is_in(["israeli", "both"])).height
    palestinian_7 = first_day.filter(pl.col("victim").is_in(["palestinian", "both"])).height
    assert israeli_7 + palestinian_7 > 0
    assert out.select("side", "start", "mentions", "outside_period", "deaths").rows() == [
        ("israeli", date(2023, 10, 8), 1263 - israeli_7, israeli_7, 1400),
        ("palestinian", date(2023, 10, 8), 903 - palestinian_7, palestinian_7, 3542),
    ]


@pytest.mark.realdata
def test_accuracy_floor_on_hand_labelled_sentences(real_data: Path) -> None:
    table = benchmark_module("eval_agency").evaluate(real_data)
    rows = {r["outlet"]: r for r in table.iter_rows(named=True)}
    assert set(rows) == set(FLOORS)
    for outlet, floor in FLOORS.items():
        for column, value in floor.items():
            assert rows[outlet][column] >= value, (outlet, column, rows[outlet][column])


@pytest.mark.realdata
def test_every_voice_disagreement_has_a_verdict(real_data: Path) -> None:
    module = benchmark_module("eval_agency")
    table = module.voice_disagreements(module.load_labelled(real_data))
    assert table["outlet"].unique(maintain_order=True).to_list() == ["NYT", "WaPo", "WSJ"]
    differ = table.filter(pl.col("kind") != "agree")
    # A rule change that moves a voice away from Jackson's tag must be read and judged in
    # benchmarks/voice-adjudication.csv before the adjudicated accuracy means anything.
    assert (differ["read"] == differ["n"]).all(), differ
    # Her tag was upheld only where it is for another verb of the sentence than ours (3 rows
    # on 2026-11-25); every other bare participle we call passive is a reduced passive.
    assert differ["hers_right"].sum() + differ["neither"].sum() <= 4, differ
    bare = differ.filter(pl.col("kind") == "bare participle")
    assert bare["ours_right"].sum() >= bare["n"].sum() - 3, bare


def _labelled() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "file": ["a.csv", "a.csv", "a.csv", None],
            "article_index": ["7", "7", "9", None],
            "row": [0, 2, 5, None],
            "voice_gold": ["active", "passive", None, None],
        },
        schema_overrides={"row": pl.UInt32},
    )


def test_adjudicate_replaces_tags_by_verdicts(tmp_path: Path) -> None:
    path = tmp_path / "verdicts.csv"
    path.write_text(
        "file,article_index,row,verb,tag,verdict,reason\n"
        "a.csv,7,0,kill,active,passive,reduced passive\n"
        "a.csv,7,2,kill,passive,not a report,future\n"
    )
    out = benchmark_module("eval_agency").adjudicate(_labelled(), path)
    assert out["voice_adjudicated"].to_list() == ["passive", "none", None, None]
    assert out["voice_read"].to_list() == [True, True, False, False]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("a.csv,7,0,kill,passive,active,x", "line 2: no scored sentence"),  # tag is not hers
        ("a.csv,8,0,kill,active,passive,x", "line 2: no scored sentence"),  # other article
        ("a.csv,9,5,kill,active,passive,x", "line 2: no scored sentence"),  # not scored
        ("a.csv,7,0,kill,active,maybe,x", "unknown verdict"),
    ],
)
def test_adjudicate_rejects_stale_verdicts(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "verdicts.csv"
    path.write_text(f"file,article_index,row,verb,tag,verdict,reason\n{line}\n")
    with pytest.raises(ValueError, match=message):
        benchmark_module("eval_agency").adjudicate(_labelled(), path)


#: Floors a little below what the rules reached on 2026-11-25 (benchmarks/eval_agency.py), each
#: study read with its own ``attribution``. ``_ctx``: with ``document=`` context, the reading
#: Jackson's labels follow; The Breach's follow the sentence alone (``victim_acc``). Voice:
#: ``voice_acc`` against Jackson's automatic tags (0.897, 0.965, 0.948), ``voice_acc_adjudicated``
#: with hand verdicts where we disagree (0.993, 0.998, 1.0; an upper bound, see the script).
FLOORS: dict[str, dict[str, float]] = {
    "NYT": {
        "victim_acc": 0.85,
        "victim_acc_ctx": 0.915,
        "voice_acc": 0.89,
        "voice_acc_adjudicated": 0.985,
    },
    "WaPo": {
        "victim_acc": 0.725,
        "victim_acc_ctx": 0.88,
        "voice_acc": 0.955,
        "voice_acc_adjudicated": 0.99,
    },
    "WSJ": {
        "victim_acc": 0.745,
        "victim_acc_ctx": 0.855,
        "voice_acc": 0.94,
        "voice_acc_adjudicated": 0.99,
    },
    "Globe and Mail": {"victim_acc": 0.745, "agent_acc": 0.855},
    "National Post": {"victim_acc": 0.695, "agent_acc": 0.795},
    "Toronto Star": {"victim_acc": 0.74, "agent_acc": 0.815},
}


def _wide_tolls() -> pl.DataFrame:
    # The same figures as _tolls(), one column per side, as OCHA publishes them.
    return pl.DataFrame(
        {
            "date": [date(2023, 10, d) for d in (7, 9, 11, 12)],
            "isr_total": [100, 300, 310, 320],
            "pal_total": [200, 600, None, 900],
        }
    )


SIDES = {"israeli": "isr_total", "palestinian": "pal_total"}


def test_casualty_tolls_puts_each_side_in_rows() -> None:
    long = casualty_tolls(_wide_tolls(), columns=SIDES)
    expected = pl.DataFrame(
        {
            "date": [date(2023, 10, d) for d in (7, 9, 11, 12, 7, 9, 12)],
            "side": ["israeli"] * 4 + ["palestinian"] * 3,
            "deaths": [100, 300, 310, 320, 200, 600, 900],
        }
    )
    assert_frame_equal(long, expected)
    assert_frame_equal(casualty_tolls(_wide_tolls().lazy(), columns=SIDES), expected)
    as_text = _wide_tolls().with_columns(pl.col("date").cast(pl.String))
    assert_frame_equal(casualty_tolls(as_text, columns=SIDES), expected)
    only = casualty_tolls(_wide_tolls(), columns={"palestinian": "pal_total"})
    assert only["side"].to_list() == ["palestinian"] * 3
    unsigned = _wide_tolls().with_columns(pl.col("isr_total", "pal_total").cast(pl.UInt32))
    assert casualty_tolls(unsigned, columns=SIDES).schema["deaths"] == pl.Int64
    # The long tolls give what the hand-written ones give (a missing figure is no row).
    assert_frame_equal(
        mentions_per_death(_mentions(), deaths=long, by="outlet"),
        mentions_per_death(_mentions(), deaths=_tolls(), by="outlet"),
    )


@pytest.mark.parametrize(
    ("table", "columns", "message"),
    [
        (_wide_tolls(), {"gaza": "pal_total"}, r"\['gaza'\] is not a side"),
        (_wide_tolls(), {}, "nothing is not a side"),
        (_wide_tolls(), {"israeli": "isr"}, r"casualty_tolls needs column\(s\) \['isr'\]"),
        (
            _wide_tolls().with_columns(date=pl.lit("7 Oct")),
            SIDES,
            "'date' holds String values that are not dates",
        ),
    ],
)
def test_casualty_tolls_refuses_what_it_cannot_read(
    table: pl.DataFrame, columns: dict, message: str
) -> None:
    with pytest.raises(DiscourseError, match=message):
        casualty_tolls(table, columns=columns)


def test_measures_count_one_group_by_default_and_take_lazy_frames() -> None:
    casualties = casualty_sentences(
        pl.DataFrame(
            {
                "doc_id": ["a", "b"],
                "outlet": ["A", "B"],
                "text": ["Nine guards were killed.", "Gunmen killed two farmers in Gaza."],
            }
        )
    )
    whole = voice_shares(casualties)
    assert whole.columns[0] == "sentences" and whole.height == 1
    assert_frame_equal(whole, voice_shares(casualties, by=None))
    assert_frame_equal(
        voice_shares(casualties.lazy(), by="outlet"), voice_shares(casualties, by="outlet")
    )
    per_death = mentions_per_death(_mentions(), deaths=_tolls())
    assert per_death.columns[0] == "side"
    assert_frame_equal(per_death, mentions_per_death(_mentions(), deaths=_tolls(), by=None))
    assert_frame_equal(
        mentions_per_death(_mentions().lazy(), deaths=_tolls().lazy(), by="outlet"),
        mentions_per_death(_mentions(), deaths=_tolls(), by="outlet"),
    )
