"""The bundled demo corpus agrees with its answer key.

Plain-text checks on the raw files (stdlib, pyyaml, pytest) so that the key can be trusted as
ground truth by the tests of the analyses, independently of the package's own reader.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"
KEY: dict[str, Any] = yaml.safe_load((DEMO / "answer-key.yaml").read_text(encoding="utf-8"))
FRONT_KEYS = {"outlet", "published", "title", "url", "event", "section"}
OPENING_QUOTES = "'\"‘“"
CLOSING_QUOTES = "'\"’”"
CURLY = "‘’“”"
EMOTIVE = ["massacre", "massacred", "massacring", "slaughter", "slaughtered", "butchered",
           "barbaric", "brutal", "horrific", "murdered"]  # fmt: skip

OUTLETS: dict[str, dict[str, Any]] = KEY["outlets"]
SLUG_TO_OUTLET = {profile["slug"]: name for name, profile in OUTLETS.items()}
ALL_FILES = sorted(DEMO.glob("*/*.md"))
COPIES = {DEMO / case["copy"] for case in KEY["syndicated"]}


def rel(path: Path) -> str:
    return path.relative_to(DEMO).as_posix()


def split(path: Path) -> tuple[dict[str, Any], str]:
    """Front matter (parsed) and body (exactly as written) of one article."""
    raw = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", raw, re.DOTALL)
    assert match, f"{rel(path)}: no YAML front matter"
    return yaml.safe_load(match.group(1)), raw[match.end() :]


def normalise(text: str) -> str:
    """The matching view: whitespace runs collapsed, curly apostrophes made straight."""
    return re.sub(r"\s+", " ", text.replace("’", "'"))


def searchable(path: Path) -> str:
    front, body = split(path)
    return normalise(f"{front['title']}\n{body}")


def phrase_re(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(normalise(phrase))}(?!\w)", re.IGNORECASE)


def own_files(outlet: str) -> list[Path]:
    folder = DEMO / OUTLETS[outlet]["slug"]
    return [path for path in ALL_FILES if path.parent == folder and path not in COPIES]


def unquoted_hits(phrase: str, text: str) -> list[re.Match[str]]:
    """Matches of `phrase` outside quotation marks and outside the listed proper names."""
    for exclusion in KEY["proper_name_exclusions"]:
        text = phrase_re(exclusion["phrase"]).sub(lambda m: "#" * len(m.group()), text)
    return [m for m in phrase_re(phrase).finditer(text) if not is_quoted(m, text)]


def is_quoted(match: re.Match[str], text: str) -> bool:
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return before in OPENING_QUOTES and after in CLOSING_QUOTES


def test_corpus_shape() -> None:
    assert sorted({path.parent.name for path in ALL_FILES}) == sorted(SLUG_TO_OUTLET)
    assert len(ALL_FILES) == 5 * 8 + len(COPIES)


@pytest.mark.parametrize("path", ALL_FILES, ids=rel)
def test_front_matter(path: Path) -> None:
    front, _ = split(path)
    assert set(front) >= FRONT_KEYS, f"{rel(path)}: missing {FRONT_KEYS - set(front)}"
    assert front["outlet"] == SLUG_TO_OUTLET[path.parent.name]
    assert isinstance(front["published"], date)
    assert path.name.startswith(front["published"].isoformat() + "-")
    assert front["url"].startswith(f"https://{path.parent.name}.example/")
    assert isinstance(front["title"], str) and front["title"].strip()
    assert isinstance(front["section"], str) and front["section"]
    first, last = KEY["events"][front["event"]]["dates"]
    assert first <= front["published"] <= last


@pytest.mark.parametrize("path", ALL_FILES, ids=rel)
def test_article_length(path: Path) -> None:
    _, body = split(path)
    assert 150 <= len(body.split()) <= 400


def test_urls_are_unique() -> None:
    urls = [split(path)[0]["url"] for path in ALL_FILES]
    assert len(set(urls)) == len(urls)


@pytest.mark.parametrize("outlet", OUTLETS)
def test_each_outlet_covers_each_event_once(outlet: str) -> None:
    events = [split(path)[0]["event"] for path in own_files(outlet)]
    assert sorted(events) == sorted(KEY["events"])


@pytest.mark.parametrize("outlet", OUTLETS)
def test_never_uses(outlet: str) -> None:
    found = {
        (rel(path), phrase)
        for path in own_files(outlet)
        for phrase in OUTLETS[outlet]["never_uses"]
        if phrase_re(phrase).search(searchable(path))
    }
    assert not found


@pytest.mark.parametrize("outlet", OUTLETS)
def test_sourcing_phrase_in_every_article(outlet: str) -> None:
    profile = OUTLETS[outlet]
    assert profile["gaza_figure_sourcing"] in profile["always_in_every_article"]
    missing = {
        (rel(path), phrase)
        for path in own_files(outlet)
        for phrase in profile["always_in_every_article"]
        if not phrase_re(phrase).search(searchable(path))
    }
    assert not missing


@pytest.mark.parametrize("outlet", OUTLETS)
def test_israeli_figure_sourcing_is_used(outlet: str) -> None:
    text = " ".join(searchable(path) for path in own_files(outlet))
    for phrase in OUTLETS[outlet]["israeli_figure_sourcing"]:
        assert phrase_re(phrase).search(text), phrase


@pytest.mark.parametrize("side", ["hamas", "israel"])
@pytest.mark.parametrize("outlet", OUTLETS)
def test_label_families(outlet: str, side: str) -> None:
    text = " ".join(searchable(path) for path in own_files(outlet))
    used = {
        family
        for family, phrases in KEY["label_families"][side].items()
        if any(unquoted_hits(phrase, text) for phrase in phrases)
    }
    assert used == set(OUTLETS[outlet][f"{side}_labels"])


SCARE_CASES = [(o, p) for o, profile in OUTLETS.items() for p in profile["scare_quoted"]]


@pytest.mark.parametrize(("outlet", "phrase"), SCARE_CASES)
def test_scare_quoted_phrases_occur_only_in_quotes(outlet: str, phrase: str) -> None:
    text = " ".join(searchable(path) for path in own_files(outlet))
    assert phrase_re(phrase).search(text), f"{phrase!r} never occurs"
    assert not unquoted_hits(phrase, text)


@pytest.mark.parametrize("outlet", OUTLETS)
def test_palestinian_deaths_voice(outlet: str) -> None:
    agent = re.compile(KEY["agent_pattern"], re.IGNORECASE)
    files = own_files(outlet)
    with_agent = sum(bool(agent.search(searchable(path))) for path in files)
    expected = {"active": with_agent == len(files), "passive": with_agent == 0}
    voice = OUTLETS[outlet]["palestinian_deaths_voice"]
    assert expected.get(voice, 0 < with_agent < len(files)), (voice, with_agent, len(files))


@pytest.mark.parametrize("outlet", OUTLETS)
def test_emotive_terms(outlet: str) -> None:
    profile = OUTLETS[outlet]
    text = " ".join(searchable(path) for path in own_files(outlet))
    used = {term for term in EMOTIVE if phrase_re(term).search(text)}
    assert used == set(profile["emotive_terms_used"])
    assert (profile["emotive_for"] == "none") == (not used)


@pytest.mark.parametrize("case", KEY["syndicated"], ids=lambda case: case["copy"])
def test_syndicated_copy_is_verbatim(case: dict[str, str]) -> None:
    original_front, original_body = split(DEMO / case["original"])
    copy_front, copy_body = split(DEMO / case["copy"])
    assert copy_body == original_body
    assert copy_front["outlet"] != original_front["outlet"]
    assert copy_front["url"] != original_front["url"]
    assert copy_front["event"] == original_front["event"]


@pytest.mark.parametrize("pair", KEY["same_story_pairs"], ids=lambda pair: pair["b"])
def test_same_story_pair_is_the_listed_substitutions(pair: dict[str, Any]) -> None:
    _, body_a = split(DEMO / pair["a"])
    _, body_b = split(DEMO / pair["b"])
    rewritten = body_a
    for old, new in pair["substitutions"]:
        assert old in rewritten, old
        rewritten = rewritten.replace(old, new)
        assert new in body_b, new
    assert rewritten == body_b
    assert body_a != body_b


@pytest.mark.parametrize("case", KEY["proper_name_exclusions"], ids=lambda case: case["phrase"])
def test_proper_name_exclusions(case: dict[str, Any]) -> None:
    pattern = phrase_re(case["phrase"])
    counts = {rel(path): len(pattern.findall(searchable(path))) for path in ALL_FILES}
    assert {name: n for name, n in counts.items() if n} == {case["file"]: case["count"]}


@pytest.mark.parametrize("case", KEY["whitespace_cases"], ids=lambda case: case["kind"])
def test_whitespace_cases(case: dict[str, str]) -> None:
    path = DEMO / case["file"]
    _, body = split(path)
    assert case["raw"] in body
    assert normalise(case["raw"]) != case["raw"]
    assert phrase_re(case["raw"]).search(searchable(path))


@pytest.mark.parametrize("path", ALL_FILES, ids=rel)
def test_quote_style(path: Path) -> None:
    _, body = split(path)
    has_curly = any(char in body for char in CURLY)
    assert has_curly == (rel(path) in KEY["curly_quote_files"])
    if has_curly:
        assert "'" not in body and '"' not in body
