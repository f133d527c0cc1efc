namespace FastNeuron.Orleans;

/// <summary>A shard's file as a silo sees it: what validation checks before training.</summary>
[GenerateSerializer, Immutable]
public sealed class ShardInfo
{
    /// <summary>Rows.</summary>
    [Id(0)] public long Rows { get; init; }

    /// <summary>Inputs per row.</summary>
    [Id(1)] public int Columns { get; init; }

    /// <summary>4 or 8.</summary>
    [Id(2)] public int ElementSize { get; init; }

    /// <summary>The silo that read it.</summary>
    [Id(3)] public string Silo { get; init; } = "";
}
