using System.Text.Json;
using FastNeuron.Cli.Commands;

namespace FastNeuron.Tests;

/// <summary>
/// <c>evaluate</c>'s classification figures (<see cref="ClassificationScores"/>): small cases whose answers are derived
/// by hand below, and two sets scored once by scikit-learn (<c>bench/reference/classification_metrics.py</c> wrote
/// <c>Reference/sklearn-classification.json</c>; no Python runs here).
/// </summary>
public class ClassificationScoresTests
{
    [Fact]
    public void AucIsTheFractionOfPositiveNegativePairsRankedRight()
    {
        // scikit-learn's documented example: negatives 0.1, 0.4; positives 0.35, 0.8. Of the four pairs, 0.8 beats
        // both negatives, 0.35 beats 0.1 only: 3/4.
        Assert.Equal(0.75, ClassificationScores.RocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]));
        // Perfect and reversed rankings.
        Assert.Equal(1.0, ClassificationScores.RocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
        Assert.Equal(0.0, ClassificationScores.RocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true]));
    }

    [Fact]
    public void AucCountsATieHalf()
    {
        // Positives 0.5 and 0.3, negatives 0.5 and 0.7: the only pair not lost is the tie 0.5 = 0.5, worth ½: ½/4.
        Assert.Equal(0.125, ClassificationScores.RocAuc([0.5, 0.5, 0.3, 0.7], [true, false, true, false]));
        // Every score equal: every pair ties, ½.
        Assert.Equal(0.5, ClassificationScores.RocAuc([0.2, 0.2, 0.2, 0.2, 0.2], [true, false, true, false, false]));
    }

    [Fact]
    public void AucIsUndefinedWithOneClass()
    {
        Assert.Null(ClassificationScores.RocAuc([0.1, 0.9], [true, true]));
        Assert.Null(ClassificationScores.RocAuc([0.1, 0.9], [false, false]));
    }

    [Fact]
    public void PrecisionRecallAndF1PerClassWithZeroForAnEmptyDenominator()
    {
        // Three classes, five rows. Predicted (the largest probability): 0, 0, 1, 1, 1; actual 0, 1, 1, 1, 2.
        double[] probabilities =
        [
            0.7, 0.2, 0.1,
            0.6, 0.3, 0.1,
            0.1, 0.8, 0.1,
            0.3, 0.4, 0.3,
            0.2, 0.5, 0.3,
        ];
        ClassificationReport report = ClassificationScores.Of(probabilities, [0, 1, 1, 1, 2], 3);

        Assert.Equal(new[,] { { 1, 0, 0 }, { 1, 2, 0 }, { 0, 1, 0 } }, report.Confusion);
        Assert.Equal(3, report.Correct);
        Assert.Equal(0.6, report.Accuracy);
        // Class 0: predicted twice, right once (½); one row, found (1); F1 = 2·½·1/(3/2) = 2/3.
        Assert.Equal(new ClassScore(0.5, 1, 2.0 / 3, 1), report.Classes[0]);
        // Class 1: predicted three times, right twice (2/3); three rows, two found (2/3); F1 = 2/3.
        Assert.Equal(2.0 / 3, report.Classes[1].Precision, 15);
        Assert.Equal(2.0 / 3, report.Classes[1].Recall, 15);
        Assert.Equal(2.0 / 3, report.Classes[1].F1, 15);
        // Class 2: never predicted (precision 0/0 → 0), its one row missed: everything 0.
        Assert.Equal(new ClassScore(0, 0, 0, 1), report.Classes[2]);
        Assert.Equal((2.0 / 3 + 2.0 / 3 + 0) / 3, report.MacroF1, 15);
        Assert.Null(report.RocAuc);
        // Log-loss: the mean of −log p of each row's actual class.
        Assert.Equal(-(Math.Log(0.7) + Math.Log(0.3) + Math.Log(0.8) + Math.Log(0.4) + Math.Log(0.3)) / 5, report.LogLoss, 15);
    }

    [Fact]
    public void LogLossClampsAProbabilityOfZeroToEpsilon()
    {
        ClassificationReport report = ClassificationScores.Of([1, 0, 0.25, 0.75], [1, 1], 2);
        Assert.Equal(1e-15, ClassificationScores.LogLossEpsilon);
        Assert.Equal(-(Math.Log(1e-15) + Math.Log(0.75)) / 2, report.LogLoss, 14);
        // Two classes: the AUC from the positive class's column, 0 and 0.75 for two positives: no negative, undefined.
        Assert.Null(report.RocAuc);
    }

    [Fact]
    public void TwoClassesGiveTheAucOfThePositiveClassColumn()
    {
        // Class 1 probabilities 0.1, 0.4, 0.35, 0.8 for actual 0, 0, 1, 1: the 3/4 of the first test.
        ClassificationReport report = ClassificationScores.Of([0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8], [0, 0, 1, 1], 2);
        Assert.Equal(0.75, report.RocAuc);
    }

    [Theory]
    [InlineData("multiclass")]
    [InlineData("binary")]
    public void FiguresAreScikitLearns(string set)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Shared.RepositoryFiles.Find("tests/FastNeuron.Tests/Reference/sklearn-classification.json")));
        JsonElement data = document.RootElement.GetProperty(set);
        int[] actual = data.GetProperty("y_true").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        double[] probabilities = set == "binary"
            ? data.GetProperty("positive").EnumerateArray().SelectMany(v => new[] { 1 - v.GetDouble(), v.GetDouble() }).ToArray()
            : data.GetProperty("probabilities").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray();
        int classes = probabilities.Length / actual.Length;
        JsonElement expected = data.GetProperty("expected");

        ClassificationReport report = ClassificationScores.Of(probabilities, actual, classes);

        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), report.Accuracy, 12);
        Assert.Equal(expected.GetProperty("macro_f1").GetDouble(), report.MacroF1, 12);
        Assert.Equal(expected.GetProperty("log_loss").GetDouble(), report.LogLoss, 12);
        for (int c = 0; c < classes; c++)
        {
            Assert.Equal(expected.GetProperty("precision")[c].GetDouble(), report.Classes[c].Precision, 12);
            Assert.Equal(expected.GetProperty("recall")[c].GetDouble(), report.Classes[c].Recall, 12);
            Assert.Equal(expected.GetProperty("f1")[c].GetDouble(), report.Classes[c].F1, 12);
            Assert.Equal(expected.GetProperty("support")[c].GetInt32(), report.Classes[c].Support);
        }
        if (classes == 2) Assert.Equal(expected.GetProperty("roc_auc").GetDouble(), report.RocAuc!.Value, 12);
    }
}
