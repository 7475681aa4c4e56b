"""The demo corpus's answer key: each outlet's documented profile shows up in label_shares."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
import yaml

from discourse import PhraseMatcher, label_mentions, label_shares, read_corpus
from discourse.framing.phrases import _fold_phrase

# Answer-key designation families → the default lexicon's (label set, label) pairs.
FAMILIES = {
    "hamas": {
        "name": [("hamas", "name")],
        "militant": [("hamas", "militant")],
        "terrorist": [("hamas", "terrorist")],
        "resistance": [("hamas", "resistance")],
        "islamist": [("hamas", "islamist")],
        "gunmen_jihadist": [("hamas", "gunmen"), ("hamas", "jihadist")],
    },
    "israel": {
        "name": [("israel", "name")],
        "military": [("israeli_military", "army")],
        "idf": [("israeli_military", "official")],
        "occupation": [("israel", "occupation"), ("israeli_military", "occupation")],
    },
}
EMOTIVE = {"emotive", "deaths"}


@pytest.fixture(scope="module")
def key(demo_dir: Path) -> dict:
    return yaml.safe_load((demo_dir / "answer-key.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(demo_dir: Path, key: dict) -> pl.DataFrame:
    """The demo corpus without the syndicated copies, which belong to another outlet's profile."""
    full = read_corpus(demo_dir)
    copies = [item["copy"] for item in key["syndicated"]]
    own = full.filter(~pl.any_horizontal(pl.col("source").str.ends_with(c) for c in copies))
    assert own.height == full.height - len(copies)
    return own


@pytest.fixture(scope="module")
def mentions(corpus: pl.DataFrame) -> pl.DataFrame:
    return label_mentions(corpus)


def test_families_cover_the_answer_key(key: dict) -> None:
    assert {k: set(v) for k, v in key["label_families"].items()} == {
        k: set(v) for k, v in FAMILIES.items()
    }


@pytest.mark.parametrize("referent", ["hamas", "israel"])
def test_each_outlet_uses_exactly_its_documented_designations(
    corpus: pl.DataFrame, mentions: pl.DataFrame, key: dict, referent: str
) -> None:
    shares = label_shares(corpus, by="outlet", mentions=mentions, include_quoted=False)
    for outlet, profile in key["outlets"].items():
        counts = shares.filter(outlet=outlet)
        used = {
            tuple(r) for r in counts.filter(pl.col("n") > 0).select("label_set", "label").rows()
        }
        found = {family for family, labels in FAMILIES[referent].items() if used & set(labels)}
        assert found == set(profile[f"{referent}_labels"]), outlet


def _folded_matches(mentions: pl.DataFrame) -> list[str]:
    return [_fold_phrase(m) for m in mentions["match"]]


def test_never_used_terms_are_never_found(mentions: pl.DataFrame, key: dict) -> None:
    for outlet, profile in key["outlets"].items():
        matches = _folded_matches(mentions.filter(outlet=outlet))
        for term in profile["never_uses"]:
            pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)")
            assert not [m for m in matches if pattern.search(m)], (outlet, term)


def test_emotive_terms_used_are_found(mentions: pl.DataFrame, key: dict) -> None:
    for outlet, profile in key["outlets"].items():
        emotive = mentions.filter(outlet=outlet).filter(pl.col("label_set").is_in(EMOTIVE))
        matches = set(_folded_matches(emotive))
        assert set(profile["emotive_terms_used"]) <= matches, outlet
        if not profile["emotive_terms_used"]:
            labels = set(emotive["label"])
            assert not labels & {
                "horrific",
                "barbaric",
                "massacre",
                "slaughter",
                "brutal",
                "butchered",
                "murdered",
                "massacred",
                "slaughtered",
            }, outlet


def test_scare_quoted_designations(mentions: pl.DataFrame, key: dict) -> None:
    for outlet, profile in key["outlets"].items():
        hamas = mentions.filter(outlet=outlet, label_set="hamas")
        quoted = set(_folded_matches(hamas.filter(pl.col("quoted"))))
        assert quoted == set(profile["scare_quoted"]), outlet
        terrorist = hamas.filter(label="terrorist")
        if profile["scare_quoted"]:
            assert terrorist.height > 0 and terrorist["quoted"].all(), outlet


def test_figure_sourcing_phrase_of_every_article_is_found(
    corpus: pl.DataFrame, mentions: pl.DataFrame, key: dict
) -> None:
    for outlet, profile in key["outlets"].items():
        matcher = PhraseMatcher(profile["always_in_every_article"])
        sourcing = mentions.filter(outlet=outlet, label_set="figure_sourcing")
        for doc_id, text in corpus.filter(outlet=outlet).select("doc_id", "text").rows():
            spans = sourcing.filter(doc_id=doc_id).select("start", "end").rows()
            occurrences = list(matcher.finditer(text))
            assert occurrences, (outlet, doc_id)
            for hit in occurrences:
                assert any(s < hit.end and e > hit.start for s, e in spans), (doc_id, hit)


def test_proper_names_and_whitespace_cases(
    corpus: pl.DataFrame, mentions: pl.DataFrame, key: dict
) -> None:
    def doc(path: str) -> str:
        return path.removesuffix(".md")

    for case in key["proper_name_exclusions"]:
        text = corpus.filter(doc_id=doc(case["file"]))["text"][0]
        starts = [m.start() for m in re.finditer(re.escape(case["phrase"]), text)]
        assert len(starts) == case["count"]
        hamas = mentions.filter(doc_id=doc(case["file"]), label_set="hamas")
        for start in starts:
            end = start + len(case["phrase"])
            overlapping = hamas.filter((pl.col("start") < end) & (pl.col("end") > start))
            assert overlapping.height == 0
    for case in key["whitespace_cases"]:
        one = corpus.filter(doc_id=doc(case["file"]))
        assert case["raw"] in one["text"][0]
        flattened = one.with_columns(pl.col("text").str.replace_all(r"\s+", " "))
        assert case["raw"] not in flattened["text"][0]
        labels = ["label_set", "label"]
        assert (
            label_mentions(one).select(labels).rows()
            == label_mentions(flattened).select(labels).rows()
        ), case


def test_dedupe_drops_the_syndicated_copy_from_the_republishing_outlet(
    demo_dir: Path, key: dict
) -> None:
    everything = read_corpus(demo_dir)
    copy = next(iter(key["syndicated"]))["copy"].removesuffix(".md")
    original = next(iter(key["syndicated"]))["original"].removesuffix(".md")
    copied = label_mentions(everything.filter(pl.col("doc_id") == copy))
    assert copied.height > 0
    plain = label_shares(everything, by="outlet")
    deduped = label_shares(everything, by="outlet", dedupe="verbatim")
    joined = plain.join(deduped, on=["outlet", "label_set", "label"], suffix="_deduped")
    courier = joined.filter(pl.col("outlet") == "Evening Courier")
    lost = copied.group_by("label_set", "label").len()
    for label_set, label, n in lost.iter_rows():
        row = courier.filter(label_set=label_set, label=label).row(0, named=True)
        assert row["n"] - row["n_deduped"] == n
    # The original keeps every mention: the wire wrote it first.
    wire = joined.filter(pl.col("outlet") == "Metro Wire Service")
    assert (wire["n"] == wire["n_deduped"]).all()
    assert original.startswith("metro-wire/")
