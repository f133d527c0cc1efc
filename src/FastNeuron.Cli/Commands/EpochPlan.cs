using System.Globalization;

namespace FastNeuron.Cli.Commands;

/// <summary>
/// The epochs and the early-stopping patience <c>fastneuron train</c> runs with, and the line that says why.
/// An explicit <c>--epochs</c> is taken as it is, with early stopping only where <c>--patience</c> asks for it (the
/// behaviour before the step budget, so those models are unchanged). Without <c>--epochs</c>, the count comes from a
/// budget of optimizer steps, so that 96 rows train as long as 96,000 do in steps rather than in passes, and early
/// stopping watches the validation loss wherever rows are held out.
/// </summary>
/// <param name="Epochs">The epochs at most.</param>
/// <param name="Patience">Epochs without a better validation loss before stopping; 0 never stops early.</param>
/// <param name="Line">What was chosen and why, for the output; null when --epochs was given.</param>
internal sealed record EpochPlan(int Epochs, int Patience, string? Line)
{
    /// <summary>The optimizer steps the defaults aim for: Adam at η 0.001 needs thousands, not the 300 that 100 epochs of 3 batches give.</summary>
    public const int StepBudget = 5_000;

    /// <summary>The fewest epochs the defaults run (the count before the step budget): data big enough to reach the budget in fewer still gets 100 passes.</summary>
    public const int MinimumEpochs = 100;

    /// <summary>The most epochs the defaults run (a full batch takes one step an epoch).</summary>
    public const int MaximumEpochs = 2_000;

    /// <summary>The most rows the defaults pass through the network in all (epochs × training rows), so that big data ends in minutes.</summary>
    public const long RowBudget = 10_000_000;

    /// <summary>The default patience where there are validation rows.</summary>
    public const int DefaultPatience = 20;

    /// <param name="epochs">--epochs, or null when not given.</param>
    /// <param name="patience">--patience, or null when not given.</param>
    /// <param name="trainingRows">The rows trained on (at least one).</param>
    /// <param name="validationRows">The rows held out for validation.</param>
    /// <param name="batchSize">--batch-size (0: the full batch).</param>
    public static EpochPlan Choose(int? epochs, int? patience, int trainingRows, int validationRows, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingRows, 1);
        if (epochs is { } given) return new EpochPlan(given, patience ?? 0, null);
        int batch = batchSize <= 0 ? trainingRows : Math.Min(batchSize, trainingRows);
        int stepsPerEpoch = (trainingRows + batch - 1) / batch;
        int forBudget = (StepBudget + stepsPerEpoch - 1) / stepsPerEpoch;
        int forRows = (int)Math.Max(1, Math.Min(int.MaxValue, RowBudget / trainingRows));
        string batchText = batchSize <= 0 ? "the full batch" : Text($"batch {batchSize:N0}");
        string budget = Text($"a budget of {StepBudget:N0} optimizer steps at {batchText} over {trainingRows:N0} training rows: {stepsPerEpoch:N0} step{(stepsPerEpoch == 1 ? "" : "s")} an epoch");
        int chosen = Math.Clamp(forBudget, MinimumEpochs, MaximumEpochs);
        string why = budget;
        if (chosen > forRows)
        {
            chosen = forRows;
            why = Text($"at most {RowBudget:N0} rows passed in all, over {trainingRows:N0} training rows; {budget}, needs {forBudget:N0}");
        }
        else if (forBudget > MaximumEpochs)
        {
            why = Text($"at most {MaximumEpochs:N0}; {budget}, would need {forBudget:N0}");
        }
        else if (forBudget < MinimumEpochs)
        {
            why = Text($"at least {MinimumEpochs:N0}; {budget}, needs {forBudget:N0}");
        }
        int stopping = patience ?? (validationRows > 0 ? DefaultPatience : 0);
        string early = stopping > 0
            ? Text($"early stopping on the validation loss, patience {stopping:N0}{(patience is null ? "" : " (--patience)")}")
            : patience is null ? "no early stopping: no rows are held out for validation" : "no early stopping (--patience 0)";
        return new EpochPlan(chosen, stopping, Text($"epochs: {chosen:N0} ({why}); {early}; --epochs sets the count"));
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
