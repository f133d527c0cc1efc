namespace FastNeuron.Orleans;

/// <summary>
/// A shard's grain could not compute its partials on any silo within the job's <see cref="TrainingJob.ShardRecoveryTimeout"/>:
/// training stops at the last finished step (stored), naming the shard, rather than train on part of the data.
/// </summary>
[GenerateSerializer]
public sealed class ShardUnreachableException : Exception
{
    /// <summary>An error with its message and the last failure.</summary>
    public ShardUnreachableException(string message, Exception inner) : base(message, inner) { }
}
