namespace FastNeuron.Tests;

/// <summary>The one implementation of every reported figure, against the formulas written out by hand.</summary>
public class MetricsTests
{
    [Fact]
    public void LossesAreTheFormulas()
    {
        // Two rows of softmax outputs against one-hot targets: −(log 0.7 + log 0.5) / 2.
        double[] outputs = [0.7, 0.2, 0.1, 0.25, 0.5, 0.25];
        double[] targets = [1, 0, 0, 0, 1, 0];
        Assert.Equal(-(Math.Log(0.7) + Math.Log(0.5)) / 2, Metrics.MeanLoss<double>(Loss.CrossEntropy, outputs, targets, 3), 15);
        // One sigmoid output: −(y·log o + (1 − y)·log(1 − o)).
        Assert.Equal(-(Math.Log(0.9) + Math.Log(1 - 0.4)) / 2, Metrics.MeanLoss<double>(Loss.CrossEntropy, [0.9, 0.4], [1, 0], 1), 15);
        // Squared error is half the sum over outputs, averaged over rows.
        Assert.Equal((0.5 * (0.25 + 1) + 0.5 * 4) / 2, Metrics.MeanLoss<double>(Loss.SquaredError, [0.5, 1, 3, 0], [1, 0, 1, 0], 2));
        // A probability of 0 for the true class is clamped at 1e-300, not infinite.
        Assert.Equal(-Math.Log(1e-300), Metrics.MeanLoss<float>(Loss.CrossEntropy, [0f, 1f], [1f, 0f], 2), 10);
        Assert.Equal("cross-entropy", Metrics.LossName(Loss.CrossEntropy));
        Assert.Equal("½·squared error", Metrics.LossName(Loss.SquaredError));
    }

    [Fact]
    public void RegressionFiguresAreTheFormulas()
    {
        float[] outputs = [1, 2, 4], targets = [1, 3, 3];
        Assert.Equal(2.0 / 3, Metrics.MeanSquaredError<float>(outputs, targets), 15);
        Assert.Equal(2.0 / 3, Metrics.MeanAbsoluteError<float>(outputs, targets), 15);
        // ȳ = 7/3; Σ(y − ȳ)² = 16/9 + 4/9 + 4/9 = 24/9; R² = 1 − 2 / (24/9) = 0.25.
        Assert.Equal(0.25, Metrics.RSquared<float>(outputs, targets), 15);
        Assert.True(double.IsNaN(Metrics.RSquared<float>([1, 2], [3, 3])));
    }

    [Fact]
    public void AccuracyAndArgMax()
    {
        Assert.Equal(0.5, Metrics.Accuracy<double>([0.1, 0.9, 0.8, 0.2], [0, 1, 0, 1], 2));
        Assert.Equal(2.0 / 3, Metrics.Accuracy<double>([0.6, 0.4, 0.5], [1, 0, 1], 1), 15);
        Assert.Equal(1, Metrics.ArgMax<double>([0.2, 0.7, 0.7]));
        Assert.Equal(0, Metrics.ArgMax<float>([]));
    }

    [Fact]
    public void ShapesAreChecked()
    {
        var e = Assert.Throws<ArgumentException>(() => Metrics.Accuracy<double>([1, 2, 3], [1, 2], 1));
        Assert.Contains("targets has 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => Metrics.MeanLoss<double>(Loss.SquaredError, [1, 2, 3], [1, 2, 3], 2));
        Assert.Contains("rows of 2 units", e.Message);
    }
}
