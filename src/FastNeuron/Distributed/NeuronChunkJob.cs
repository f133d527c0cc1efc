using System.Numerics;
using FastNeuron.Common;
using FastNeuron.Kernels;
using FastNeuron.Training;

namespace FastNeuron.Distributed;

/// <summary>
/// A neuron's chunk partials written out rather than folded: each chunk through <see cref="FusedEpoch.Chunk"/> (the
/// kernel <see cref="FusedEpochRunner{T}"/> runs), its gradient and Σδ stored at chunk · (columns + 1).
/// </summary>
internal sealed unsafe class NeuronChunkJob<T>(T* inputs, T* targets, int rows, T[] weights, T bias, bool useBias, VectorWidth width, T* partials) : IChunkJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly int _columns = weights.Length;
    private readonly bool _prefetch = (long)rows * weights.Length * sizeof(T) > FusedEpoch.PrefetchAboveBytes;

    /// <summary>Every chunk, on up to <paramref name="threads"/> threads when the data is big enough to pay (any count, the same bits).</summary>
    public void Run(int chunks, int threads)
    {
        if (threads > 1 && chunks > 1 && (long)rows * _columns >= FusedEpochRunner<T>.ParallelThreshold)
        {
            ChunkWorkers.Shared.Run(this, chunks, threads);
            return;
        }
        for (int chunk = 0; chunk < chunks; chunk++) RunChunk(chunk);
    }

    public void RunChunk(int chunk)
    {
        int first = chunk * Gradient.ChunkRows;
        int count = Math.Min(Gradient.ChunkRows, rows - first);
        var x = new ReadOnlySpan<T>(inputs + (long)first * _columns, count * _columns);
        var y = new ReadOnlySpan<T>(targets + first, count);
        var partial = new Span<T>(partials + (long)chunk * (_columns + 1), _columns + 1);
        var func = new FusedChunkFunc<T>(x, y, weights, bias, useBias, partial[.._columns], _prefetch);
        partial[_columns] = WidthDispatch.Run<T, FusedChunkFunc<T>, T>(width, ref func);
    }

}
