namespace FastNeuron.Orleans;

/// <summary>
/// One shard of a job's data on some silo: it describes its file, and computes its chunks' partial gradients for
/// the weights the trainer broadcasts. Keyed "job name/shard index".
/// </summary>
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>Opens the shard's file on this silo and reports its shape (validation before training).</summary>
    Task<ShardInfo> Describe(ShardSpec spec);

    /// <summary>The partials of shard <paramref name="index"/> of <paramref name="job"/> for <paramref name="parameters"/>, the weights before step <paramref name="step"/>.</summary>
    Task<ChunkPartials> ComputePartials(TrainingJob job, int index, int step, byte[] parameters);

    /// <summary>
    /// Mini-batches: one partial per entry of <paramref name="chunkRows"/> (a batch chunk's global row indices, in batch
    /// order), its rows read from whichever of the job's shard files holds them, for <paramref name="parameters"/>.
    /// </summary>
    Task<ChunkPartials> ComputeRowPartials(TrainingJob job, int step, int[][] chunkRows, byte[] parameters);
}
