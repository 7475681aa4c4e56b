"""What produced a report: the package version, the lexicon in use and the corpus it read.

Every rendered page ends with one line saying so, so a page passed around on its own still
tells which release of ``discourse``, which lexicon (by the SHA-256 of its file: the file's
``version:`` key names its format, not its content) and which corpus made it.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from discourse.errors import DiscourseError

#: How many hex digits of the lexicon file's SHA-256 are shown (48 bits: enough to tell apart).
_DIGEST_DIGITS = 12
_PACKAGED = "the packaged default-lexicon.yaml"


@dataclass(frozen=True)
class Provenance:
    """The inputs and the release that produced a report."""

    #: ``discourse.__version__``.
    version: str
    #: ``"the packaged default-lexicon.yaml"`` or the lexicon path as given.
    lexicon: str
    #: The first 12 hex digits of the SHA-256 of the lexicon file's bytes.
    lexicon_sha256: str
    #: The corpus path as given.
    corpus: str
    #: Documents and outlets the notebooks read (``None``: the corpus could not be read).
    documents: int | None
    outlets: int | None


def lexicon_fingerprint(lexicon: str | Path | None) -> tuple[str, str]:
    """The lexicon's name and the start of its file's SHA-256 (``None``: the packaged one).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.yaml"
    >>> _ = path.write_bytes(b"labels: {}\\n")
    >>> lexicon_fingerprint(path)[1]
    'd3f28eb35c1a'
    >>> lexicon_fingerprint(None)[0]
    'the packaged default-lexicon.yaml'
    """
    if lexicon is None:
        data = (resources.files("discourse") / "data" / "default-lexicon.yaml").read_bytes()
        name = _PACKAGED
    else:
        data = Path(lexicon).read_bytes()
        name = str(lexicon)
    return name, hashlib.sha256(data).hexdigest()[:_DIGEST_DIGITS]


def version_line() -> str:
    """What ``discourse --version`` prints: the release and the packaged lexicon's digest.

    Examples
    --------
    >>> import discourse
    >>> version_line().startswith(f"discourse {discourse.__version__} (lexicon: the packaged")
    True
    """
    import discourse

    name, digest = lexicon_fingerprint(None)
    return f"discourse {discourse.__version__} (lexicon: {name}, sha256 {digest})"


def report_provenance(
    corpus: str | Path,
    *,
    lexicon: str | Path | None,
    read_options: Mapping[str, Any],
) -> Provenance:
    """Read the corpus as the notebooks do and record what a report is made from.

    Examples
    --------
    >>> p = report_provenance("corpora/demo", lexicon=None, read_options={})
    >>> p.corpus, p.documents, p.outlets
    ('corpora/demo', 41, 5)
    """
    import discourse
    from discourse.corpus.reading import load_corpus

    name, digest = lexicon_fingerprint(lexicon)
    documents = outlets = None
    try:
        frame = load_corpus(corpus, errors="collect", **read_options).corpus
    except DiscourseError:
        pass
    else:
        documents = frame.height
        outlets = frame["outlet"].drop_nulls().n_unique()
    return Provenance(discourse.__version__, name, digest, str(corpus), documents, outlets)


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def provenance_html(provenance: Provenance) -> str:
    """The provenance as one escaped HTML sentence, for the end of a page.

    Examples
    --------
    >>> line = provenance_html(Provenance("0.1.0", "<x>.yaml", "0123456789ab", "news", 1, 3))
    >>> print(line.replace("</code> ", "</code>\\n"))
    Made with <code>discourse 0.1.0</code>
    from the corpus <code>news</code>
    (1 document from 3 outlets) with the lexicon <code>&lt;x&gt;.yaml</code>
    (sha256 <code>0123456789ab</code>).
    """
    p = provenance
    size = (
        "(not readable)"
        if p.documents is None or p.outlets is None
        else f"({_plural(p.documents, 'document')} from {_plural(p.outlets, 'outlet')})"
    )
    return (
        f"Made with <code>discourse {html.escape(p.version)}</code> from the corpus "
        f"<code>{html.escape(p.corpus)}</code> {size} with the lexicon "
        f"<code>{html.escape(p.lexicon)}</code> (sha256 <code>{p.lexicon_sha256}</code>)."
    )
