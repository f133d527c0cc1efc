using Orleans.Runtime;

namespace FastNeuron.Orleans;

/// <summary>
/// <see cref="IShardGrain"/>: keeps the shard's file mapped and a replica of the model while it is active, so a step
/// costs the broadcast weights in and the partials out. Its result depends only on the job, the shard and the weights:
/// when its silo dies, the activation that replaces it elsewhere computes the same bits.
/// </summary>
[ShardPlacement]
internal sealed class ShardGrain(ILocalSiloDetails silo) : Grain, IShardGrain
{
    private string _fingerprint = "";
    private ModelReplica? _replica;
    private IDisposable? _data;
    private IDisposable[] _all = [];

    public Task<ShardInfo> Describe(ShardSpec spec)
    {
        int index = IndexFromKey();
        using MatrixFile file = ShardFiles.Open(index, spec);
        return Task.FromResult(new ShardInfo { Rows = file.Rows, Columns = file.Columns, ElementSize = file.ElementSize, Silo = silo.SiloAddress.ToString() });
    }

    public async Task<ChunkPartials> ComputePartials(TrainingJob job, int index, int step, byte[] parameters)
    {
        ModelReplica replica = ReplicaFor(job);
        IDisposable data = _data ??= replica.OpenShard(index, job.Shards[index]);
        // Off the grain scheduler's thread: a shard's chunks can take a while, and use the process's worker threads.
        (int chunks, byte[] values) = await Task.Run(() =>
        {
            replica.SetParameters(parameters);
            return replica.ComputePartials(data);
        });
        return new ChunkPartials { Step = step, Chunks = chunks, Values = values, Silo = silo.SiloAddress.ToString() };
    }

    public async Task<ChunkPartials> ComputeRowPartials(TrainingJob job, int step, int[][] chunkRows, byte[] parameters)
    {
        ModelReplica replica = ReplicaFor(job);
        if (_all.Length == 0) _all = [.. job.Shards.Select((spec, i) => replica.OpenShard(i, spec))];
        IDisposable[] shards = _all;
        long[] firstRows = [.. job.Shards.Select(s => s.FirstRow)];
        (int chunks, byte[] values) = await Task.Run(() =>
        {
            replica.SetParameters(parameters);
            return replica.ComputeRowPartials(shards, firstRows, chunkRows);
        });
        return new ChunkPartials { Step = step, Chunks = chunks, Values = values, Silo = silo.SiloAddress.ToString() };
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Close();
        return Task.CompletedTask;
    }

    /// <summary>The job's model replica, built once per job; another job's data is closed first.</summary>
    private ModelReplica ReplicaFor(TrainingJob job)
    {
        string fingerprint = job.Fingerprint();
        if (_replica is null || _fingerprint != fingerprint)
        {
            Close();
            _replica = ModelReplica.Create(job.Model);
            _fingerprint = fingerprint;
        }
        return _replica;
    }

    private void Close()
    {
        _data?.Dispose();
        _data = null;
        foreach (IDisposable shard in _all) shard.Dispose();
        _all = [];
        _replica = null;
    }

    private int IndexFromKey() => ShardPlacementDirector.IndexOf(this.GetPrimaryKeyString());
}
