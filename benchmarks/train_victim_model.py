"""Would a learned victim-side classifier beat the rules? The experiment behind not shipping one.

Run ``python benchmarks/train_victim_model.py [REAL_DATA_DIR]`` (needs scikit-learn, a dev
dependency). It trains a logistic regression on each development outlet's hand labels and scores
it only on the held-out outlets of the same study (The Breach: Globe and Mail -> National Post,
Toronto Star; Jackson: NYT -> WaPo, WSJ), next to the rules' own accuracy on those outlets.

The features hold no text: the rules' victim side (sentence alone and with document context),
casualty/verb/voice/agent flags, counts of side cues by side and role, length, quotation marks
and the number of casualty words. Nothing is written to disk.

Finding (2026-11-25): on The Breach's held-out outlets the model scores about a point below the
rules (National Post 0.685 against 0.698, Toronto Star 0.725 against 0.738). On Jackson's it
gains two to four points (WaPo 0.902 against 0.878, WSJ 0.901 against 0.863), but on the
sentences the rules give a side it is level with them (0.909 against 0.907, 0.901 against
0.905): the gain is all on the thirty-odd sentences per outlet the rules leave without a side,
where it has learned that her sets hold no "none" sentence (she dropped them) and always names
one. That is an artefact of how her set was built, not a better reading, so ``agency`` keeps
its rules.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_agency import JACKSON, load_labelled, predict

from discourse._agency_lexicon import CASUALTY_NOUNS, INJURY_VERBS, VERB_FORMS
from discourse._agency_rules import _cues
from discourse._agency_verbs import tokens_of

_SIDES = ["israeli", "palestinian", "both", None]
_AGENTS = ["israel", "hamas", "other", None]
#: (development outlet, held-out outlets) per study.
EXPERIMENTS = [("Globe and Mail", ["National Post", "Toronto Star"]), ("NYT", ["WaPo", "WSJ"])]


def features(labelled: pl.DataFrame) -> tuple[np.ndarray, pl.DataFrame]:
    """One row of numbers per sentence, and the rules' predictions (``victim``, ``victim_ctx``)."""
    alone = predict(labelled)
    carried = predict(labelled, document="doc", title="title")
    ruled = alone.with_columns(victim_ctx=carried["victim"])
    named = ~ruled["outlet"].is_in(list(JACKSON))
    rows = []
    for r, is_named in zip(ruled.iter_rows(named=True), named, strict=True):
        tokens = tokens_of(r["text"])
        cues = _cues(tokens, bool(is_named))
        row = [r["victim"] == s for s in _SIDES] + [r["victim_ctx"] == s for s in _SIDES]
        row += [r["casualty"], r["verb"] is None, r["voice"] == "passive"]
        row += [r["verb"] in INJURY_VERBS] + [r["agent"] == a for a in _AGENTS]
        row += [
            min(sum(c.side == side and c.role == role for c in cues), 3)
            for side in ("isr", "pal", "oth")
            for role in ("people", "place", "actor", "instr", "source")
        ]
        row += [
            min(len(tokens) / 40, 2),
            any(q in r["text"] for q in '"“”'),
            sum(t in VERB_FORMS or t in CASUALTY_NOUNS for t in tokens),
        ]
        rows.append(row)
    return np.array(rows, dtype=float), ruled


def main(argv: list[str]) -> None:
    root = (
        Path(argv[1])
        if len(argv) > 1
        else Path(__file__).resolve().parents[2] / "shared" / "corpora" / "real"
    )
    labelled = load_labelled(root).filter(pl.col("victim_gold").is_not_null())
    x, ruled = features(labelled)
    gold = np.array(ruled["victim_gold"].to_list())
    outlet = np.array(ruled["outlet"].to_list())
    study_column = {"Globe and Mail": "victim", "NYT": "victim_ctx"}
    rows = []
    for train, tests in EXPERIMENTS:
        column = study_column[train]
        rules = np.array(ruled[column].fill_null("none").to_list())
        no_side = ruled[column].is_null().to_numpy()
        fit = outlet == train
        model = LogisticRegression(max_iter=3000).fit(x[fit], gold[fit])
        for test in tests:
            on = outlet == test
            guess = model.predict(x[on])
            sided = ~no_side[on]
            rows.append(
                {
                    "trained_on": train,
                    "held_out": test,
                    "n": int(on.sum()),
                    "rules_acc": float(np.mean(rules[on] == gold[on])),
                    "model_acc": float(np.mean(guess == gold[on])),
                    "n_rules_no_side": int((~sided).sum()),
                    "rules_acc_sided": float(np.mean(rules[on][sided] == gold[on][sided])),
                    "model_acc_sided": float(np.mean(guess[sided] == gold[on][sided])),
                }
            )
    pl.Config.set_tbl_width_chars(200)
    pl.Config.set_float_precision(3)
    print(pl.DataFrame(rows))


if __name__ == "__main__":
    main(sys.argv)
