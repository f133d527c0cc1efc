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

    public Task<ShardInfo> Describe(ShardSpec spec)
    {
        int index = IndexFromKey();
        using MatrixFile file = ShardFiles.Open(index, spec);
        return Task.FromResult(new ShardInfo { Rows = file.Rows, Columns = file.Columns, ElementSize = file.ElementSize, Silo = silo.SiloAddress.ToString() });
    }

    public async Task<ChunkPartials> ComputePartials(TrainingJob job, int index, int step, byte[] parameters)
    {
        string fingerprint = job.Fingerprint();
        if (_replica is null || _fingerprint != fingerprint)
        {
            _data?.Dispose();
            _data = null;
            _replica = ModelReplica.Create(job.Model);
            _data = _replica.OpenShard(index, job.Shards[index]);
            _fingerprint = fingerprint;
        }
        ModelReplica replica = _replica;
        IDisposable data = _data!;
        // Off the grain scheduler's thread: a shard's chunks can take a while, and use the process's worker threads.
        (int chunks, byte[] values) = await Task.Run(() =>
        {
            replica.SetParameters(parameters);
            return replica.ComputePartials(data);
        });
        return new ChunkPartials { Step = step, Chunks = chunks, Values = values, Silo = silo.SiloAddress.ToString() };
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _data?.Dispose();
        _data = null;
        _replica = null;
        return Task.CompletedTask;
    }

    private int IndexFromKey() => ShardPlacementDirector.IndexOf(this.GetPrimaryKeyString());
}
