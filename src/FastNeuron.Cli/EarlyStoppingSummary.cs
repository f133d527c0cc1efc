using System.Globalization;

namespace FastNeuron.Cli;

/// <summary>
/// What early stopping did, from the epochs' reports: which epoch's weights <see cref="Network{T}.Fit"/> kept (the
/// first with the lowest validation loss, as Fit compares them) and why training ended.
/// </summary>
internal static class EarlyStoppingSummary
{
    /// <param name="history">Every epoch's report, in order, each with a validation loss.</param>
    /// <param name="patience">The --patience Fit ran with (above 0).</param>
    /// <param name="maxEpochs">The --epochs asked for.</param>
    /// <param name="patienceGiven">Whether --patience was given; else the patience is the default's, and the line says so rather than name an option the user did not give.</param>
    /// <returns>The kept epoch's report and one line saying what happened.</returns>
    public static (EpochReport Kept, string Line) Of(IReadOnlyList<EpochReport> history, int patience, int maxEpochs, bool patienceGiven = true)
    {
        string source = patienceGiven ? $"--patience {patience}" : $"the default patience, {patience}";
        EpochReport kept = history.MinBy(r => r.ValidationLoss!.Value)!;
        int ran = history[^1].Epoch;
        string why = ran < maxEpochs
            ? $"stopped after epoch {ran} of {maxEpochs}: the validation loss had not improved for {patience} epochs ({source})"
            : $"ran all {maxEpochs} epochs: the validation loss was still improving within {patience} epochs ({source})";
        return (kept, string.Create(CultureInfo.InvariantCulture,
            $"early stopping: {why}; kept epoch {kept.Epoch}'s weights, the lowest validation loss ({kept.ValidationLoss:G5})"));
    }
}
