using System.Security.Cryptography;
using System.Text;

namespace FastNeuron.Orleans;

/// <summary>
/// A full-batch training run across silos: the model, the shards that make up the data (rows 0 to
/// <see cref="TotalRows"/> − 1, in any order, without gaps or overlaps), and the iterations. <see cref="Name"/> keys the
/// trainer grain and its stored state: running the same job again resumes it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class TrainingJob
{
    /// <summary>The job's name: the trainer grain's key.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The model.</summary>
    [Id(1)] public required ModelSpec Model { get; init; }

    /// <summary>The shards.</summary>
    [Id(2)] public required ShardSpec[] Shards { get; init; }

    /// <summary>Rows of the whole data set; the shards must cover exactly these.</summary>
    [Id(3)] public required long TotalRows { get; init; }

    /// <summary>Full-batch iterations, as <c>Train</c>'s argument.</summary>
    [Id(4)] public required int Iterations { get; init; }

    /// <summary>How long a shard may stay unreachable (its silo dead and its activation not yet elsewhere) before training stops.</summary>
    [Id(5)] public TimeSpan ShardRecoveryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Store the step and weights every this many steps (and always at the last): 1, the default, loses no step when
    /// the trainer's silo dies; more saves the storage write per step, and a resumed job recomputes up to that many.
    /// </summary>
    [Id(6)] public int PersistEvery { get; init; } = 1;

    /// <summary>
    /// Mini-batch training (<see cref="Network{T}.Fit"/>) instead of the full batch; <see cref="Iterations"/> is then
    /// unused, the result's Step counts epochs and the state is stored every <see cref="PersistEvery"/> epochs. Networks only.
    /// </summary>
    [Id(7)] public FitSpec? MiniBatch { get; init; }

    /// <summary>What the result depends on: the model, the shards and the iterations (a stored state from another job is never resumed).</summary>
    internal string Fingerprint()
    {
        var text = new StringBuilder(Model.Describe()).Append($" rows {TotalRows} iterations {Iterations} {MiniBatch?.Describe()}");
        foreach (ShardSpec shard in Shards) text.Append($" | {shard.Path} @{shard.FirstRow}");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The key of shard <paramref name="index"/>'s grain: the job's name and the index (which decides its first silo).</summary>
    internal string ShardKey(int index) => $"{Name}/{index}";
}
