using System.Numerics;
using FastNeuron.Kernels.Dense;
using FastNeuron.Training;

namespace FastNeuron.Networks;

/// <summary>
/// A batch of one chunk (a mini-batch) on several threads, with the one-thread bits: first the rows are split into
/// parts, each taken through the forward pass and every layer's deltas by one thread (a row's values depend on that
/// row alone); then each layer's inputs are split into slices, and each slice's Δw is summed over all the rows by one
/// thread (a weight's chain runs over the rows in order whoever computes it). Two runs of the workers per batch.
/// </summary>
internal sealed unsafe partial class Backpropagation<T>
{
    /// <summary>Multiply-adds in a batch's forward pass below which a second thread costs more than it saves.</summary>
    internal const long SplitWork = 1 << 20;

    /// <summary>The slices of the weight gradients (layer, first input, inputs), for the current thread count.</summary>
    private (int Layer, int FirstInput, int Inputs)[] _gradientSlices = [];
    private int _slicesForThreads;
    private int _rowParts;
    private readonly CallerPackedWeights<T> _packed = new();

    /// <summary>Batches this instance has split over threads (for the tests that the split path ran).</summary>
    public int SplitBatches { get; private set; }

    private enum JobKind
    {
        /// <summary>Whole 4,096-row chunks, each through the forward pass, deltas and Δw into its partials.</summary>
        Chunks,

        /// <summary>Parts of one chunk's rows through the forward pass and deltas.</summary>
        RowParts,

        /// <summary>Slices of one layer's inputs: their Δw over every row.</summary>
        GradientSlices,
    }

    /// <summary>
    /// Runs a one-chunk batch on <see cref="Threads"/> threads when it is big enough to pay and the backend is ours;
    /// false (nothing done) otherwise, or when the process's workers are busy with another call.
    /// </summary>
    private bool TrySplitOneChunk(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows)
    {
        int threads = Math.Min(Threads, rows);
        if (threads < 2 || _layers.Backend == Backend.TensorPrimitives || (long)rows * _layers.WeightsPerRow < SplitWork)
        {
            return false;
        }
        EnsureGradientSlices(Threads);   // by Threads, not by this batch's rows: a smaller last batch reuses them
        _packed.Pack(_layers, _layers.Weights, rows / threads);   // once, here: the parts read these panels and pack nothing
        fixed (T* x = inputs)
        fixed (T* y = targets)
        {
            _jobInputs = x;
            _jobTargets = y;
            _jobRows = rows;
            _rowParts = threads;
            try
            {
                _jobKind = JobKind.RowParts;
                if (!ChunkWorkers.Shared.TryRun(this, threads, threads))
                {
                    return false;
                }
                _jobKind = JobKind.GradientSlices;
                if (!ChunkWorkers.Shared.TryRun(this, _gradientSlices.Length, threads))
                {
                    // Another call took the workers between the phases: the slices on this thread, never a wait.
                    for (int slice = 0; slice < _gradientSlices.Length; slice++) RunGradientSlice(inputs, rows, slice);
                }
                SplitBatches++;
            }
            finally
            {
                _jobInputs = null;
                _jobTargets = null;
                _packed.Clear();
            }
        }
        return true;
    }

    private void RunRowPart(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows, int part)
    {
        int first = (int)((long)rows * part / _rowParts), end = (int)((long)rows * (part + 1) / _rowParts);
        if (end > first) ForwardAndDeltas(inputs, targets, first, end - first, 0, _packed);
    }

    private void RunGradientSlice(ReadOnlySpan<T> inputs, int rows, int slice)
    {
        var (layer, firstInput, count) = _gradientSlices[slice];
        LayerWeightGradient(inputs, 0, rows, layer, firstInput, count, _layers.UseBias && firstInput == 0, WeightGradients, BiasGradients, 0);
    }

    /// <summary>The slices <see cref="EnsureGradientSlices"/> makes for <paramref name="threads"/> threads.</summary>
    internal IReadOnlyList<(int Layer, int FirstInput, int Inputs)> GradientSlices(int threads)
    {
        EnsureGradientSlices(threads);
        return _gradientSlices;
    }

    /// <summary>
    /// About four slices per thread over all layers, in proportion to each layer's weights, each a multiple of the
    /// layer's <see cref="DenseWeightGradient.WholeInputGroup{T}"/> so that the kernel's tiles and groups stay whole (no
    /// slice ends in latency-bound leftovers); the biggest first, for the balance.
    /// </summary>
    private void EnsureGradientSlices(int threads)
    {
        if (_slicesForThreads == threads) return;
        long total = _layers.WeightsPerRow;
        long target = Math.Max(1, total / (4L * threads));
        var slices = new List<(int Layer, int FirstInput, int Inputs)>();
        for (int l = 0; l < _layers.Count; l++)
        {
            int inputs = _layers.Sizes[l];
            long perInput = _layers.Strides[l];
            int step = (int)Math.Clamp(target / perInput, 1, inputs);
            int group = DenseWeightGradient.WholeInputGroup<T>(_layers.Strides[l], _layers.Width);
            step = Math.Min(inputs, (step + group - 1) / group * group);
            for (int k = 0; k < inputs; k += step)
            {
                slices.Add((l, k, Math.Min(step, inputs - k)));
            }
        }
        _gradientSlices = [.. slices.OrderByDescending(s => (long)s.Inputs * _layers.Strides[s.Layer])];
        _slicesForThreads = threads;
    }
}
