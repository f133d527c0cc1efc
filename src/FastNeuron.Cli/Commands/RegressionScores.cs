namespace FastNeuron.Cli.Commands;

/// <summary>One output's (or all outputs') errors: mean squared, mean absolute, and R².</summary>
internal readonly record struct RegressionScore(double MeanSquaredError, double MeanAbsoluteError, double RSquared);

/// <summary>
/// A regression's scores per output and overall, from the core's <see cref="Metrics"/> on each output's column:
/// overall MSE and MAE over every value, overall R² the mean of the outputs' R² (scikit-learn's uniform average; a
/// single output's R² for one). An output whose targets are all equal has no R² of its own (NaN, printed as such);
/// in the overall mean it counts as scikit-learn's <c>r2_score</c> counts it (<c>force_finite</c>): 1 when predicted
/// exactly, else 0, so that one constant column does not make the whole figure NaN.
/// </summary>
internal static class RegressionScores
{
    /// <param name="predictions">Rows × <paramref name="outputs"/>, in the targets' units.</param>
    /// <param name="targets">Rows × <paramref name="outputs"/>.</param>
    public static (RegressionScore[] PerOutput, RegressionScore Overall) Of<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int outputs)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int rows = targets.Length / outputs;
        var perOutput = new RegressionScore[outputs];
        var p = new T[rows];
        var y = new T[rows];
        for (int k = 0; k < outputs; k++)
        {
            for (int i = 0; i < rows; i++)
            {
                p[i] = predictions[i * outputs + k];
                y[i] = targets[i * outputs + k];
            }
            perOutput[k] = new RegressionScore(Metrics.MeanSquaredError<T>(p, y), Metrics.MeanAbsoluteError<T>(p, y), Metrics.RSquared<T>(p, y));
        }
        var overall = new RegressionScore(Metrics.MeanSquaredError(predictions, targets), Metrics.MeanAbsoluteError(predictions, targets), perOutput.Average(s => double.IsNaN(s.RSquared) ? (s.MeanSquaredError == 0 ? 1 : 0) : s.RSquared));
        return (perOutput, overall);
    }
}
