using System.Numerics;
using FastNeuron.Kernels;
using FastNeuron.Training;

namespace FastNeuron.Networks;

/// <summary>
/// One full-batch step, w ← w + η·Δw (and b ← b + η·Δb), as <see cref="FullBatchTrainer"/> takes it: the new values
/// are written over the gradient buffers, checked, and swapped in only when every layer is finite.
/// </summary>
internal static class FullBatchStep
{
    /// <summary>
    /// Applies <paramref name="weightGradients"/> and <paramref name="biasGradients"/> (padded, as the layers store
    /// them); afterwards they hold the old weights. Throws <see cref="TrainingDivergedException"/> naming
    /// <paramref name="iteration"/> of <paramref name="iterations"/> and leaves the weights as they were.
    /// </summary>
    public static void Apply<T>(NetworkLayers<T> layers, T learningRate, T[][] weightGradients, T[][] biasGradients, int iteration, int iterations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[][] weights = layers.Weights, biases = layers.Biases;
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
