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
    /// what <paramref name="model"/> ("neuron", "network") keeps.
    /// </summary>
    public static void ThrowIfNotFinite<T>(ReadOnlySpan<T> next, int step, int steps, string stepName, string what, string model)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int bad = Checks.IndexOfNonFinite(next);
        if (bad < 0) return;
        string which = next.Length == 1 ? what : $"{what} {bad}";
        throw new TrainingDivergedException(step,
            $"Training diverged at {stepName} {step} of {steps}: {which} became {next[bad]}. " +
            $"The {model} keeps the weights from {stepName} {step - 1}; lower the learning rate or scale the inputs.");
    }
}
