using FastNeuron.Kernels;

namespace FastNeuron.Cli.Commands;

/// <summary>One class's figures: of the rows predicted as it, the fraction right (precision); of its rows, the fraction found (recall); their harmonic mean (F1); its rows (support).</summary>
internal readonly record struct ClassScore(double Precision, double Recall, double F1, int Support);

/// <summary>A classifier's figures on some rows; see <see cref="ClassificationScores.Of"/>.</summary>
/// <param name="MacroClasses">The classes <paramref name="MacroF1"/> averages over: those with rows or predictions.</param>
internal sealed record ClassificationReport(int Rows, int Correct, int[,] Confusion, ClassScore[] Classes, double MacroF1, double? RocAuc, double LogLoss, int MacroClasses)
{
    /// <summary>The fraction of rows whose predicted class is the actual one.</summary>
    public double Accuracy => Rows == 0 ? 0 : (double)Correct / Rows;
}

/// <summary>
/// <c>fastneuron evaluate</c>'s classification figures, as scikit-learn defines them (checked against it by
/// <c>ClassificationScoresTests</c> on the set <c>bench/reference/classification_metrics.py</c> wrote): per-class
/// precision, recall and F1 (0 where a denominator is 0, scikit-learn's <c>zero_division=0</c>), their unweighted
/// mean over the classes that have rows or predictions (macro F1, scikit-learn's <c>f1_score(average="macro")</c>: a
/// class with neither has no F1, and counting it as 0 would give a perfect prediction of the other classes less than 1),
/// the exact rank ROC-AUC for two classes, and the log-loss (each row's probabilities clamped to [ε, 1 − ε], then
/// divided by their sum, as scikit-learn's <c>log_loss</c> does: a model's sigmoid outputs need not sum to 1).
/// </summary>
internal static class ClassificationScores
{
    /// <summary>Log-loss clamps each probability to [ε, 1 − ε] with this ε (scikit-learn's <c>eps=1e-15</c>) before dividing a row by its sum.</summary>
    public const double LogLossEpsilon = 1e-15;

    /// <param name="probabilities">Rows × <paramref name="classes"/>: each row's probability of each class.</param>
    /// <param name="actual">Each row's actual class.</param>
    /// <param name="classes">The model's classes (at least two).</param>
    public static ClassificationReport Of(ReadOnlySpan<double> probabilities, ReadOnlySpan<int> actual, int classes)
    {
        int rows = actual.Length;
        if (probabilities.Length != rows * classes)
        {
            throw new ArgumentException($"probabilities has {probabilities.Length} values, not {rows} rows × {classes} classes.", nameof(probabilities));
        }
        var confusion = new int[classes, classes];
        double logLoss = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> row = probabilities.Slice(i * classes, classes);
            confusion[actual[i], Metrics.ArgMax(row)]++;
            logLoss -= LogDouble.Log(Clamped(row[actual[i]]) / ClampedSum(row));
        }
        var scores = new ClassScore[classes];
        int correct = 0, macroClasses = 0;
        double f1Sum = 0;
        for (int c = 0; c < classes; c++)
        {
            int predicted = 0, support = 0;
            for (int k = 0; k < classes; k++)
            {
                predicted += confusion[k, c];
                support += confusion[c, k];
            }
            int right = confusion[c, c];
            correct += right;
            double precision = predicted == 0 ? 0 : (double)right / predicted;
            double recall = support == 0 ? 0 : (double)right / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores[c] = new ClassScore(precision, recall, f1, support);
            if (predicted + support > 0) (macroClasses, f1Sum) = (macroClasses + 1, f1Sum + f1);
        }
        double? auc = null;
        if (classes == 2)
        {
            var positive = new double[rows];
            var isPositive = new bool[rows];
            for (int i = 0; i < rows; i++) (positive[i], isPositive[i]) = (probabilities[i * 2 + 1], actual[i] == 1);
            auc = RocAuc(positive, isPositive);
        }
        return new ClassificationReport(rows, correct, confusion, scores, macroClasses == 0 ? 0 : f1Sum / macroClasses, auc, rows == 0 ? 0 : logLoss / rows, macroClasses);
    }

    private static double Clamped(double probability) => Math.Clamp(probability, LogLossEpsilon, 1 - LogLossEpsilon);

    /// <summary>The row's clamped probabilities' sum, which log-loss divides by (1 for a softmax row, up to rounding; sigmoid outputs need not sum to 1).</summary>
    private static double ClampedSum(ReadOnlySpan<double> row)
    {
        double sum = 0;
        foreach (double p in row) sum += Clamped(p);
        return sum;
    }

    /// <summary>
    /// The area under the ROC curve, exactly: the fraction of (positive, negative) pairs whose positive row scores
    /// higher, a tie counting half (the Mann–Whitney U over n₊·n₋, from midranks). Null when either class has no rows.
    /// </summary>
    public static double? RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        int rows = scores.Length;
        int[] order = Enumerable.Range(0, rows).ToArray();
        double[] sorted = scores.ToArray();
        Array.Sort(sorted, order);
        long positives = 0;
        double positiveRanks = 0;
        for (int start = 0; start < rows;)
        {
            int end = start;
            while (end < rows && sorted[end] == sorted[start]) end++;
            // Rows start … end − 1 tie: each takes the mean of ranks start + 1 … end.
            double midrank = (start + 1 + end) / 2.0;
            for (int j = start; j < end; j++)
            {
                if (positive[order[j]]) { positives++; positiveRanks += midrank; }
            }
            start = end;
        }
        long negatives = rows - positives;
        if (positives == 0 || negatives == 0) return null;
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
