using System.Numerics;
using System.Runtime.InteropServices;
using FastNeuron.Distributed;

namespace FastNeuron.Orleans;

/// <summary>
/// One silo's copy of a job's model, whatever its element type: the trainer's (which folds and steps) or a shard's
/// (which only computes partials for the broadcast weights). Parameters and partials travel as raw bytes.
/// </summary>
internal abstract class ModelReplica
{
    public static ModelReplica Create(ModelSpec spec) => spec.ElementSize switch
    {
        4 => new Replica<float>(spec),
        8 => new Replica<double>(spec),
        _ => throw new ArgumentException($"ElementSize is {spec.ElementSize}; it must be 4 (float32) or 8 (float64).", nameof(spec)),
    };

    public abstract int InputCount { get; }

    public abstract byte[] CopyParameters();

    public abstract void SetParameters(byte[] parameters);

    /// <summary>Opens shard <paramref name="index"/>'s data for this model (validated against it).</summary>
    public abstract IDisposable OpenShard(int index, ShardSpec spec);

    /// <summary>The shard's chunk partials for the current weights; returns the chunk count.</summary>
    public abstract (int Chunks, byte[] Values) ComputePartials(IDisposable shard);

    /// <summary>One partial per batch chunk of global row indices, its rows gathered from the shards (first rows <paramref name="firstRows"/>).</summary>
    public abstract (int Chunks, byte[] Values) ComputeRowPartials(IDisposable[] shards, long[] firstRows, int[][] chunkRows);

    /// <summary>Starts mini-batch training over <paramref name="rows"/> rows; returns the batch size.</summary>
    public abstract int BeginFit(FitSpec spec, int rows);

    /// <summary>The next epoch's row order.</summary>
    public abstract int[] NextEpoch();

    /// <summary>The mini-batch state between epochs, and back.</summary>
    public abstract byte[] SaveFit();

    public abstract void RestoreFit(byte[] state);

    /// <summary>Folds a batch's chunk partials in batch-chunk order and takes Fit's step for <paramref name="batchRows"/> rows.</summary>
    public abstract void FoldAndFitStep(IReadOnlyList<ChunkPartials> inOrder, int batchRows);

    /// <summary>Folds every shard's partials, given in global chunk order, and takes iteration <paramref name="step"/> of <paramref name="steps"/>.</summary>
    public abstract void FoldAndStep(IReadOnlyList<ChunkPartials> inOrder, int step, int steps);
}

internal sealed class Replica<T> : ModelReplica
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Network<T>? _network;
    private readonly Neuron<T>? _neuron;
    private readonly T[] _sum;
    private MiniBatchStepper<T>? _stepper;

    public Replica(ModelSpec spec)
    {
        VectorWidth? width = spec.Width < 0 ? null : (VectorWidth)spec.Width;
        if (spec.IsNeuron)
        {
            _neuron = new Neuron<T>(spec.Sizes[0], spec.Seed, new NeuronOptions
            {
                LearningRate = spec.LearningRate, UseBias = spec.UseBias, Backend = (Backend)spec.Backend, Width = width, Threads = spec.Threads,
            });
        }
        else
        {
            _network = new Network<T>(spec.Sizes, Array.ConvertAll(spec.Activations, a => (Activation)a), spec.Seed, spec.UseBias, spec.LearningRate,
                (Backend)spec.Backend, width, (Loss)spec.Loss, spec.ScaledInitialization) { Threads = spec.Threads };
        }
        _sum = new T[ParameterCount];
    }

    private int ParameterCount => _network?.ParameterCount ?? _neuron!.ParameterCount;

    public override int InputCount => _network?.InputCount ?? _neuron!.InputCount;

    public override byte[] CopyParameters()
    {
        var values = new T[ParameterCount];
        if (_network is not null) _network.CopyParameters(values);
        else _neuron!.CopyParameters(values);
        return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    public override void SetParameters(byte[] parameters)
    {
        ReadOnlySpan<T> values = MemoryMarshal.Cast<byte, T>(parameters);
        if (_network is not null) _network.SetParameters(values);
        else _neuron!.SetParameters(values);
    }

    public override IDisposable OpenShard(int index, ShardSpec spec)
        => new ShardData<T>(index, spec, InputCount, _network?.OutputCount ?? 1);

    public override (int Chunks, byte[] Values) ComputePartials(IDisposable shard)
    {
        var data = (ShardData<T>)shard;
        var values = new byte[checked(ChunkGradients.ChunkCount(data.Rows) * ParameterCount * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())];
        Span<T> partials = MemoryMarshal.Cast<byte, T>(values.AsSpan());
        int chunks = _network is not null
            ? _network.ComputeChunkGradients(data.Inputs, data.Targets, partials)
            : _neuron!.ComputeChunkGradients(data.Inputs, data.Targets, partials);
        return (chunks, values);
    }

    public override void FoldAndStep(IReadOnlyList<ChunkPartials> inOrder, int step, int steps)
    {
        Fold(inOrder);
        if (_network is not null) _network.ApplyGradient(_sum, step, steps);
        else _neuron!.ApplyGradient(_sum, step, steps);
    }

    public override (int Chunks, byte[] Values) ComputeRowPartials(IDisposable[] shards, long[] firstRows, int[][] chunkRows)
    {
        Network<T> network = _network ?? throw new NotSupportedException("Mini-batch training across silos is for networks; a neuron trains full batches.");
        int inputs = network.InputCount, outputs = network.OutputCount, count = ParameterCount;
        var values = new byte[checked(chunkRows.Length * count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())];
        Span<T> partials = MemoryMarshal.Cast<byte, T>(values.AsSpan());
        int most = chunkRows.Length == 0 ? 0 : chunkRows.Max(c => c.Length);
        var x = new T[most * inputs];
        var y = new T[most * outputs];
        for (int c = 0; c < chunkRows.Length; c++)
        {
            int[] rows = chunkRows[c];
            for (int r = 0; r < rows.Length; r++)
            {
                int s = Array.BinarySearch(firstRows, (long)rows[r]);
                if (s < 0) s = ~s - 1;
                var shard = (ShardData<T>)shards[s];
                int local = (int)(rows[r] - firstRows[s]);
                shard.Inputs.Slice(local * inputs, inputs).CopyTo(x.AsSpan(r * inputs));
                shard.Targets.Slice(local * outputs, outputs).CopyTo(y.AsSpan(r * outputs));
            }
            network.ComputeChunkGradients(x.AsSpan(0, rows.Length * inputs), y.AsSpan(0, rows.Length * outputs), partials.Slice(c * count, count));
        }
        return (chunkRows.Length, values);
    }

    public override int BeginFit(FitSpec spec, int rows)
    {
        Network<T> network = _network ?? throw new NotSupportedException("Mini-batch training across silos is for networks; a neuron trains full batches.");
        _stepper = network.CreateMiniBatchStepper(rows, spec.ToOptions());
        return _stepper.BatchSize;
    }

    public override int[] NextEpoch() => Stepper.NextEpoch().ToArray();

    public override byte[] SaveFit() => Stepper.SaveState();

    public override void RestoreFit(byte[] state) => Stepper.RestoreState(state);

    public override void FoldAndFitStep(IReadOnlyList<ChunkPartials> inOrder, int batchRows)
    {
        Fold(inOrder);
        Stepper.Step(_sum, batchRows);
    }

    private MiniBatchStepper<T> Stepper => _stepper ?? throw new InvalidOperationException("BeginFit first.");

    /// <summary>Every partial of <paramref name="inOrder"/>, in order, into the sum.</summary>
    private void Fold(IReadOnlyList<ChunkPartials> inOrder)
    {
        for (int s = 0; s < inOrder.Count; s++)
        {
            ReadOnlySpan<T> partials = MemoryMarshal.Cast<byte, T>(inOrder[s].Values);
            if (s == 0) ChunkGradients.Fold(partials, inOrder[s].Chunks, _sum);
            else ChunkGradients.FoldMore(partials, inOrder[s].Chunks, _sum);
        }
    }
}
