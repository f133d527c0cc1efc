using System.Numerics;
using FastNeuron.Common;
using FastNeuron.Kernels;
using FastNeuron.Kernels.Dense;

namespace FastNeuron.Training;

/// <summary>
/// Runs full-batch epochs of a neuron with <see cref="FusedEpoch"/>: the rows are cut into gradient chunks
/// (docs/numerics.md), each chunk's partials are computed by whichever thread claims it, then folded in chunk
/// order. One thread or many, the bits are the Scalar backend's.
/// </summary>
/// <remarks>
/// The data is reached through pointers so that worker threads can read it: the caller pins managed spans
/// for the duration of <see cref="Run"/>, and a <see cref="MatrixFile"/> is mapped. Working memory beyond the
/// caller's data is one partial row per chunk (1/4096 of X), allocated once per data size and reused.
/// </remarks>
internal sealed unsafe class FusedEpochRunner<T> : IChunkJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Below this many elements of X an epoch stays on one thread: waking workers costs more than it saves.</summary>
    public const long ParallelThreshold = 1L << 18;

    /// <summary>Columns are limited so that one chunk (4,096 rows) of X stays addressable by a span.</summary>
    public const int MaxColumnsDivisor = Gradient.ChunkRows;

    private T* _inputs;
    private T* _targets;
    private long _rows;
    private int _columns;
    private T[] _weights = [];
    private T _bias;
    private bool _useBias;
    private VectorWidth _width;
    private T[] _partials = [];

    /// <summary>Values from one chunk's partial to the next: the columns rounded up to whole 64-byte lines.</summary>
    private int _stride;

    /// <summary>Where the first partial starts in <see cref="_partials"/>: its first 64-byte boundary.</summary>
    private int _first;

    /// <summary>The columns rounded up to whole 64-byte lines.</summary>
    public static int PartialStride(int columns)
    {
        int line = DenseLayout.BlockBytes / sizeof(T);
        return (columns + line - 1) / line * line;
    }
    private T[] _biasPartials = [];

    public static int ChunkCount(long rows) => (int)((rows + Gradient.ChunkRows - 1) / Gradient.ChunkRows);

    /// <summary>
    /// Computes gradient (Xᵀδ) and returns Σδ for the current weights and bias, over rows × columns inputs at
    /// <paramref name="inputs"/> and rows targets at <paramref name="targets"/>.
    /// </summary>
    public T Run(T* inputs, T* targets, long rows, T[] weights, T bias, bool useBias, VectorWidth width, int threads, Span<T> gradient)
    {
        int columns = weights.Length;
        int chunks = ChunkCount(rows);
        // Each chunk's partial on cache lines of its own: the chunk kernel loads and stores its partial every block of
        // rows, and two threads on neighbouring chunks that shared a line passed it back and forth (1,000,000 × 64 on
        // two threads took 7.1 ms against one thread's 8.7, where reading the data scales 2×).
        _stride = PartialStride(columns);
        int pad = DenseLayout.BlockBytes / sizeof(T);
        if (_partials.Length < (long)chunks * _stride + pad)
        {
            _partials = GC.AllocateUninitializedArray<T>(checked(chunks * _stride + pad), pinned: true);
        }
        _first = DenseLayout.ElementsToBoundary<T>(_partials);
        if (_biasPartials.Length < chunks)
        {
            _biasPartials = new T[chunks];
        }
        _inputs = inputs;
        _targets = targets;
        (_rows, _columns, _weights, _bias, _useBias, _width) = (rows, columns, weights, bias, useBias, width);

        // A call that finds the workers busy with another runs its chunks alone, in order: the same partials, no wait.
        if (!(threads > 1 && chunks > 1 && rows * columns >= ParallelThreshold && ChunkWorkers.Shared.TryRun(this, chunks, threads)))
        {
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                RunChunk(chunk);
            }
        }
        _inputs = null;
        _targets = null;

        ChunkFold.InOrder<T>(_partials.AsSpan(_first), chunks, _stride, gradient[..columns]);
        T biasSum = T.Zero;
        ChunkFold.InOrder<T>(_biasPartials, chunks, new Span<T>(ref biasSum));
        return biasSum;
    }

    public void RunChunk(int chunk)
    {
        long first = (long)chunk * Gradient.ChunkRows;
        int count = (int)Math.Min(Gradient.ChunkRows, _rows - first);
        var x = new ReadOnlySpan<T>(_inputs + first * _columns, count * _columns);
        var y = new ReadOnlySpan<T>(_targets + first, count);
        Span<T> partial = _partials.AsSpan(_first + chunk * _stride, _columns);
        bool prefetch = _rows * _columns * sizeof(T) > FusedEpoch.PrefetchAboveBytes;
        var func = new Kernels.FusedChunkFunc<T>(x, y, _weights, _bias, _useBias, partial, prefetch);
        _biasPartials[chunk] = WidthDispatch.Run<T, Kernels.FusedChunkFunc<T>, T>(_width, ref func);
    }
}
