using System.Numerics;
using FastNeuron.Training;

namespace FastNeuron.Networks;

/// <summary>
/// One mini-batch step as <see cref="MiniBatchTrainer"/> takes it: the optimizer writes the new weights beside the
/// old ones with the batch's summed gradient scaled by 1 / rows, every layer is checked, and only then are they swapped in.
/// </summary>
internal static class MiniBatchStep
{
    public static void Apply<T>(NetworkLayers<T> layers, OptimizerState<T> optimizer, T[][] weightGradients, T[][] biasGradients,
        T[][] nextWeights, T[][] nextBiases, int rows, int epoch, int epochs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[][] weights = layers.Weights, biases = layers.Biases;
        optimizer.Step(weights, weightGradients, biases, biasGradients, layers.UseBias, T.CreateChecked(1.0 / rows), nextWeights, nextBiases);
        for (int l = 0; l < layers.Count; l++)
        {
            Divergence.ThrowIfNotFinite<T>(nextWeights[l], epoch, epochs, "epoch", l, "weight", "network", "before that step");
            Divergence.ThrowIfNotFinite<T>(nextBiases[l], epoch, epochs, "epoch", l, "bias", "network", "before that step");
        }
        for (int l = 0; l < layers.Count; l++)
        {
            (weights[l], nextWeights[l]) = (nextWeights[l], weights[l]);
            (biases[l], nextBiases[l]) = (nextBiases[l], biases[l]);
        }
    }
}
