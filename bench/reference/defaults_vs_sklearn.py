"""`fastneuron train` with its defaults against scikit-learn's MLPClassifier / MLPRegressor defaults, on the same splits.

    dotnet build FastNeuron.sln -c Release
    /usr/bin/python3 bench/reference/defaults_vs_sklearn.py [--seeds 5] [--out docs/benchmarks/<cpu>/defaults-vs-sklearn.md]

For each data set and seed: the CSV sets shipped in data/ (iris, breast_cancer, digits: the script checks that they
hold exactly scikit-learn's bundled copies) and scikit-learn's bundled wine and diabetes (a regression; exported by
export_sklearn_datasets.py) are split 80/20 by train_test_split(random_state=seed), stratified for classes; the FANN
sets shipped in data/ keep their own .train/.test files (mushroom, Pima diabetes), and xor trains and is scored on
its 4 rows (FastNeuron with --validation 0, as 4 rows leave none to hold out). FastNeuron trains on the
training part with nothing but --seed (its defaults hold out 20% of it for validation), then `predict` scores the
test part. The old defaults (`--epochs 100`, before the step budget) run on the same parts. scikit-learn fits
StandardScaler + MLPClassifier(random_state=seed) or MLPRegressor(random_state=seed), every other argument its default,
on the same training part, and scores the same test part. Classes: test accuracy; regression: test R².
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_sklearn_datasets  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(REPO, "src", "FastNeuron.Cli", "bin", "Release", "net10.0", "FastNeuron.Cli.dll")
# The runs compared: a name and the arguments added to `train` besides --seed.
VARIANTS = [("FastNeuron defaults", []), ("FastNeuron --epochs 100 (old defaults)", ["--epochs", "100"])]


def read_fann(path):
    """A FANN data file: the inputs and the class: the one-hot output's index, or a single output's value."""
    with open(path) as f:
        numbers = f.read().split()
    pairs, inputs, outputs = (int(v) for v in numbers[:3])
    values = np.array(numbers[3:], dtype=np.float64).reshape(pairs, inputs + outputs)
    return values[:, :inputs], values[:, inputs] if outputs == 1 else values[:, inputs:].argmax(axis=1)


def read_shipped_csv(path, same_as):
    """A CSV shipped in data/ (a first line with any text is skipped: a header or scikit-learn's metadata line), label
    last; checked to be exactly scikit-learn's bundled copy of the set `same_as`."""
    with open(path) as f:
        first = f.readline().split(",")
    def number(cell):
        try:
            float(cell)
            return True
        except ValueError:
            return False
    values = np.loadtxt(path, delimiter=",", skiprows=0 if all(number(c) for c in first) else 1)
    features, targets, names, task = export_sklearn_datasets.load(same_as)
    if not (np.array_equal(values[:, :-1], features) and np.array_equal(values[:, -1], targets)):
        sys.exit(f"{path} is not scikit-learn's {same_as}")
    return features, targets, names, task


def fastneuron(args, folder):
    """Runs the command; returns its stdout, failing loudly with its stderr."""
    run = subprocess.run(["dotnet", CLI] + args, cwd=folder, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"fastneuron {' '.join(args)} failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")
    return run.stdout


def epochs_line(output):
    """The line in which train states the epochs it chose, if any, and the epochs it ran."""
    chosen = next((l for l in output.splitlines() if l.startswith("epochs: ")), "")
    ran = next((l.split()[1] for l in output.splitlines() if l.startswith("trained ")), "?")
    return chosen, ran


def predictions(path, task):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return np.array([float(r["label"]) if task == "classification" else float(r["prediction"]) for r in rows])


def score(task, truth, predicted):
    return float(np.mean(truth == predicted)) if task == "classification" else float(r2_score(truth, predicted))


def fastneuron_score(folder, train_file, test_file, truth, task, seed, extra, train_args):
    model = os.path.join(folder, "model.fnn")
    start = time.perf_counter()
    output = fastneuron(["train", train_file, "--seed", str(seed), "--out", model] + train_args + extra, folder)
    seconds = time.perf_counter() - start
    fastneuron(["predict", model, test_file, "--out", os.path.join(folder, "predictions.csv")], folder)
    return score(task, truth, predictions(os.path.join(folder, "predictions.csv"), task)), seconds, epochs_line(output)


def sklearn_score(task, seed, x_train, y_train, x_test, y_test):
    estimator = MLPClassifier(random_state=seed) if task == "classification" else MLPRegressor(random_state=seed)
    model = make_pipeline(StandardScaler(), estimator)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x_train, y_train)
    seconds = time.perf_counter() - start
    return score(task, y_test, model.predict(x_test)), seconds, estimator.n_iter_


def splits(name, seed, folder):
    """(task, train file, test features file, test truth, sklearn arrays, the arguments train needs besides the defaults) for one set and seed."""
    if name.endswith(".data"):  # one file: train and score on all of it
        path = os.path.join(REPO, name)
        x, y = read_fann(path)
        return "classification", path, path, y, (x, y, x, y), ["--validation", "0"]
    if name.endswith(".train"):
        path = os.path.join(REPO, name)
        x_train, y_train = read_fann(path)
        x_test, y_test = read_fann(path[:-len("train")] + "test")
        return "classification", path, path[:-len("train")] + "test", y_test, (x_train, y_train, x_test, y_test), []
    if name.endswith(".csv"):
        features, targets, names, task = read_shipped_csv(os.path.join(REPO, name), os.path.basename(name)[:-4])
    else:
        features, targets, names, task = export_sklearn_datasets.load(name)
    x_train, x_test, y_train, y_test = train_test_split(features, targets, test_size=0.2, random_state=seed,
                                                        stratify=targets if task == "classification" else None)
    train_file, test_file = os.path.join(folder, "train.csv"), os.path.join(folder, "test.csv")
    export_sklearn_datasets.write_csv(train_file, x_train, y_train, names)
    with open(test_file, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        w.writerows([[repr(float(v)) for v in x] for x in x_test])
    return task, train_file, test_file, y_test.astype(np.float64), (x_train, y_train, x_test, y_test), ["--target", "target"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--sets", default="data/iris.csv,wine,data/breast_cancer.csv,data/digits.csv,diabetes,data/diabetes.train,data/mushroom.train,data/xor.data")
    parser.add_argument("--out", help="also write the Markdown table to this file")
    args = parser.parse_args()
    if not os.path.exists(CLI):
        sys.exit(f"{CLI}: build first (dotnet build FastNeuron.sln -c Release)")
    rows, details = [], []
    for name in args.sets.split(","):
        scores = {v[0]: [] for v in VARIANTS} | {"scikit-learn": []}
        seconds = {k: [] for k in scores}
        chosen, iterations = set(), []
        for seed in range(args.seeds):
            with tempfile.TemporaryDirectory() as folder:
                task, train_file, test_file, truth, arrays, train_args = splits(name, seed, folder)
                for label, extra in VARIANTS:
                    s, t, (line, ran) = fastneuron_score(folder, train_file, test_file, truth, task, seed + 1, extra, train_args)
                    scores[label].append(s)
                    seconds[label].append(t)
                    if not extra:
                        chosen.add(line)
                        iterations.append(ran)
                s, t, n_iter = sklearn_score(task, seed, *arrays)
                scores["scikit-learn"].append(s)
                seconds["scikit-learn"].append(t)
                details.append(f"{name} seed {seed}: " + ", ".join(f"{k} {v[-1]:.4f}" for k, v in scores.items())
                               + f"; FastNeuron ran {iterations[-1]} epochs, scikit-learn {n_iter} iterations")
                print(details[-1], flush=True)
        metric = "accuracy" if task == "classification" else "R²"
        rows.append((name, metric, scores, seconds, sorted(chosen)))
    table = render(rows, args.seeds)
    print(table)
    if args.out:
        with open(args.out, "w") as f:
            f.write(preamble(args) + table + "\n\n## Every run\n\n" + "\n".join(f"- {d}" for d in details) + "\n")


def preamble(args):
    """The page's title, the command that wrote it and what it ran on."""
    import platform
    import sklearn
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    command = " ".join(["/usr/bin/python3", "bench/reference/defaults_vs_sklearn.py"] + sys.argv[1:])
    return (f"# fastneuron train's defaults against scikit-learn's\n\nWritten by `{command}` (after `dotnet build FastNeuron.sln -c Release`) "
            f"on {cpu}, {os.cpu_count()} cores: .NET SDK {dotnet}, Python {platform.python_version()}, scikit-learn {sklearn.__version__}, "
            f"numpy {np.__version__}. What it runs: bench/reference/defaults_vs_sklearn.py's docstring.\n\n"
            "Classes: test accuracy; diabetes (scikit-learn's, a regression): test R². FastNeuron's seconds are the whole "
            "`train` process (start-up, reading, the split and standardisation included); scikit-learn's are `fit` alone. "
            "FastNeuron trains on 80% of the training part (its default --validation 0.2 holds out the rest for early "
            "stopping); scikit-learn's defaults train on all of it. scikit-learn's MLPRegressor does not scale the target "
            "(diabetes' runs from 25 to 346), so its 200 default iterations end far from a fit; FastNeuron standardises "
            "regression targets.\n\n")


def render(rows, seeds):
    names = list(rows[0][2])
    lines = [f"| data set | metric | " + " | ".join(f"{n}: mean (min–max)" for n in names) + " | mean seconds to train (in that order) |",
             "|---|---|" + "---|" * len(names) + "---|"]
    for name, metric, scores, seconds, _ in rows:
        cells = [f"{statistics.mean(scores[n]):.4f} ({min(scores[n]):.4f}–{max(scores[n]):.4f})" for n in names]
        times = ", ".join(f"{statistics.mean(seconds[n]):.2f}" for n in names)
        lines.append(f"| {name} | {metric} | " + " | ".join(cells) + f" | {times} |")
    lines.append("")
    lines.append(f"{seeds} seeds each. The epochs the defaults chose:")
    lines.append("")
    for name, _, _, _, chosen in rows:
        for line in chosen:
            lines.append(f"- {name}: `{line}`" if line else f"- {name}: (no line)")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
