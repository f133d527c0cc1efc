namespace FastNeuron.Orleans;

/// <summary>
/// One shard of the training data: a matrix file (<c>.fnm</c>) holding rows [<see cref="FirstRow"/>,
/// FirstRow + its rows) of the whole set. The path must be readable on every silo (a shared path, or a copy at the same
/// path on each silo's disk), since a shard grain moves to another silo when its silo dies. FirstRow must be a multiple
/// of 4,096 (<see cref="FastNeuron.Distributed.ChunkGradients.ChunkRows"/>), so the shard holds whole chunks of the
/// one-machine run.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class ShardSpec
{
    /// <summary>The matrix file.</summary>
    [Id(0)] public required string Path { get; init; }

    /// <summary>The global index of the file's first row.</summary>
    [Id(1)] public required long FirstRow { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Path} from row {FirstRow:N0}";
}
