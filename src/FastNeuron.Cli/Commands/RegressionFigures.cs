using System.Globalization;

namespace FastNeuron.Cli.Commands;

/// <summary>
/// A regression's validation figures per epoch, in place of an accuracy (which for numbers would only count outputs
/// on the same side of ½ as the target): R² and the mean absolute error, in the targets' units, of the epoch's
/// published weights on the validation rows (<see cref="RegressionScores"/>: over every output).
/// </summary>
/// <param name="validationInputs">The validation rows' standardised features, as Fit sees them.</param>
/// <param name="validationValues">The validation rows' targets in their own units (not standardised).</param>
internal sealed class RegressionFigures<T>(Network<T> network, T[] validationInputs, T[] validationValues)
    where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
{
    private readonly T[] _outputs = new T[validationValues.Length];

    /// <summary>The figures for the epoch just reported (Fit publishes each epoch's weights before its report).</summary>
    public IReadOnlyList<EpochFigure> Of(EpochReport report)
    {
        if (validationValues.Length == 0) return [];
        network.Think(validationInputs, _outputs);
        network.Metadata.ToTargetUnits<T>(_outputs);
        RegressionScore overall = RegressionScores.Of<T>(_outputs, validationValues, network.OutputCount).Overall;
        return [new EpochFigure("R²", overall.RSquared.ToString("F4", CultureInfo.InvariantCulture)), new EpochFigure("MAE", overall.MeanAbsoluteError.ToString("G5", CultureInfo.InvariantCulture))];
    }
}
