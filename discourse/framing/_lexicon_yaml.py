"""Parse and validate the lexicon YAML format, reporting the file and line of every problem.

The parser walks PyYAML's node tree (``yaml.compose``) rather than the loaded Python objects,
because only the nodes remember the line each key and value came from.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from discourse.errors import LexiconError

NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
VARIANTS = ("plural", "possessive", "hyphen")
TOP_KEYS = {"version": False, "description": False, "sources": False, "label_sets": True}
SET_KEYS = {"description": False, "labels": True}
LABEL_KEYS = {
    "phrases": True,
    "exclude": False,
    "variants": False,
    "rationale": False,
    "used_by": False,
    "sources": False,
}


class Reader:
    """Turns YAML nodes into plain values, raising :class:`LexiconError` at the node's line."""

    def __init__(self, source: str | None) -> None:
        self.source = source

    def fail(self, node: yaml.Node | None, reason: str) -> LexiconError:
        line = node.start_mark.line + 1 if node is not None else None
        return LexiconError(reason, source=self.source, line=line)

    def mapping(
        self, node: yaml.Node, what: str, keys: dict[str, bool] | None = None
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Key → (key node, value node); refuses duplicates, unknown and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping (key: value lines)")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, f"keys of {what} must be plain names")
            key = str(key_node.value)
            if key in out:
                raise self.fail(key_node, f"{what} has the key {key!r} twice")
            if keys is not None and key not in keys:
                allowed = ", ".join(keys)
                raise self.fail(key_node, f"unknown key {key!r} in {what}; allowed: {allowed}")
            out[key] = (key_node, value_node)
        for key, required in (keys or {}).items():
            if required and key not in out:
                raise self.fail(node, f"{what} needs the key {key!r}")
        return out

    def string(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            raise self.fail(node, f"{what} must be a text string")
        text = " ".join(str(node.value).split())
        if not text:
            raise self.fail(node, f"{what} is empty")
        return text

    def strings(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list, e.g. [a, b]")
        return [(self.string(item, f"an item of {what}"), item) for item in node.value]

    def name(self, node: yaml.Node, what: str) -> str:
        text = self.string(node, what)
        if not NAME_RE.fullmatch(text):
            raise self.fail(
                node, f"{what} {text!r} must be lower case letters, digits and underscores"
            )
        return text


def compose(text: str, source: str | None) -> yaml.Node:
    """The root node of a YAML document, with syntax errors turned into :class:`LexiconError`."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise LexiconError(f"not valid YAML: {exc.problem}", source=source, line=line) from None
    if root is None:
        raise LexiconError("the file is empty; a lexicon needs label_sets", source=source)
    return root


def parse_document(text: str, source: str | None) -> dict[str, Any]:
    """Validate the document's shape; return plain values with a node kept beside each phrase.

    The result is ``{"description", "sources", "label_sets": [{"name", "description", "node",
    "labels": [{"name", "node", "phrases": [(text, node)], "exclude": [...], "variants",
    "rationale", "used_by", "sources"}]}]}``; phrase checks that need expansion happen later.
    """
    read = Reader(source)
    root = compose(text, source)
    top = read.mapping(root, "the lexicon", TOP_KEYS)
    if "version" in top:
        node = top["version"][1]
        if not (isinstance(node, yaml.ScalarNode) and node.value == "1"):
            raise read.fail(node, "version must be 1 (the only lexicon format so far)")
    sources: dict[str, str] = {}
    if "sources" in top:
        for key, (key_node, value) in read.mapping(top["sources"][1], "sources").items():
            read.name(key_node, "a source key")
            sources[key] = read.string(value, f"source {key!r}")
    sets_node = top["label_sets"][1]
    label_sets = []
    for set_name, (key_node, value) in read.mapping(sets_node, "label_sets").items():
        read.name(key_node, "a label set name")
        fields = read.mapping(value, f"label set {set_name!r}", SET_KEYS)
        labels = []
        labels_node = fields["labels"][1]
        for label_name, (label_key, label_value) in read.mapping(
            labels_node, f"the labels of {set_name!r}"
        ).items():
            read.name(label_key, "a label name")
            labels.append(_label(read, label_name, label_value, f"label {set_name}.{label_name}"))
        if not labels:
            raise read.fail(labels_node, f"label set {set_name!r} has no labels")
        description = fields.get("description")
        label_sets.append(
            {
                "name": set_name,
                "node": key_node,
                "description": read.string(description[1], "description") if description else "",
                "labels": labels,
            }
        )
    if not label_sets:
        raise read.fail(sets_node, "label_sets is empty; define at least one label set")
    description = top.get("description")
    return {
        "description": read.string(description[1], "description") if description else "",
        "sources": sources,
        "label_sets": label_sets,
    }


def _label(read: Reader, name: str, node: yaml.Node, what: str) -> dict[str, Any]:
    fields = read.mapping(node, what, LABEL_KEYS)
    phrases = read.strings(fields["phrases"][1], f"the phrases of {what}")
    if not phrases:
        raise read.fail(fields["phrases"][1], f"{what} has no phrases")
    exclude = (
        read.strings(fields["exclude"][1], f"the exclusions of {what}")
        if ("exclude" in fields)
        else []
    )
    variants = []
    if "variants" in fields:
        for variant, item in read.strings(fields["variants"][1], f"the variants of {what}"):
            if variant not in VARIANTS:
                raise read.fail(item, f"unknown variant {variant!r}; choose from {list(VARIANTS)}")
            variants.append(variant)
    sources = []
    if "sources" in fields:
        sources = [s for s, _ in read.strings(fields["sources"][1], f"the sources of {what}")]
    text = {
        k: read.string(fields[k][1], f"{k} of {what}")
        for k in ("rationale", "used_by")
        if k in fields
    }
    return {
        "name": name,
        "node": node,
        "phrases": phrases,
        "exclude": exclude,
        "variants": tuple(variants),
        "sources": tuple(sources),
        "source_nodes": fields["sources"][1] if "sources" in fields else node,
        "rationale": text.get("rationale", ""),
        "used_by": text.get("used_by", ""),
    }
