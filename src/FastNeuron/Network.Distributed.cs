using System.Numerics;
using FastNeuron.Common;
using FastNeuron.Distributed;
using FastNeuron.Networks;

namespace FastNeuron;

/// <summary>
/// Full-batch training split across machines (docs/distributed.md): the same step as <see cref="Train"/>, cut at its
/// chunk fold. Each machine sets the broadcast weights (<see cref="SetParameters(ReadOnlySpan{T})"/>), computes its rows' chunk partials
/// (<see cref="ComputeChunkGradients"/>); the trainer folds every chunk's partial in global chunk order
/// (<see cref="ChunkGradients"/>) and applies the step (<see cref="ApplyGradient"/>). The result is Train's bits.
/// </summary>
public sealed partial class Network<T>
{
    /// <summary>
    /// Values in the compact parameter vector: per layer, its weights (inputs × units, row-major, as
    /// <see cref="Weights"/> returns them) then its biases (units; zeros when the network has none). One chunk's
    /// gradient and the folded gradient have the same layout.
    /// </summary>
    public int ParameterCount => CompactParameters.Count(_layers.Sizes);

    /// <summary>The published weights and biases, compact (see <see cref="ParameterCount"/>), into <paramref name="destination"/>.</summary>
    public void CopyParameters(Span<T> destination)
    {
        Checks.DestinationLength(destination.Length, ParameterCount);
        Networks.ParameterSet<T> version = _layers.Published;
        CompactParameters.Write(_layers, version.Weights, version.Biases, 0, destination);
    }

    /// <summary>
    /// Replaces the weights and biases with compact <paramref name="parameters"/> (see <see cref="ParameterCount"/>) and
    /// publishes them (biases are ignored when the network has none). Fails naming the first non-finite value.
    /// </summary>
    public void SetParameters(ReadOnlySpan<T> parameters)
    {
        if (parameters.Length != ParameterCount)
        {
            throw new ArgumentException($"parameters has {parameters.Length} values; this network ({string.Join('-', _layers.Sizes)}) has {ParameterCount}.", nameof(parameters));
        }
        int bad = Checks.IndexOfNonFinite(parameters);
        if (bad >= 0) throw new ArgumentException($"parameters[{bad}] is {parameters[bad]}; every parameter must be finite.", nameof(parameters));
        using var writer = new SingleWriter(this);
        CompactParameters.Read(_layers, parameters, _layers.Weights, _layers.Biases);
        if (!_layers.UseBias)
        {
            foreach (T[] b in _layers.Biases) b.AsSpan().Clear();
        }
    }

    /// <summary>
    /// Each 4,096-row chunk's Δw and Δb (see <see cref="ChunkGradients"/>) for row-major <paramref name="inputs"/> and
    /// <paramref name="targets"/> against the current weights, into <paramref name="partials"/>: chunk c's compact
    /// gradient (<see cref="ParameterCount"/> values) starts at c · ParameterCount. Chunks are counted from the first row
    /// given, so a shard of a larger batch must start on a multiple of 4,096 rows. Runs on <see cref="Threads"/> threads;
    /// any count gives the same bits. Returns the chunk count.
    /// </summary>
    public int ComputeChunkGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> partials)
    {
        int rows = CheckTrainingSet(inputs, targets);
        int chunks = ChunkGradients.ChunkCount(rows), perChunk = ParameterCount;
        Checks.DestinationLength(partials.Length, checked(chunks * perChunk), nameof(partials));
        // It reads the weights and writes only backpropagation's buffers: training is kept out, nothing is copied or published.
        if (Interlocked.CompareExchange(ref _training, 1, 0) != 0)
        {
            throw new InvalidOperationException("The network is already training on another thread; training is single-writer.");
        }
        try
        {
            return _backpropagation.ComputeChunkPartials(inputs, targets, rows, partials, perChunk);
        }
        finally
        {
            Volatile.Write(ref _training, 0);
        }
    }

    /// <summary>
    /// Iteration <paramref name="iteration"/> of <paramref name="iterations"/> of <see cref="Train"/>'s step,
    /// w ← w + η·Δw and b ← b + η·Δb, with the folded compact <paramref name="gradient"/> (see
    /// <see cref="ParameterCount"/>): the same kernel, width and divergence check as Train. A step that would make a
    /// weight non-finite throws <see cref="TrainingDivergedException"/> and the network keeps the weights before it.
    /// </summary>
    public void ApplyGradient(ReadOnlySpan<T> gradient, int iteration, int iterations)
    {
        if (gradient.Length != ParameterCount)
        {
            throw new ArgumentException($"gradient has {gradient.Length} values; this network ({string.Join('-', _layers.Sizes)}) has {ParameterCount}.", nameof(gradient));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(iteration, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, iteration);
        using var writer = new SingleWriter(this);
        // The step writes into the gradient buffers, as Train's does, and swaps only when every layer is finite.
        T[][] next = _backpropagation.WeightGradients, nextBiases = _backpropagation.BiasGradients;
        CompactParameters.Read(_layers, gradient, next, nextBiases);
        FullBatchStep.Apply(_layers, _learningRate, next, nextBiases, iteration, iterations);
    }

    /// <summary>
    /// A stepper for <see cref="Fit"/> computed batch chunk by batch chunk elsewhere, over a training set of
    /// <paramref name="rows"/> rows (see <see cref="MiniBatchStepper{T}"/>); validation, reports and early stopping are
    /// not part of it.
    /// </summary>
    public MiniBatchStepper<T> CreateMiniBatchStepper(int rows, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (!Enum.IsDefined(options.Optimizer))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, $"options.Optimizer is {(int)options.Optimizer}, not a defined Optimizer.");
        }
        if (!double.IsFinite(options.LearningRate) || options.LearningRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "options.LearningRate must be finite and greater than 0.");
        }
        return new MiniBatchStepper<T>(this, _layers, options, rows);
    }

    /// <summary>The stepper's step on this network's weights, as the single writer.</summary>
    internal void ApplyMiniBatchStep(Training.OptimizerState<T> optimizer, ReadOnlySpan<T> gradient, T[][] weightGradients, T[][] biasGradients,
        T[][] nextWeights, T[][] nextBiases, int rows, int epoch, int epochs)
    {
        if (gradient.Length != ParameterCount)
        {
            throw new ArgumentException($"gradient has {gradient.Length} values; this network ({string.Join('-', _layers.Sizes)}) has {ParameterCount}.", nameof(gradient));
        }
        using var writer = new SingleWriter(this);
        CompactParameters.Read(_layers, gradient, weightGradients, biasGradients);
        MiniBatchStep.Apply(_layers, optimizer, weightGradients, biasGradients, nextWeights, nextBiases, rows, epoch, epochs);
    }
}
