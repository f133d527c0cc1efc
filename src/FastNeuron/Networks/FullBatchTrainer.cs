using System.Numerics;
using FastNeuron.Kernels;
using FastNeuron.Training;

namespace FastNeuron.Networks;

/// <summary>Full-batch gradient descent, the seed's: w ← w + η·Δw (and b ← b + η·Δb) per iteration.</summary>
internal static class FullBatchTrainer
{
    /// <summary>
    /// <paramref name="iterations"/> steps on the whole batch. Each step's new weights go to the gradient buffers
    /// first and replace the old only when every layer is finite, so a diverging run keeps its last finite weights.
    /// </summary>
    public static void Train<T>(NetworkLayers<T> layers, Backpropagation<T> backpropagation, T learningRate,
        ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows, int iterations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            backpropagation.ComputeGradients(inputs, targets, rows);
            Divergence.ThrowIfOutputNotFinite<T>(backpropagation.Outputs(rows), layers.Strides[^1], layers.OutputCount, default, iteration, iterations, "iteration", "network");
            FullBatchStep.Apply(layers, learningRate, backpropagation.WeightGradients, backpropagation.BiasGradients, iteration, iterations);
        }
    }
}
