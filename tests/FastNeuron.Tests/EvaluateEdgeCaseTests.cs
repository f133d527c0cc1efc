using FastNeuron.Cli.Commands;

namespace FastNeuron.Tests;

/// <summary>
/// <c>evaluate</c>'s figures on the inputs a hostile review tried: data that holds only some of the model's classes.
/// </summary>
public class EvaluateEdgeCaseTests
{
    [Fact]
    public void MacroF1LeavesOutAClassWithNeitherRowsNorPredictions()
    {
        // A two-class model on rows of class 1 only, every one predicted right: class 0 has no F1 (no rows, no
        // predictions), so the macro F1 is class 1's, 1, as scikit-learn's f1_score(average="macro") gives; counting
        // class 0 as 0 gave ½ beside an accuracy of 1.
        ClassificationReport report = ClassificationScores.Of([0.2, 0.8, 0.1, 0.9, 0.4, 0.6], [1, 1, 1], 2);

        Assert.Equal(1.0, report.Accuracy);
        Assert.Equal(1.0, report.MacroF1);
        Assert.Equal(1, report.MacroClasses);
    }

    [Fact]
    public void MacroF1KeepsAClassThatIsPredictedButAbsentOrPresentButNeverPredicted()
    {
        // Three classes; actual 1, 1, 2; predicted 0, 1, 1. Class 0: predicted once, no rows: F1 0, counted. Class 1:
        // precision ½, recall ½, F1 ½. Class 2: one row, never predicted: F1 0, counted. Macro (0 + ½ + 0) / 3.
        double[] probabilities =
        [
            0.8, 0.1, 0.1,
            0.1, 0.8, 0.1,
            0.1, 0.6, 0.3,
        ];
        ClassificationReport report = ClassificationScores.Of(probabilities, [1, 1, 2], 3);

        Assert.Equal(0.5, report.Classes[1].F1);
        Assert.Equal(0.5 / 3, report.MacroF1, 15);
        Assert.Equal(3, report.MacroClasses);
    }

    [Fact]
    public void OverallRSquaredCountsAConstantTargetColumnAsScikitLearnDoes()
    {
        // Two outputs, three rows. Output 0: targets 1, 2, 3, predicted 1, 2, 4: residual 1, total 2, R² ½. Output 1:
        // targets all 5, so it has no R² of its own (NaN); predicted 5, 5, 6, not exactly, so scikit-learn's r2_score
        // (force_finite) counts it 0 in the uniform average: (½ + 0) / 2 = ¼. The mean was NaN (JSON null) before.
        double[] predictions = [1, 5, 2, 5, 4, 6];
        double[] targets = [1, 5, 2, 5, 3, 5];
        (RegressionScore[] perOutput, RegressionScore overall) = RegressionScores.Of<double>(predictions, targets, 2);

        Assert.Equal(0.5, perOutput[0].RSquared);
        Assert.True(double.IsNaN(perOutput[1].RSquared));
        Assert.Equal(0.25, overall.RSquared);

        // Predicted exactly, the constant output counts 1: (½ + 1) / 2.
        double[] exact = [1, 5, 2, 5, 4, 5];
        Assert.Equal(0.75, RegressionScores.Of<double>(exact, targets, 2).Overall.RSquared);
    }

    [Fact]
    public void LogLossDividesEachRowByItsSumAsScikitLearnDoes()
    {
        // Sigmoid outputs (a classifier trained with --loss mse) need not sum to 1: rows 0.9, 0.3, 0.3 (class 0) and
        // 0.2, 0.2, 0.1 (class 1) are, divided by their sums, 0.6 and 0.4 of the true class. scikit-learn 1.2.1's
        // log_loss(eps=1e-15) gives 0.7135581778200728 for them; −log 0.9 and −log 0.2 (0.8574) was printed before.
        ClassificationReport report = ClassificationScores.Of([0.9, 0.3, 0.3, 0.2, 0.2, 0.1], [0, 1], 3);

        Assert.Equal(-(Math.Log(0.6) + Math.Log(0.4)) / 2, report.LogLoss, 14);
        Assert.Equal(0.7135581778200728, report.LogLoss, 14);
    }
}
