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
        T[][] weights = layers.Weights, biases = layers.Biases;
        T[][] weightGradients = backpropagation.WeightGradients, biasGradients = backpropagation.BiasGradients;
        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            backpropagation.ComputeGradients(inputs, targets, rows);
            Divergence.ThrowIfOutputNotFinite<T>(backpropagation.Outputs(rows), layers.Strides[^1], layers.OutputCount, default, iteration, iterations, "iteration", "network");
            for (int l = 0; l < layers.Count; l++)
            {
                WeightUpdate.Invoke<T>(weights[l], weightGradients[l], learningRate, weightGradients[l], layers.Width);
                Divergence.ThrowIfNotFinite<T>(weightGradients[l], iteration, iterations, "iteration", l, "weight", "network");
                if (layers.UseBias)
                {
                    WeightUpdate.Invoke<T>(biases[l], biasGradients[l], learningRate, biasGradients[l], layers.Width);
                    Divergence.ThrowIfNotFinite<T>(biasGradients[l], iteration, iterations, "iteration", l, "bias", "network");
                }
            }
            for (int l = 0; l < layers.Count; l++)
            {
                (weights[l], weightGradients[l]) = (weightGradients[l], weights[l]);
                if (layers.UseBias)
                {
                    (biases[l], biasGradients[l]) = (biasGradients[l], biases[l]);
                }
            }
        }
    }
}
