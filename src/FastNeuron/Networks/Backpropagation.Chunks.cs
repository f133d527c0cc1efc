using System.Numerics;
using FastNeuron.Distributed;
using FastNeuron.Kernels;
using FastNeuron.Training;

namespace FastNeuron.Networks;

/// <summary>
/// The chunk partials themselves, for a trainer that folds them elsewhere (data-parallel training across machines,
/// <c>Network.Distributed.cs</c>): each 4,096-row chunk's Δw and Δb exactly as <see cref="ComputeGradients"/>
/// computes them before its in-order fold, written out in the compact parameter layout.
/// </summary>
internal sealed unsafe partial class Backpropagation<T>
{
    /// <summary>
    /// Each chunk's Δw and Δb for row-major <paramref name="inputs"/> and <paramref name="targets"/>, chunk-major into
    /// <paramref name="destination"/>: chunk c's values start at c · <paramref name="perChunk"/>, laid out as
    /// <see cref="CompactParameters"/> describes. Returns the chunk count.
    /// </summary>
    public int ComputeChunkPartials(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows, Span<T> destination, int perChunk)
    {
        EnsureBuffers(rows);
        TransposeWeights();
        int chunks = (rows + Gradient.ChunkRows - 1) / Gradient.ChunkRows;
        EnsurePartials(chunks);
        RunChunks(inputs, targets, rows, chunks);
        for (int c = 0; c < chunks; c++)
        {
            CompactParameters.Write(_layers, _partialWeights, _partialBiases, c, destination.Slice(c * perChunk, perChunk));
        }
        return chunks;
    }

    /// <summary>
    /// Every chunk of the batch into its partials, on up to <see cref="Threads"/> threads (any count, the same bits);
    /// when another call holds the workers, the chunks in order on this thread: the same partials, never a wait.
    /// </summary>
    private void RunChunks(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows, int chunks)
    {
        int threads = Math.Min(Threads, chunks);
        bool ran = false;
        if (threads >= 2)
        {
            fixed (T* x = inputs)
            fixed (T* y = targets)
            {
                _jobInputs = x;
                _jobTargets = y;
                _jobRows = rows;
                _jobKind = JobKind.Chunks;
                try
                {
                    ran = ChunkWorkers.Shared.TryRun(this, chunks, threads);
                }
                finally
                {
                    _jobInputs = null;
                    _jobTargets = null;
                }
            }
        }
        for (int c = 0; !ran && c < chunks; c++)
        {
            RunChunk(inputs, targets, rows, c);
        }
    }
}
