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
}
