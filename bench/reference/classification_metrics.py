#!/usr/bin/env python3
"""Run once to write tests/FastNeuron.Tests/Reference/sklearn-classification.json: two small classification sets
(probabilities and true classes) and scikit-learn's figures for them, which ClassificationScoresTests compares
`fastneuron evaluate`'s ClassificationScores with (the tests themselves need no Python).

    /usr/bin/python3 bench/reference/classification_metrics.py   # Debian's python3-sklearn (1.2.1 wrote the file)
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, f1_score, log_loss, precision_recall_fscore_support, roc_auc_score

EPSILON = 1e-15  # the clamp ClassificationScores.LogLossEpsilon states; passed explicitly (1.2's default is the dtype's eps)
rng = np.random.default_rng(15)


def figures(y_true, probabilities, classes):
    y_pred = probabilities.argmax(axis=1)  # the first of equals, as Metrics.ArgMax
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=list(range(classes)), zero_division=0)
    out = {
        "accuracy": accuracy_score(y_true, y_pred),
        "precision": precision.tolist(),
        "recall": recall.tolist(),
        "f1": f1.tolist(),
        "support": support.tolist(),
        "macro_f1": f1_score(y_true, y_pred, labels=list(range(classes)), average="macro", zero_division=0),
        "log_loss": log_loss(y_true, probabilities, eps=EPSILON, labels=list(range(classes))),
    }
    if classes == 2:
        out["roc_auc"] = roc_auc_score(y_true, probabilities[:, 1])
    return out


# Three classes: softmax of random logits, one row whose true class has probability 0 (the clamp).
logits = rng.normal(size=(40, 3)) * 2
multi = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
multi_true = rng.integers(0, 3, size=40)
multi[0] = [1.0, 0.0, 0.0]
multi_true[0] = 1

# Two classes: one sigmoid output rounded to tenths, so that many scores tie (AUC counts ties half).
p = np.round(rng.uniform(size=30), 1)
binary_true = (rng.uniform(size=30) < p).astype(int)
binary = np.stack([1 - p, p], axis=1)

result = {
    "generator": f"bench/reference/classification_metrics.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}",
    "log_loss_epsilon": EPSILON,
    "multiclass": {"y_true": multi_true.tolist(), "probabilities": multi.tolist(), "expected": figures(multi_true, multi, 3)},
    "binary": {"y_true": binary_true.tolist(), "positive": p.tolist(), "expected": figures(binary_true, binary, 2)},
}
target = pathlib.Path(__file__).resolve().parents[2] / "tests" / "FastNeuron.Tests" / "Reference" / "sklearn-classification.json"
target.write_text(json.dumps(result) + "\n")
print(f"wrote {target}")
