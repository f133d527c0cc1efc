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

    /// <summary>Folds every shard's partials, given in global chunk order, and takes iteration <paramref name="step"/> of <paramref name="steps"/>.</summary>
    public abstract void FoldAndStep(IReadOnlyList<ChunkPartials> inOrder, int step, int steps);
}

internal sealed class Replica<T> : ModelReplica
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Network<T>? _network;
    private readonly Neuron<T>? _neuron;
    private readonly T[] _sum;

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
        for (int s = 0; s < inOrder.Count; s++)
        {
            ReadOnlySpan<T> partials = MemoryMarshal.Cast<byte, T>(inOrder[s].Values);
            if (s == 0) ChunkGradients.Fold(partials, inOrder[s].Chunks, _sum);
            else ChunkGradients.FoldMore(partials, inOrder[s].Chunks, _sum);
        }
        if (_network is not null) _network.ApplyGradient(_sum, step, steps);
        else _neuron!.ApplyGradient(_sum, step, steps);
    }
}
