using System.Runtime.InteropServices;

namespace FastNeuron.Orleans;

/// <summary>What a trainer grain's <c>Train</c> returns: the step reached and the model's compact parameters there.</summary>
[GenerateSerializer, Immutable]
public sealed class TrainingResult
{
    /// <summary>Iterations done (the job's Iterations once finished).</summary>
    [Id(0)] public int Step { get; init; }

    /// <summary>The compact parameters (<see cref="Network{T}.CopyParameters"/>, <see cref="Neuron{T}.CopyParameters"/>) as raw little-endian bytes.</summary>
    [Id(1)] public byte[] Parameters { get; init; } = [];

    /// <summary>The step this call resumed after (0 when it started from the model's seed).</summary>
    [Id(2)] public int ResumedAfterStep { get; init; }

    /// <summary>Shard computations this call repeated after a silo failure.</summary>
    [Id(3)] public int Recomputations { get; init; }

    /// <summary>The silo that ran the trainer.</summary>
    [Id(4)] public string TrainerSilo { get; init; } = "";

    /// <summary>Per shard, the silo that computed its last partials.</summary>
    [Id(5)] public string[] ShardSilos { get; init; } = [];

    /// <summary>The parameters as values of T, for <see cref="Network{T}.SetParameters(ReadOnlySpan{T})"/> or <see cref="Neuron{T}.SetParameters"/>.</summary>
    public T[] ParametersAs<T>()
        where T : unmanaged
        => MemoryMarshal.Cast<byte, T>(Parameters).ToArray();
}
