namespace FastNeuron.Orleans;

/// <summary>
/// The shards cannot give the data a job needs: a file that is missing or unreadable on a silo, gaps, overlaps, a width
/// or element type that disagrees, a boundary off the 4,096-row chunks. The message names the shard. Training never
/// starts, or stops, rather than train on part of the data.
/// </summary>
[GenerateSerializer]
public sealed class ShardDataException : Exception
{
    /// <summary>An error with its message.</summary>
    public ShardDataException(string message) : base(message) { }

    /// <summary>An error with its message and cause.</summary>
    public ShardDataException(string message, Exception inner) : base(message, inner) { }
}
