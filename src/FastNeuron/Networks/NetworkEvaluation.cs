using System.Buffers;
using System.Numerics;

namespace FastNeuron.Networks;

/// <summary>
/// The mean loss and accuracy of a network over a data set (<see cref="Metrics"/>' definitions), from one forward
/// pass in blocks of 256 rows through a pooled buffer: the per-epoch report costs no allocation and no second pass.
/// </summary>
internal static class NetworkEvaluation
{
    private const int BlockRows = 256;

    /// <summary>The loss and accuracy of the weights in <paramref name="parameters"/> over the rows.</summary>
    public static (double Loss, double Accuracy) Evaluate<T>(NetworkLayers<T> layers, ParameterSet<T> parameters, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int units = layers.OutputCount, inputCount = layers.InputCount;
        int rows = targets.Length / units;
        if (rows == 0) return (0, 0);
        T[] buffer = ArrayPool<T>.Shared.Rent(BlockRows * units);
        double total = 0;
        int correct = 0;
        try
        {
            for (int first = 0; first < rows; first += BlockRows)
            {
                int count = Math.Min(BlockRows, rows - first);
                Span<T> outputs = buffer.AsSpan(0, count * units);
                NetworkForward.Think(layers, parameters, inputs.Slice(first * inputCount, count * inputCount), outputs, count);
                for (int i = 0; i < count; i++)
                {
                    ReadOnlySpan<T> o = outputs.Slice(i * units, units);
                    ReadOnlySpan<T> y = targets.Slice((first + i) * units, units);
                    if (Metrics.IsRight(o, y)) correct++;
                    total += Metrics.RowLoss(layers.Loss, o, y);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
        return (total / rows, (double)correct / rows);
    }
}
