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


@dataclass(frozen=True)
class Provenance:
    """The inputs and the release that produced a report."""

    #: ``discourse.__version__``.
    version: str
    #: The lexicon path as given; ``None`` for the packaged ``default-lexicon.yaml``.
    lexicon: str | None
    #: The first 12 hex digits of the SHA-256 of the lexicon file's bytes.
    lexicon_sha256: str
    #: The corpus path as given.
    corpus: str
    #: Documents and outlets the notebooks read (``None``: the corpus could not be read).
    documents: int | None
    outlets: int | None


def lexicon_digest(lexicon: str | Path | None) -> str:
    """The start of the lexicon file's SHA-256 (``None``: the packaged lexicon).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.yaml"
    >>> _ = path.write_bytes(b"labels: {}\\n")
    >>> lexicon_digest(path)
    'd3f28eb35c1a'
    """
    if lexicon is None:
        data = (resources.files("discourse") / "data" / "default-lexicon.yaml").read_bytes()
    else:
        data = Path(lexicon).read_bytes()
    return hashlib.sha256(data).hexdigest()[:_DIGEST_DIGITS]


def version_line() -> str:
    """What ``discourse --version`` prints: the release and the packaged lexicon's digest.

    Examples
    --------
    >>> import discourse
    >>> version_line().startswith(f"discourse {discourse.__version__} (packaged lexicon")
    True
    """
    import discourse

    digest = lexicon_digest(None)
    lexicon = f"packaged lexicon default-lexicon.yaml, sha256 {digest}"
    return f"discourse {discourse.__version__} ({lexicon})"


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

    digest = lexicon_digest(lexicon)
    documents = outlets = None
    try:
        frame = load_corpus(corpus, errors="collect", **read_options).corpus
    except (DiscourseError, OSError, TypeError, ValueError):
        # The notebooks meet the same problem and say what it is; the footer only says so.
        pass
    else:
        documents = frame.height
        outlets = frame["outlet"].drop_nulls().n_unique()
    name = None if lexicon is None else str(lexicon)
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
    >>> line = provenance_html(Provenance("0.1.0", None, "0123456789ab", "news", 2, 1))
    >>> line.split(") with ")[1]
    'the packaged lexicon <code>default-lexicon.yaml</code> (sha256 <code>0123456789ab</code>).'
    """
    p = provenance
    size = (
        "(not readable)"
        if p.documents is None or p.outlets is None
        else f"({_plural(p.documents, 'document')} from {_plural(p.outlets, 'outlet')})"
    )
    lexicon = (
        "the packaged lexicon <code>default-lexicon.yaml</code>"
        if p.lexicon is None
        else f"the lexicon <code>{html.escape(p.lexicon)}</code>"
    )
    return (
        f"Made with <code>discourse {html.escape(p.version)}</code> from the corpus "
        f"<code>{html.escape(p.corpus)}</code> {size} with {lexicon} "
        f"(sha256 <code>{p.lexicon_sha256}</code>)."
    )
