using System.Numerics;
using FastNeuron.Common;
using FastNeuron.Kernels;
using FastNeuron.Training;

namespace FastNeuron.Distributed;

/// <summary>
/// A neuron's chunk partials written out rather than folded: each chunk through <see cref="FusedEpoch.Chunk"/> (the
/// kernel <see cref="FusedEpochRunner{T}"/> runs), its gradient and Σδ stored at chunk · (columns + 1). One instance
/// per neuron, reused, so a call allocates nothing.
/// </summary>
internal sealed unsafe class NeuronChunkJob<T> : IChunkJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private T* _inputs, _targets, _partials;
    private int _rows, _columns;
    private T[] _weights = [];
    private T _bias;
    private bool _useBias, _prefetch;
    private VectorWidth _width;

    /// <summary>Every chunk of the rows, on up to <paramref name="threads"/> threads when the data is big enough to pay (any count, the same bits).</summary>
    public void Run(T* inputs, T* targets, int rows, T[] weights, T bias, bool useBias, VectorWidth width, T* partials, int threads)
    {
        _inputs = inputs;
        _targets = targets;
        _partials = partials;
        (_rows, _columns, _weights, _bias, _useBias, _width) = (rows, weights.Length, weights, bias, useBias, width);
        _prefetch = (long)rows * weights.Length * sizeof(T) > FusedEpoch.PrefetchAboveBytes;
        int chunks = ChunkGradients.ChunkCount(rows);
        try
        {
            // Workers busy with another call: the chunks in order on this thread, the same partials, never a wait.
            if (!(threads > 1 && chunks > 1 && (long)rows * _columns >= FusedEpochRunner<T>.ParallelThreshold && ChunkWorkers.Shared.TryRun(this, chunks, threads)))
            {
                for (int chunk = 0; chunk < chunks; chunk++) RunChunk(chunk);
            }
        }
        finally
        {
            _inputs = null;
            _targets = null;
            _partials = null;
        }
    }

    public void RunChunk(int chunk)
    {
        int first = chunk * Gradient.ChunkRows;
        int count = Math.Min(Gradient.ChunkRows, _rows - first);
        var x = new ReadOnlySpan<T>(_inputs + (long)first * _columns, count * _columns);
        var y = new ReadOnlySpan<T>(_targets + first, count);
        var partial = new Span<T>(_partials + (long)chunk * (_columns + 1), _columns + 1);
        var func = new FusedChunkFunc<T>(x, y, _weights, _bias, _useBias, partial[.._columns], _prefetch);
        partial[_columns] = WidthDispatch.Run<T, FusedChunkFunc<T>, T>(_width, ref func);
    }
}
