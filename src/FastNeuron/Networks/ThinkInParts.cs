using System.Numerics;
using FastNeuron.Training;

namespace FastNeuron.Networks;

/// <summary>
/// A big batch's Think on several threads: the rows are split into one part per thread and each part goes through
/// NetworkForward.Think on its own, from the same published weights and from the big layers' panels the calling
/// thread packed once (<see cref="CallerPackedWeights{T}"/>: the workers pack nothing). A row's outputs depend on that
/// row alone, so any split gives the one-thread bits. The job object is one per calling thread, made on its first
/// big batch, so a call allocates nothing.
/// </summary>
internal sealed unsafe class ThinkInParts<T> : IChunkJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [ThreadStatic]
    private static ThinkInParts<T>? t_job;

    private NetworkLayers<T>? _layers;
    private ParameterSet<T>? _parameters;
    private T* _inputs;
    private T* _destination;
    private int _rows;
    private int _parts;
    private readonly CallerPackedWeights<T> _packed = new();
    [ThreadStatic]
    private static long t_runs;

    /// <summary>Batches this thread has split over threads so far (for the tests that the split path ran).</summary>
    public static long Runs => t_runs;

    /// <summary>
    /// Runs the batch on up to <paramref name="threads"/> threads when its forward pass is at least
    /// <see cref="Backpropagation{T}.SplitWork"/> multiply-adds; false, having done nothing, when it is smaller or the
    /// process's workers are busy with another call (the caller then runs it alone: it never waits for them).
    /// </summary>
    public static bool TryRun(NetworkLayers<T> layers, ParameterSet<T> parameters, ReadOnlySpan<T> inputs, Span<T> destination, int rows, int threads)
    {
        int parts = Math.Min(threads, rows);
        if (parts < 2 || (long)rows * layers.WeightsPerRow < Backpropagation<T>.SplitWork)
        {
            return false;
        }
        ThinkInParts<T> job = t_job ??= new ThinkInParts<T>();
        job._packed.Pack(layers, parameters, rows / parts);
        fixed (T* x = inputs)
        fixed (T* y = destination)
        {
            job._layers = layers;
            job._parameters = parameters;
            job._inputs = x;
            job._destination = y;
            job._rows = rows;
            job._parts = parts;
            try
            {
                if (!ChunkWorkers.Shared.TryRun(job, parts, parts)) return false;
                t_runs++;
                return true;
            }
            finally
            {
                job._packed.Clear();
                job._layers = null;
                job._parameters = null;
                job._inputs = null;
                job._destination = null;
            }
        }
    }

    public void RunChunk(int part)
    {
        NetworkLayers<T> layers = _layers!;
        int first = (int)((long)_rows * part / _parts), end = (int)((long)_rows * (part + 1) / _parts);
        if (end <= first) return;
        int inputCount = layers.InputCount, outputCount = layers.OutputCount;
        var inputs = new ReadOnlySpan<T>(_inputs + (long)first * inputCount, (end - first) * inputCount);
        var destination = new Span<T>(_destination + (long)first * outputCount, (end - first) * outputCount);
        NetworkForward.Think(layers, _parameters!, inputs, destination, end - first, _packed);
    }
}
