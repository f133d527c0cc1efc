using System.Numerics;
using FastNeuron.Training;

namespace FastNeuron.Networks;

/// <summary>
/// Mini-batch training: each epoch shuffles the rows with <c>System.Random(seed)</c>, and each batch's summed Δw,
/// divided by the batch size, goes through the optimizer; with validation data, each epoch reports its loss and
/// accuracy, and early stopping keeps the best epoch's weights.
/// </summary>
internal static class MiniBatchTrainer
{
    /// <summary>Returns the epochs run. The data's shapes have been checked by the caller.</summary>
    public static int Fit<T>(NetworkLayers<T> layers, Backpropagation<T> backpropagation, FitOptions options,
        ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows, ReadOnlySpan<T> validationInputs, ReadOnlySpan<T> validationTargets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int inputCount = layers.InputCount, outputCount = layers.OutputCount;
        T[][] weights = layers.Weights, biases = layers.Biases;
        int batch = options.BatchSize <= 0 ? rows : Math.Min(options.BatchSize, rows);
        // Each step writes the new weights beside the old ones; they replace them only when every one is finite.
        T[][] nextWeights = weights.Select(w => new T[w.Length]).ToArray();
        T[][] nextBiases = biases.Select(b => new T[b.Length]).ToArray();
        var optimizer = new OptimizerState<T>(options, weights, biases, layers.Width, layers.Backend) { Threads = backpropagation.Threads };
        int[] order = Enumerable.Range(0, rows).ToArray();
        var random = new Random(options.Seed);
        var batchInputs = new T[batch * inputCount];
        var batchTargets = new T[batch * outputCount];
        var best = new BestEpoch<T>(options.EarlyStoppingPatience);
        int epoch = 0;
        while (epoch < options.Epochs)
        {
            epoch++;
            random.Shuffle(order);
            for (int first = 0; first < rows; first += batch)
            {
                int count = Math.Min(batch, rows - first);
                for (int r = 0; r < count; r++)
                {
                    inputs.Slice(order[first + r] * inputCount, inputCount).CopyTo(batchInputs.AsSpan(r * inputCount));
                    targets.Slice(order[first + r] * outputCount, outputCount).CopyTo(batchTargets.AsSpan(r * outputCount));
                }
                backpropagation.ComputeGradients(batchInputs.AsSpan(0, count * inputCount), batchTargets.AsSpan(0, count * outputCount), count);
                Divergence.ThrowIfOutputNotFinite<T>(backpropagation.Outputs(count), layers.Strides[^1], outputCount, order.AsSpan(first, count),
                    epoch, options.Epochs, "epoch", "network", "before that step");
                optimizer.Step(weights, backpropagation.WeightGradients, biases, backpropagation.BiasGradients, layers.UseBias,
                    T.CreateChecked(1.0 / count), nextWeights, nextBiases);
                for (int l = 0; l < layers.Count; l++)
                {
                    Divergence.ThrowIfNotFinite<T>(nextWeights[l], epoch, options.Epochs, "epoch", l, "weight", "network", "before that step");
                    Divergence.ThrowIfNotFinite<T>(nextBiases[l], epoch, options.Epochs, "epoch", l, "bias", "network", "before that step");
                }
                for (int l = 0; l < layers.Count; l++)
                {
                    (weights[l], nextWeights[l]) = (nextWeights[l], weights[l]);
                    (biases[l], nextBiases[l]) = (nextBiases[l], biases[l]);
                }
            }
            if (options.PublishEveryEpoch) layers.PublishCopy();
            // The report costs a forward pass over the sets: only when someone reads it.
            double trainingLoss = options.OnEpoch is null ? double.NaN : NetworkEvaluation.Evaluate(layers, layers.Working, inputs, targets).Loss;
            double? validationLoss = null, validationAccuracy = null;
            if (!validationInputs.IsEmpty && (options.OnEpoch is not null || options.EarlyStoppingPatience > 0))
            {
                (validationLoss, validationAccuracy) = NetworkEvaluation.Evaluate(layers, layers.Working, validationInputs, validationTargets);
            }
            Divergence.ThrowIfLossNotFinite(options.OnEpoch is null ? null : trainingLoss, validationLoss, epoch, options.Epochs, "network");
            options.OnEpoch?.Invoke(new EpochReport(epoch, trainingLoss, validationLoss, validationAccuracy));
            if (validationLoss is { } loss && best.ShouldStop(loss, weights, biases))
            {
                break;
            }
        }
        best.Restore(weights, biases);
        return epoch;
    }

    /// <summary>Early stopping: the weights of the epoch with the lowest validation loss, and the epochs since.</summary>
    private sealed class BestEpoch<T>(int patience)
        where T : unmanaged
    {
        private double _loss = double.PositiveInfinity;
        private int _since;
        private T[][]? _weights;
        private T[][]? _biases;

        /// <summary>Records this epoch's validation loss; true once <c>patience</c> epochs have passed without a better one.</summary>
        public bool ShouldStop(double loss, T[][] weights, T[][] biases)
        {
            if (patience <= 0) return false;
            if (loss < _loss)
            {
                _loss = loss;
                _since = 0;
                _weights = weights.Select(w => (T[])w.Clone()).ToArray();
                _biases = biases.Select(b => (T[])b.Clone()).ToArray();
                return false;
            }
            return ++_since >= patience;
        }

        /// <summary>Copies the best epoch's weights back, if there was one.</summary>
        public void Restore(T[][] weights, T[][] biases)
        {
            if (_weights is null) return;
            for (int l = 0; l < weights.Length; l++)
            {
                _weights[l].CopyTo(weights[l], 0);
                _biases![l].CopyTo(biases[l], 0);
            }
        }
    }
}
