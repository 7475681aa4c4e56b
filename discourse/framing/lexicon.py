"""Lexicons of label sets: the competing ways outlets fill one slot, read from documented YAML.

A **label set** is one referent or one slot (Hamas; Israel's army; the verb for a death); its
**labels** are the competing ways to fill it ("militant group", "resistance movement",
"terrorist organisation"). Each label lists phrases, with generated variants, and exclusions:
phrases that look like the label but are not it (a proper name is not a designation).

The format, with every rule, is documented in ``docs/lexicon.md``. In short::

    version: 1
    sources:                      # optional: citation keys used by labels
      jackson: "Holly Jackson (2024), ..."
    label_sets:
      hamas:
        description: How the text names Hamas.
        labels:
          militant:
            phrases: ["militant group", "militant{,s}"]
            variants: [possessive]          # plural, possessive, hyphen
            exclude: []
            rationale: Why the label matters and who uses it.
            used_by: Where the term is found.
            sources: [jackson]

Phrase syntax: ``{a,b}`` alternatives (``organi{s,z}ation``, ``fighter{,s}``); a trailing ``*``
on a word matches any ending (``massacre*``). Matching is case-, quote-, whitespace- and
line-break-insensitive, so phrases need no variants for those.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from os import PathLike
from typing import IO, Any

import polars as pl

from discourse.errors import LexiconError
from discourse.framing._lexicon_yaml import Reader, parse_document
from discourse.framing.phrases import Variant, _fold_phrase, expand_phrases

__all__ = ["Label", "LabelSet", "Lexicon", "default_lexicon", "read_lexicon"]


@dataclass(frozen=True)
class Label:
    """One competing way to fill a label set, with the phrases that realise it.

    Examples
    --------
    >>> label = Label("militant", ("militant group", "gunman"), variants=("plural",))
    >>> label.forms()
    ('militant group', 'militant groups', 'gunman', 'gunmen')
    """

    name: str
    phrases: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()
    rationale: str = ""
    used_by: str = ""
    sources: tuple[str, ...] = ()

    def forms(self) -> tuple[str, ...]:
        """Every literal or wildcard form of the phrases, variants applied."""
        return tuple(
            dict.fromkeys(
                f for p in self.phrases for f in expand_phrases(p, variants=self.variants)
            )
        )

    def excluded_forms(self) -> tuple[str, ...]:
        """Every form of the exclusions, with the label's variants applied."""
        return tuple(
            dict.fromkeys(
                f for p in self.exclude for f in expand_phrases(p, variants=self.variants)
            )
        )


@dataclass(frozen=True)
class LabelSet:
    """One referent or slot and its competing labels, in the order the lexicon lists them.

    Examples
    --------
    >>> army = default_lexicon().label_set("israeli_military")
    >>> army.label("occupation").phrases[-1]
    'IOF'
    >>> army.label("troops")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    discourse.errors.LexiconError: <lexicon>: label set 'israeli_military' has no label ...
    """

    name: str
    labels: tuple[Label, ...]
    description: str = ""

    def label(self, name: str) -> Label:
        """The label called ``name``."""
        for label in self.labels:
            if label.name == name:
                return label
        names = [label.name for label in self.labels]
        raise LexiconError(f"label set {self.name!r} has no label {name!r}; it has {names}")


@dataclass(frozen=True)
class Lexicon:
    """Label sets in order, the citations their labels refer to, and the file they came from.

    Build one with :func:`read_lexicon` or :func:`default_lexicon`; combine with :meth:`extend`.

    Examples
    --------
    >>> lexicon = default_lexicon().select("hamas", "deaths")
    >>> [label_set.name for label_set in lexicon.label_sets]
    ['hamas', 'deaths']
    """

    label_sets: tuple[LabelSet, ...]
    sources: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    description: str = ""
    source: str | None = None

    def label_set(self, name: str) -> LabelSet:
        """The label set called ``name``."""
        for label_set in self.label_sets:
            if label_set.name == name:
                return label_set
        names = [s.name for s in self.label_sets]
        raise LexiconError(f"no label set {name!r}; the lexicon has {names}", source=self.source)

    def select(self, *names: str) -> Lexicon:
        """A lexicon with only the named label sets, in the order given."""
        return replace(self, label_sets=tuple(self.label_set(n) for n in names))

    def extend(self, other: Lexicon) -> Lexicon:
        """This lexicon with ``other`` laid over it.

        A label set of ``other`` with a new name is appended. One with an existing name keeps
        the existing labels, except that a label of ``other`` with an existing name replaces
        it and a new label is appended. Raises :class:`LexiconError` if the result lists one
        phrase under two labels of a set.

        Examples
        --------
        >>> import io
        >>> extra = read_lexicon(io.StringIO(
        ...     "label_sets:\\n  hamas:\\n    labels:\\n"
        ...     "      militant: {phrases: [militant group, 'militant{,s}', armed men]}\\n"))
        >>> merged = default_lexicon().extend(extra)
        >>> merged.label_set("hamas").label("militant").phrases
        ('militant group', 'militant{,s}', 'armed men')
        """
        sets = {s.name: s for s in self.label_sets}
        for new in other.label_sets:
            old = sets.get(new.name)
            if old is None:
                sets[new.name] = new
                continue
            labels = {label.name: label for label in old.labels}
            labels.update({label.name: label for label in new.labels})
            sets[new.name] = LabelSet(
                new.name, tuple(labels.values()), new.description or old.description
            )
        merged = Lexicon(
            tuple(sets.values()),
            {**self.sources, **other.sources},
            other.description or self.description,
            " extended by ".join(s for s in (self.source, other.source) if s) or None,
        )
        _check(merged, {})
        return merged

    def to_frame(self) -> pl.DataFrame:
        """One row per label set, label and expanded form.

        Returns
        -------
        polars.DataFrame
            ``label_set``, ``label``, ``phrase`` (one expanded form), ``pattern`` (the phrase as
            written in the lexicon), ``exclusion`` (True for a form that must not count).

        Examples
        --------
        >>> frame = default_lexicon().to_frame()
        >>> frame.filter(label="terrorist", phrase="terrorist organization").height
        1
        """
        rows = [
            (s.name, label.name, form, pattern, exclusion)
            for s in self.label_sets
            for label in s.labels
            for exclusion, patterns in ((False, label.phrases), (True, label.exclude))
            for pattern in patterns
            for form in expand_phrases(pattern, variants=label.variants)
        ]
        schema = {
            "label_set": pl.String,
            "label": pl.String,
            "phrase": pl.String,
            "pattern": pl.String,
            "exclusion": pl.Boolean,
        }
        return pl.DataFrame(rows, schema=schema, orient="row")


Lines = dict[tuple[str, str, str], Any]


def _check(lexicon: Lexicon, nodes: Lines) -> None:
    """Refuse a phrase under two labels of one set, an exclusion of a label's own phrase, and
    unknown source keys. ``nodes`` maps (set, label, phrase) to a YAML node, for line numbers."""
    read = Reader(lexicon.source)
    for label_set in lexicon.label_sets:
        owner: dict[str, str] = {}
        for label in label_set.labels:
            mine: set[str] = set()
            for pattern in label.phrases:
                node = nodes.get((label_set.name, label.name, pattern))
                for form in _forms(read, node, pattern, label.variants):
                    folded = _fold_phrase(form)
                    other = owner.setdefault(folded, label.name)
                    if other != label.name:
                        raise read.fail(
                            node,
                            f"{form!r} is listed under both {other!r} and "
                            f"{label.name!r} in label set {label_set.name!r}; "
                            "a phrase belongs to one label",
                        )
                    mine.add(folded)
            for pattern in label.exclude:
                node = nodes.get((label_set.name, label.name, pattern))
                for form in _forms(read, node, pattern, label.variants):
                    if _fold_phrase(form) in mine:
                        raise read.fail(
                            node,
                            f"{form!r} is both a phrase and an exclusion of "
                            f"label {label_set.name}.{label.name}",
                        )
            unknown = [s for s in label.sources if lexicon.sources and s not in lexicon.sources]
            if unknown:
                node = nodes.get((label_set.name, label.name, "sources"))
                raise read.fail(
                    node,
                    f"label {label_set.name}.{label.name} cites unknown "
                    f"source(s) {unknown}; add them under 'sources:'",
                )


def _forms(read: Reader, node: Any, pattern: str, variants: Sequence[Variant]) -> tuple[str, ...]:
    try:
        return expand_phrases(pattern, variants=variants)
    except LexiconError as exc:
        raise read.fail(node, exc.reason) from None


def read_lexicon(path: str | PathLike[str] | IO[str] | None = None) -> Lexicon:
    """Read and validate a lexicon YAML file (or an open text stream); by default, the packaged one.

    Parameters
    ----------
    path
        A YAML file or an open text stream. ``None`` or an empty string (as an unset
        ``DISCOURSE_LEXICON`` gives a notebook) is the lexicon shipped with the package,
        :func:`default_lexicon`.

    Returns
    -------
    Lexicon
        The label sets in file order, the sources they cite, and ``source`` (the file's name).

    Raises
    ------
    LexiconError
        Naming the file, the line and the problem: unknown keys, missing or empty phrases, bad
        phrase syntax, a phrase under two labels of one set, wrong types, an unreadable file.

    Examples
    --------
    >>> import io
    >>> text = '''
    ... label_sets:
    ...   army:
    ...     labels:
    ...       official: {phrases: ["Israel Defen{c,s}e Forces", IDF]}
    ...       occupation: {phrases: [occupation forces]}
    ... '''
    >>> lexicon = read_lexicon(io.StringIO(text))
    >>> [label.name for label in lexicon.label_set("army").labels]
    ['official', 'occupation']
    >>> read_lexicon(io.StringIO("label_sets:\\n  army:\\n    labelz: {}\\n"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    discourse.errors.LexiconError: <lexicon>, line 3: unknown key 'labelz' in label set 'army'; ...
    >>> read_lexicon() is default_lexicon()
    True
    """
    if path is None or (isinstance(path, str) and not path):
        return default_lexicon()
    if hasattr(path, "read"):
        text = path.read()  # type: ignore[union-attr]
        source = getattr(path, "name", None)
    else:
        source = str(path)
        try:
            with open(path, encoding="utf-8-sig") as handle:
                text = handle.read()
        except OSError as exc:
            raise LexiconError(f"cannot read the file: {exc.strerror}", source=source) from None
    return _build(text, source if isinstance(source, str) else None)


def _build(text: str, source: str | None) -> Lexicon:
    doc = parse_document(text, source)
    nodes: Lines = {}
    sets = []
    for s in doc["label_sets"]:
        labels = []
        for d in s["labels"]:
            for text_, node in (*d["phrases"], *d["exclude"]):
                nodes[(s["name"], d["name"], text_)] = node
            nodes[(s["name"], d["name"], "sources")] = d["source_nodes"]
            labels.append(
                Label(
                    d["name"],
                    tuple(t for t, _ in d["phrases"]),
                    tuple(t for t, _ in d["exclude"]),
                    d["variants"],
                    d["rationale"],
                    d["used_by"],
                    d["sources"],
                )
            )
        sets.append(LabelSet(s["name"], tuple(labels), s["description"]))
    lexicon = Lexicon(tuple(sets), doc["sources"], doc["description"], source)
    _check(lexicon, nodes)
    return lexicon


@cache
def default_lexicon() -> Lexicon:
    """The lexicon shipped with the package (``discourse/data/default-lexicon.yaml``).

    It covers the vocabulary of every side for Hamas, Israel and its army, the territories,
    captives, death verbs, the sourcing of casualty figures and emotive language; each label
    documents its rationale, where it is used, and the studies that counted it. Read once; the
    same object comes back on every call (a :class:`Lexicon` is immutable).

    Returns
    -------
    Lexicon
        The packaged label sets, with ``source`` ``"discourse/data/default-lexicon.yaml"``.

    Examples
    --------
    >>> lexicon = default_lexicon()
    >>> [label.name for label in lexicon.label_set("israeli_military").labels]
    ['official', 'army', 'occupation', 'zionist']
    """
    ref = resources.files("discourse") / "data" / "default-lexicon.yaml"
    return _build(ref.read_text(encoding="utf-8"), "discourse/data/default-lexicon.yaml")
