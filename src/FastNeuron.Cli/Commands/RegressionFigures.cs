using System.Globalization;

namespace FastNeuron.Cli.Commands;

/// <summary>
/// A regression's validation figures per epoch, in place of an accuracy (which for numbers would only count outputs
/// on the same side of ½ as the target): R² and the mean absolute error of the epoch's published weights on the
/// validation rows.
/// </summary>
internal sealed class RegressionFigures<T>(Network<T> network, T[] validationInputs, T[] validationTargets)
    where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
{
    private readonly T[] _outputs = new T[validationTargets.Length];

    /// <summary>The figures for the epoch just reported (Fit publishes each epoch's weights before its report).</summary>
    public IReadOnlyList<EpochFigure> Of(EpochReport report)
    {
        if (validationTargets.Length == 0) return [];
        network.Think(validationInputs, _outputs);
        double r2 = Metrics.RSquared<T>(_outputs, validationTargets), mae = Metrics.MeanAbsoluteError<T>(_outputs, validationTargets);
        return [new EpochFigure("R²", r2.ToString("F4", CultureInfo.InvariantCulture)), new EpochFigure("MAE", mae.ToString("G5", CultureInfo.InvariantCulture))];
    }
}
