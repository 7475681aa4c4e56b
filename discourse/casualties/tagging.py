"""Who died, who killed them, and how the sentence says it: casualty agency per sentence.

Studies of war coverage (Holly Jackson on US newspapers, The Breach on Canadian ones) count
the sentences that report deaths, by the victims' side, and ask whether the sentence names who
caused them and whether it uses the passive ("were killed") or an agentless verb ("died").
:func:`agency` reads those properties off each sentence with transparent lexical and clause
rules (see :mod:`discourse.casualties._rules`), and :func:`casualty_sentences` keeps a corpus's
sentences that report casualties; :mod:`discourse.casualties.measures` counts them (see
``docs/casualties.md``).

The labels describe what a sentence says, not what happened: ``agent`` is who the sentence
names as causing the casualties, ``victim`` whose casualties it reports. The two studies define
the victim's side differently (Jackson: the victims' side or where they died, reading the article
when needed; The Breach: the nationality the sentence gives them), hence ``attribution=`` and
``document=``. Accuracy against their hand labels is measured by ``benchmarks/eval_agency.py``
(2026-11-25): victim side 0.87-0.92 on the US papers read as Jackson did, 0.71-0.76 on the
Canadian ones read as The Breach did, whose outlets give the same sentence the same label only
0.78-0.82 of the time (so no reader fitted elsewhere does better; see
``benchmarks/train_victim_model.py``); agent 0.80-0.86; voice 0.90-0.97 against an automatic
tagger, 0.99-1.0 once every disagreement is judged by hand (mostly reduced passives, "people
killed in ...", which it calls active; an upper bound, as only disagreements were read). Check a
sample by hand before publishing a count.
"""

from __future__ import annotations

import polars as pl

from discourse._typing import Attribution, Frame
from discourse.casualties._rules import Reading, Result, read
from discourse.cluster._detect import is_dask
from discourse.corpus._frame import require_columns
from discourse.errors import DiscourseError, NotApplicableError
from discourse.text.segments import sentences

__all__ = ["agency", "casualty_sentences"]


def agency(
    frame: Frame,
    *,
    text: str = "text",
    document: str | None = None,
    title: str | None = None,
    attribution: Attribution = "event",
) -> pl.DataFrame:
    """Add casualty, voice, agent and victim columns to a frame of sentences.

    Parameters
    ----------
    frame
        One row per sentence (for example from :func:`discourse.sentences`); a LazyFrame is
        collected.
    text
        The column holding the sentence.
    document
        A column identifying each sentence's document (such as ``doc_id``), with the sentences of
        a document in reading order. When given, a casualty sentence that names no side of its
        own ("At least 40 people were killed.") takes the victim side of the nearest earlier
        sentence of the same document that names one, as a reader would. ``None`` (the default)
        reads every sentence on its own.
    title
        With ``document``: a column holding each document's headline, read as the document's
        first sentence for that purpose (a reader sees the headline first).
    attribution
        How a death is given a side, after the two studies' definitions. ``"event"`` (the
        default; Jackson's: "the victim must be Palestinian or Israeli or the death otherwise
        occurred in the West Bank, Gaza, or Israel"): by the victims, else where they died or
        who attacked, so foreign nationals killed in an attack on Israel count as Israeli deaths
        and a sentence naming only one side's forces counts its dead for the other side.
        ``"named"`` (The Breach's labels, the victims' nationality): only the side the sentence
        gives its victims, through their nationality, the place or the attacker in the same
        clause; foreign nationals count for neither side.

    Returns
    -------
    polars.DataFrame
        The input rows and columns, then:

        - ``casualty`` (Boolean): the sentence reports deaths or injuries as having happened
          ("could be killed", "threatened to kill" do not count);
        - ``verb`` (String): lemma of the first casualty verb ("kill", "die", "murder"...), null
          when only a noun ("death toll") reports the casualties;
        - ``voice`` (String): "active" or "passive", the grammatical voice of that verb
          ("died" and "Hamas killed" are active, "were killed" and "civilians killed in" passive);
        - ``passive_form`` (String): for a passive, "auxiliary" (a form of *be* or *get* before
          the participle: "were killed", "have been killed", "got shot") or "reduced" (a bare
          participle: "29 staff killed", "those killed in the strike"); null otherwise. Studies
          that count only auxiliary passives call the reduced ones active (see
          :func:`voice_shares` and ``docs/casualties.md``);
        - ``agent_named`` (Boolean): the sentence names who caused the casualties;
        - ``agent`` (String): "israel", "hamas" (Hamas and other Palestinian armed groups),
          "other", or null;
        - ``victim`` (String): "israeli", "palestinian", "both" or null (no Israeli or
          Palestinian victim can be read from the sentence).

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.DataFrame({"text": ["Four villagers were killed by Israeli shelling.",
    ...                            "Hamas gunmen killed two farmers in a kibbutz.",
    ...                            "The talks resumed on Monday."]})
    >>> agency(s).select("voice", "agent", "victim").rows()
    [('passive', 'israel', 'palestinian'), ('active', 'hamas', 'israeli'), (None, None, None)]
    >>> r = pl.DataFrame({"text": ["Nine guards were killed.", "Nine guards killed in a raid."]})
    >>> agency(r).select("voice", "passive_form").rows()
    [('passive', 'auxiliary'), ('passive', 'reduced')]
    >>> f = pl.DataFrame({"text": ["Two Canadian women were killed at a kibbutz."]})
    >>> agency(f)["victim"].to_list(), agency(f, attribution="named")["victim"].to_list()
    (['israeli'], [None])
    """
    if is_dask(frame):
        from discourse.cluster import _rows

        return _rows.agency(
            frame, text=text, document=document, title=title, attribution=attribution
        )
    if attribution not in ("event", "named"):
        raise DiscourseError(f"attribution must be 'event' or 'named', not {attribution!r}.")
    df = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    needed = [text, *([document] if document else []), *([title] if document and title else [])]
    require_columns(df, needed, what="agency")
    # News repeats sentences (wire copy, boilerplate): each distinct one is read once.
    memo: dict[str, Reading] = {}
    readings = []
    for s in df[text].to_list():
        sentence = s or ""
        reading = memo.get(sentence)
        if reading is None:
            reading = memo[sentence] = read(
                sentence, hint=document is not None, named=attribution == "named"
            )
        readings.append(reading)
    results = [r.result for r in readings]
    if document is not None:
        heads = df[title].to_list() if title else [None] * df.height
        results = _carry_sides(
            results,
            [r.hint for r in readings],
            df[document].to_list(),
            heads,
            attribution == "named",
        )
    forms = [_passive_form(r.voice, d.bare) for r, d in zip(results, readings, strict=True)]
    return df.with_columns(
        pl.Series("casualty", [r.casualty for r in results], dtype=pl.Boolean),
        pl.Series("verb", [r.verb for r in results], dtype=pl.String),
        pl.Series("voice", [r.voice for r in results], dtype=pl.String),
        pl.Series("passive_form", forms, dtype=pl.String),
        pl.Series("agent_named", [r.agent is not None for r in results], dtype=pl.Boolean),
        pl.Series("agent", [r.agent for r in results], dtype=pl.String),
        pl.Series("victim", [r.victim for r in results], dtype=pl.String),
    )


def _passive_form(voice: str | None, bare: bool) -> str | None:
    if voice != "passive":
        return None
    return "reduced" if bare else "auxiliary"


def _carry_sides(
    results: list[Result],
    hints: list[str | None],
    documents: list[object],
    titles: list[str | None],
    named: bool,
) -> list[Result]:
    """Give side-less casualty sentences the side last named earlier in the same document,
    starting from the side its title names."""
    last: dict[object, str | None] = {}
    out = []
    for result, hint, doc, head in zip(results, hints, documents, titles, strict=True):
        if doc not in last:
            last[doc] = read(head, named=named).hint if head else None
        if result.casualty and result.victim is None and result.open:
            result = result._replace(victim=last[doc])
        if hint is not None:
            last[doc] = hint
        out.append(result)
    return out


def casualty_sentences(
    corpus: Frame,
    *,
    text: str = "text",
    context: bool = False,
    attribution: Attribution = "event",
) -> pl.DataFrame:
    """The sentences of a corpus that report casualties, with :func:`agency`'s columns.

    Parameters
    ----------
    corpus
        A corpus frame (or LazyFrame).
    text
        The column holding the text.
    context
        Let a sentence that names no side take the side named last in its document, or in its
        ``title`` (see ``document`` and ``title`` in :func:`agency`).
    attribution
        How a death is given a side (see :func:`agency`).

    Returns
    -------
    polars.DataFrame
        The columns of :func:`discourse.sentences` (``doc_id``, group columns, ``sentence``,
        ``start``, ``end``, ``text``) and of :func:`agency`, casualty rows only.

    Raises
    ------
    NotApplicableError
        No sentence of the corpus reports a casualty.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": [
    ...     "Talks resumed. Two fishermen in Gaza were killed by Israeli fire."]})
    >>> casualty_sentences(corpus).select("sentence", "voice", "agent", "victim").rows()
    [(1, 'passive', 'israel', 'palestinian')]
    """
    if is_dask(corpus):
        from discourse.cluster import _rows

        return _rows.casualty_sentences(corpus, text=text, context=context, attribution=attribution)
    rows = sentences(corpus, text=text)
    if not context:
        found = agency(rows, attribution=attribution).filter(pl.col("casualty"))
    elif "title" not in corpus.collect_schema().names():
        found = agency(rows, document="doc_id", attribution=attribution).filter(pl.col("casualty"))
    else:
        heads = corpus.lazy().select("doc_id", _title="title").collect()
        found = (
            agency(
                rows.join(heads, on="doc_id", how="left"),
                document="doc_id",
                title="_title",
                attribution=attribution,
            )
            .drop("_title")
            .filter(pl.col("casualty"))
        )
    if found.is_empty():
        documents = corpus.lazy().select(pl.len()).collect().item()
        raise NotApplicableError(
            f"No sentence of the {documents} document(s) reports a death or an injury (a verb "
            "such as 'killed' or 'died', or a noun such as 'death toll'), so there is no "
            "casualty reporting to examine; this needs coverage that reports casualties."
        )
    return found
