using System.Globalization;

namespace FastNeuron.Cli;

/// <summary>
/// How the command prints a loss: always with its name (<see cref="Metrics.LossName"/>: "cross-entropy" or
/// "½·squared error"), so that <c>train</c>'s lines and <c>evaluate</c>'s say which loss they mean, and the same value
/// (<see cref="Metrics.MeanLoss{T}"/>) prints the same digits in both.
/// </summary>
internal static class LossText
{
    /// <summary>"cross-entropy loss 0.21391": the name and the value in <paramref name="format"/> (G5: train's final line and evaluate).</summary>
    public static string Of(Loss loss, double value, string format = "G5")
        => $"{Metrics.LossName(loss)} loss {value.ToString(format, CultureInfo.InvariantCulture)}";
}
