namespace FastNeuron.Orleans;

/// <summary>One shard's chunk partials for one step: <see cref="Chunks"/> compact gradients, one after another, as raw bytes.</summary>
[GenerateSerializer, Immutable]
public sealed class ChunkPartials
{
    /// <summary>The step they are for (the weights' version).</summary>
    [Id(0)] public int Step { get; init; }

    /// <summary>Chunks in the shard.</summary>
    [Id(1)] public int Chunks { get; init; }

    /// <summary>The partials.</summary>
    [Id(2)] public byte[] Values { get; init; } = [];

    /// <summary>The silo that computed them.</summary>
    [Id(3)] public string Silo { get; init; } = "";
}
