using System.Numerics;
using FastNeuron.Common;

namespace FastNeuron.Training;

/// <summary>
/// The one divergence check: training writes each step's new weights beside the current ones, and this check runs
/// before they replace them, so a diverging run keeps its last finite weights.
/// </summary>
internal static class Divergence
{
    /// <summary>
    /// Throws <see cref="TrainingDivergedException"/> when <paramref name="next"/> holds a non-finite value, naming
    /// step <paramref name="step"/> of <paramref name="steps"/> (<paramref name="stepName"/>: "iteration" or
    /// "epoch"), <paramref name="what"/> ("weight", "layer 1's weight", "the bias") with the first bad index, and
    /// what <paramref name="model"/> ("neuron", "network") keeps: the weights from the step before, or
    /// <paramref name="kept"/> when a step is not the unit of update (an epoch of mini-batches).
    /// </summary>
    public static void ThrowIfNotFinite<T>(ReadOnlySpan<T> next, int step, int steps, string stepName, string what, string model, string? kept = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int bad = Checks.IndexOfNonFinite(next);
        if (bad < 0) return;
        string which = next.Length == 1 ? what : $"{what} {bad}";
        throw new TrainingDivergedException(step,
            $"Training diverged at {stepName} {step} of {steps}: {which} became {next[bad]}. " +
            $"The {model} keeps the weights from {kept ?? $"{stepName} {step - 1}"}; lower the learning rate or scale the inputs.");
    }

    /// <summary>
    /// <see cref="ThrowIfNotFinite{T}(ReadOnlySpan{T}, int, int, string, string, string, string?)"/> for layer
    /// <paramref name="layer"/>'s <paramref name="part"/> ("weight", "bias"): the name is formatted only on failure, so
    /// the check allocates nothing.
    /// </summary>
    public static void ThrowIfNotFinite<T>(ReadOnlySpan<T> next, int step, int steps, string stepName, int layer, string part, string model, string? kept = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Checks.IndexOfNonFinite(next) >= 0)
        {
            ThrowIfNotFinite(next, step, steps, stepName, $"layer {layer}'s {part}", model, kept);
        }
    }

    /// <summary>
    /// Throws <see cref="TrainingDivergedException"/> when a row's output in <paramref name="outputs"/> (rows ×
    /// <paramref name="stride"/>, the forward pass a step has just computed, <paramref name="units"/> real lanes per
    /// row) is not finite: finite weights whose outputs overflow have diverged too, and their gradient is meaningless.
    /// The row is named through <paramref name="rows"/> (the batch's rows in the data; empty: the batch is the data in
    /// order). The check reads the outputs and changes nothing; it runs before the step's update, so the network keeps
    /// the weights from before that step (<paramref name="kept"/> as in the weight check).
    /// </summary>
    public static void ThrowIfOutputNotFinite<T>(ReadOnlySpan<T> outputs, int stride, int units, ReadOnlySpan<int> rows,
        int step, int steps, string stepName, string model, string? kept = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int start = 0;
        while (start < outputs.Length)
        {
            int bad = Checks.IndexOfNonFinite(outputs[start..]);
            if (bad < 0) return;
            bad += start;
            int row = bad / stride, unit = bad % stride;
            // Padding lanes carry no output (and hold finite zeros); only a real unit is divergence.
            if (unit < units)
            {
                int dataRow = rows.IsEmpty ? row : rows[row];
                throw new TrainingDivergedException(step,
                    $"Training diverged at {stepName} {step} of {steps}: the output for training row {dataRow}{(units > 1 ? $" (unit {unit})" : "")} became {outputs[bad]} " +
                    $"with finite weights. The {model} keeps the weights from {kept ?? $"{stepName} {step - 1}"}; lower the learning rate or scale the inputs.");
            }
            start = bad + 1;
        }
    }

    /// <summary>
    /// Throws <see cref="TrainingDivergedException"/> when an epoch's reported <paramref name="trainingLoss"/> or
    /// <paramref name="validationLoss"/> (null: not computed) is not finite, before the report reaches anyone. Every
    /// weight is finite (the step checks saw to that), but the outputs of the epoch's last weights overflow.
    /// </summary>
    public static void ThrowIfLossNotFinite(double? trainingLoss, double? validationLoss, int epoch, int epochs, string model)
    {
        (string what, double value) = trainingLoss is { } t && !double.IsFinite(t) ? ("training loss", t)
            : validationLoss is { } v && !double.IsFinite(v) ? ("validation loss", v) : ("", 0);
        if (what.Length == 0) return;
        throw new TrainingDivergedException(epoch,
            $"Training diverged at epoch {epoch} of {epochs}: the {what} became {value}. The {model} keeps the weights from the end of epoch {epoch} " +
            "(finite, but their outputs overflow); lower the learning rate or scale the inputs.");
    }
}
