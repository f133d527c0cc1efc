using System.Numerics;

namespace FastNeuron.Training;

/// <summary>
/// An optimizer step on several threads: every optimizer is element-wise (each weight's new value depends on its own
/// weight, gradient and state alone), so slices of the layers' arrays can go to different threads with the one-thread
/// bits. Slices are whole 64-element blocks (a multiple of every vector width), so each runs the same vector and
/// scalar bodies the whole array would.
/// </summary>
internal sealed partial class OptimizerState<T> : IChunkJob
{
    /// <summary>Weights (all layers) below which a step stays on one thread: a step over fewer costs less than a hand-off.</summary>
    internal const int ThreadedWeights = 1 << 16;

    /// <summary>Values per slice: about 64 KB of float32, and a multiple of 64.</summary>
    private const int SliceValues = 1 << 14;

    private (int Layer, bool Bias, int Start, int Length)[] _slices = [];
    private bool? _slicesWithBias;
    private T[][]? _jobWeights, _jobGradients, _jobBiases, _jobBiasGradients, _jobNewWeights, _jobNewBiases;
    private StepConstants<T> _jobConstants;

    /// <summary>Threads a step may use (the network's <see cref="Network{T}.Threads"/>); any count gives the same bits.</summary>
    public int Threads { get; set; } = 1;

    [ThreadStatic]
    private static int t_threadedSteps;

    /// <summary>Steps this thread has run on several threads so far (for the tests that the threaded path ran).</summary>
    public static int ThreadedSteps => t_threadedSteps;

    private bool TryStepOnThreads(T[][] weights, T[][] gradients, T[][] biases, T[][] biasGradients, bool useBias, in StepConstants<T> constants,
        T[][] newWeights, T[][] newBiases)
    {
        if (Threads < 2 || _tensorScratch.Length != 0 || _weightCount < ThreadedWeights)
        {
            return false;
        }
        EnsureSlices(weights, biases, useBias);
        (_jobWeights, _jobGradients, _jobBiases, _jobBiasGradients, _jobNewWeights, _jobNewBiases) = (weights, gradients, biases, biasGradients, newWeights, newBiases);
        _jobConstants = constants;
        try
        {
            if (!ChunkWorkers.Shared.TryRun(this, _slices.Length, Threads)) return false;
        }
        finally
        {
            (_jobWeights, _jobGradients, _jobBiases, _jobBiasGradients, _jobNewWeights, _jobNewBiases) = (null, null, null, null, null, null);
        }
        if (!useBias)
        {
            for (int l = 0; l < biases.Length; l++) biases[l].CopyTo(newBiases[l], 0);
        }
        t_threadedSteps++;
        return true;
    }

    void IChunkJob.RunChunk(int chunk)
    {
        var (layer, bias, start, length) = _slices[chunk];
        T[] w = bias ? _jobBiases![layer] : _jobWeights![layer];
        T[] g = bias ? _jobBiasGradients![layer] : _jobGradients![layer];
        T[] first = bias ? _firstBias[layer] : _first[layer];
        T[] second = bias ? _secondBias[layer] : _second[layer];
        T[] destination = bias ? _jobNewBiases![layer] : _jobNewWeights![layer];
        // An optimizer without some state has empty arrays there (OptimizerState's constructor): empty slices then.
        OptimizerSteps.Step<T>(_options.Optimizer, w.AsSpan(start, length), g.AsSpan(start, length), first.Length == 0 ? default : first.AsSpan(start, length),
            second.Length == 0 ? default : second.AsSpan(start, length), _jobConstants, destination.AsSpan(start, length), _width);
    }

    /// <summary>The slices of every layer's weights (and biases, when used), made once.</summary>
    private void EnsureSlices(T[][] weights, T[][] biases, bool useBias)
    {
        if (_slicesWithBias == useBias) return;
        var slices = new List<(int Layer, bool Bias, int Start, int Length)>();
        for (int l = 0; l < weights.Length; l++)
        {
            for (int start = 0; start < weights[l].Length; start += SliceValues)
            {
                slices.Add((l, false, start, Math.Min(SliceValues, weights[l].Length - start)));
            }
            if (useBias) slices.Add((l, true, 0, biases[l].Length));
        }
        _slices = [.. slices];
        _slicesWithBias = useBias;
    }
}
