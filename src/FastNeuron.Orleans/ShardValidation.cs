using FastNeuron.Distributed;

namespace FastNeuron.Orleans;

/// <summary>
/// Checks, before any step, that the shards are exactly the data: each file readable on a silo, in the model's width
/// and element type, starting on a 4,096-row chunk boundary, and together covering rows 0 to TotalRows − 1 without a
/// gap or an overlap. Every failure names the shard. Returns the shard indices in global row order.
/// </summary>
internal static class ShardValidation
{
    public static async Task<int[]> Check(TrainingJob job, IGrainFactory grains, int inputCount)
    {
        if (job.Shards.Length == 0) throw new ShardDataException($"Job {job.Name} has no shards.");
        if (job.TotalRows < 1) throw new ShardDataException($"Job {job.Name}: TotalRows is {job.TotalRows}; it must be at least 1.");
        ShardInfo[] infos = await Task.WhenAll(job.Shards.Select((spec, i) => grains.GetGrain<IShardGrain>(job.ShardKey(i)).Describe(spec)));
        int modelElementSize = job.Model.ElementSize;
        for (int i = 0; i < infos.Length; i++)
        {
            ShardSpec spec = job.Shards[i];
            ShardFiles.CheckFits(i, spec, infos[i].Rows, infos[i].Columns, infos[i].ElementSize, inputCount, modelElementSize);
            if (spec.FirstRow < 0 || spec.FirstRow % ChunkGradients.ChunkRows != 0)
            {
                throw new ShardDataException($"Shard {i} ({spec.Path}) starts at row {spec.FirstRow:N0}, not on a {ChunkGradients.ChunkRows:N0}-row chunk boundary: its chunks would not be the one-machine run's.");
            }
        }
        int[] order = [.. Enumerable.Range(0, infos.Length).OrderBy(i => job.Shards[i].FirstRow).ThenBy(i => i)];
        long expected = 0;
        foreach (int i in order)
        {
            ShardSpec spec = job.Shards[i];
            if (spec.FirstRow > expected)
            {
                throw new ShardDataException($"Shard {i} ({spec.Path}) starts at row {spec.FirstRow:N0} but the shards before it end at row {expected:N0}: rows {expected:N0} to {spec.FirstRow - 1:N0} are in no shard.");
            }
            if (spec.FirstRow < expected)
            {
                throw new ShardDataException($"Shard {i} ({spec.Path}) starts at row {spec.FirstRow:N0}, inside the shards before it (which end at row {expected:N0}): the shards overlap.");
            }
            expected = spec.FirstRow + infos[i].Rows;
            if (expected > job.TotalRows)
            {
                throw new ShardDataException($"Shard {i} ({spec.Path}) ends at row {expected:N0}, past the data's {job.TotalRows:N0} rows.");
            }
        }
        if (expected != job.TotalRows)
        {
            throw new ShardDataException($"The shards end at row {expected:N0} but the data has {job.TotalRows:N0} rows: rows {expected:N0} to {job.TotalRows - 1:N0} are in no shard.");
        }
        return order;
    }
}
