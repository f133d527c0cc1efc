using System.Numerics;
using FastNeuron.Common;
using FastNeuron.Distributed;
using FastNeuron.Kernels;

namespace FastNeuron;

/// <summary>
/// Full-batch training split across machines (docs/distributed.md): <see cref="Train(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/>'s
/// step cut at its chunk fold. Each machine sets the broadcast weights (<see cref="SetParameters"/>) and computes its
/// rows' chunk partials (<see cref="ComputeChunkGradients"/>); the trainer folds every chunk's partial in global chunk
/// order (<see cref="ChunkGradients"/>) and applies the step (<see cref="ApplyGradient"/>). The result is Train's bits.
/// </summary>
public sealed unsafe partial class Neuron<T>
{
    private NeuronChunkJob<T>? _chunkJob;

    /// <summary>Values in the compact parameter vector: the weights (one per input), then the bias.</summary>
    public int ParameterCount => _weights.Length + 1;

    /// <summary>The weights then the bias into <paramref name="destination"/>.</summary>
    public void CopyParameters(Span<T> destination)
    {
        Checks.DestinationLength(destination.Length, ParameterCount);
        _weights.CopyTo(destination);
        destination[_weights.Length] = _bias;
    }

    /// <summary>Replaces the weights and the bias with <paramref name="parameters"/> (weights, then bias). Fails naming a non-finite value.</summary>
    public void SetParameters(ReadOnlySpan<T> parameters)
    {
        if (parameters.Length != ParameterCount)
        {
            throw new ArgumentException($"parameters has {parameters.Length} values; this neuron has {ParameterCount} ({InputCount} weights and the bias).", nameof(parameters));
        }
        int bad = Checks.IndexOfNonFinite(parameters);
        if (bad >= 0) throw new ArgumentException($"parameters[{bad}] is {parameters[bad]}; every parameter must be finite.", nameof(parameters));
        parameters[.._weights.Length].CopyTo(_weights);
        _bias = parameters[_weights.Length];
    }

    /// <summary>
    /// Each 4,096-row chunk's gradient Xᵀδ and Σδ for row-major <paramref name="inputs"/> and <paramref name="outputs"/>
    /// against the current weights, into <paramref name="partials"/>: chunk c's <see cref="ParameterCount"/> values
    /// (the gradient, then Σδ) start at c · ParameterCount. Chunks are counted from the first row given, so a shard of a
    /// larger batch must start on a multiple of 4,096 rows. The fused epoch's chunk at <see cref="Width"/>, on
    /// <see cref="NeuronOptions.Threads"/> threads: the Scalar backend's bits. Returns the chunk count.
    /// </summary>
    /// <exception cref="NotSupportedException">The TensorPrimitives backend, whose bits are not the chunked ones.</exception>
    public int ComputeChunkGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputs, Span<T> partials)
    {
        if (Backend == Backend.TensorPrimitives)
        {
            throw new NotSupportedException("Chunk gradients need the Scalar or Vector backend; TensorPrimitives does not give the chunked bits.");
        }
        int columns = _weights.Length;
        int rows = Checks.Rows(inputs.Length, nameof(inputs), columns, "the neuron's weights");
        if (rows == 0) throw new ArgumentException("The training set is empty.", nameof(inputs));
        if (outputs.Length != rows)
        {
            throw new ArgumentException($"inputs has {rows} rows of {columns} columns but outputs has {outputs.Length} rows; they must match.", nameof(outputs));
        }
        Checks.AllFinite(inputs, columns, nameof(inputs));
        Checks.AllFinite(outputs, 1, nameof(outputs));
        int chunks = ChunkGradients.ChunkCount(rows);
        Checks.DestinationLength(partials.Length, checked(chunks * ParameterCount), nameof(partials));
        fixed (T* x = inputs)
        fixed (T* y = outputs)
        fixed (T* p = partials)
        {
            _chunkJob ??= new NeuronChunkJob<T>();
            _chunkJob.Run(x, y, rows, _weights, _bias, Options.UseBias, Width, p, Options.Threads ?? Environment.ProcessorCount);
        }
        return chunks;
    }

    /// <summary>
    /// Iteration <paramref name="iteration"/> of <paramref name="iterations"/> of Train's step, w ← w + η·Xᵀδ and
    /// b ← b + η·Σδ, with the folded <paramref name="gradient"/> (the gradient, then Σδ): the same kernel, width and
    /// divergence check as Train. A step that would make a weight non-finite throws
    /// <see cref="TrainingDivergedException"/> and the neuron keeps the weights before it.
    /// </summary>
    public void ApplyGradient(ReadOnlySpan<T> gradient, int iteration, int iterations)
    {
        if (gradient.Length != ParameterCount)
        {
            throw new ArgumentException($"gradient has {gradient.Length} values; this neuron has {ParameterCount} ({InputCount} weights and the bias).", nameof(gradient));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(iteration, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, iteration);
        WeightUpdate.Invoke<T>(_weights, gradient[.._weights.Length], _learningRate, _nextWeights, Width);
        T nextBias = Options.UseBias ? _bias + _learningRate * gradient[_weights.Length] : _bias;
        ThrowIfDiverged(iteration, iterations, nextBias);
        (_weights, _nextWeights) = (_nextWeights, _weights);
        _bias = nextBias;
    }
}
