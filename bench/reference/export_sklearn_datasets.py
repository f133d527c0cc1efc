"""Writes scikit-learn's bundled data sets (offline, no download) as CSV files that `fastneuron train` reads.

    /usr/bin/python3 bench/reference/export_sklearn_datasets.py OUT_FOLDER

Each file has a header: the features' names, then `target` (the class index for classification, the value for
the regression). The sets: iris, wine, breast_cancer, digits (classes) and diabetes (regression; scikit-learn's,
not FANN's Pima diabetes shipped in data/).
"""
import csv
import os
import sys

from sklearn import datasets

# name -> (loader, task)
SETS = {
    "iris": (datasets.load_iris, "classification"),
    "wine": (datasets.load_wine, "classification"),
    "breast_cancer": (datasets.load_breast_cancer, "classification"),
    "digits": (datasets.load_digits, "classification"),
    "diabetes": (datasets.load_diabetes, "regression"),
}


def load(name):
    """The set's features (rows x columns), targets, feature names and task."""
    loader, task = SETS[name]
    bunch = loader()
    names = [str(n).replace(",", " ") for n in getattr(bunch, "feature_names", [])] or [f"x{j}" for j in range(bunch.data.shape[1])]
    return bunch.data, bunch.target, names, task


def write_csv(path, features, targets, names):
    """One header row (names, then `target`), then one row per sample; integers stay integers."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(names) + ["target"])
        for x, y in zip(features, targets):
            w.writerow([repr(float(v)) for v in x] + [str(y.item() if hasattr(y, "item") else y)])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: export_sklearn_datasets.py OUT_FOLDER")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name in SETS:
        features, targets, names, _ = load(name)
        path = os.path.join(out, f"{name}.csv")
        write_csv(path, features, targets, names)
        print(f"{path}: {features.shape[0]} rows x {features.shape[1]} features")


if __name__ == "__main__":
    main()
