using System.Diagnostics;
using Orleans.Runtime;

namespace FastNeuron.Orleans;

/// <summary>
/// <see cref="IDataParallelTrainerGrain"/>. The result of a step depends only on the data and the weights before it,
/// so a shard whose silo dies is simply asked again (its grain reactivates on a live silo) and the step's fold is the
/// same; the trainer's own state is the stored weights and step, so a new activation after its silo died carries on.
/// </summary>
internal sealed class DataParallelTrainerGrain(
    [PersistentState("trainer", DistributedTraining.StorageName)] IPersistentState<TrainerState> state,
    IGrainFactory grains, ILocalSiloDetails silo) : Grain, IDataParallelTrainerGrain
{
    private int _stepsDone;

    public Task<int> StepsDone() => Task.FromResult(_stepsDone);

    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToString());

    public async Task<TrainingResult> Train(TrainingJob job, int untilStep = 0)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfNegative(job.Iterations);
        ModelReplica model = ModelReplica.Create(job.Model);
        string fingerprint = job.Fingerprint();
        int step = 0;
        if (state.RecordExists && state.State.Step > 0)
        {
            if (state.State.Fingerprint != fingerprint)
            {
                throw new InvalidOperationException(
                    $"Job {job.Name} has stored state from a different job (another model, shards or iterations); give this job a new name, or clear the state.");
            }
            model.SetParameters(state.State.Parameters);
            step = state.State.Step;
        }
        int resumedAfter = _stepsDone = step;
        int[] order = await ShardValidation.Check(job, grains, model.InputCount);
        if (job.MiniBatch is { } fit) return await Fit(job, fit, model, step, fingerprint);
        int stop = untilStep > 0 ? Math.Min(untilStep, job.Iterations) : job.Iterations;
        int recomputations = 0;
        var shardSilos = new string[job.Shards.Length];
        while (step < stop)
        {
            byte[] parameters = model.CopyParameters();
            int next = step + 1;
            var tasks = order.Select(i => ComputeWithRecovery(job, i, next, shard => shard.ComputePartials(job, i, next, parameters))).ToArray();
            var results = await Task.WhenAll(tasks);
            model.FoldAndStep([.. results.Select(r => r.Partials)], next, job.Iterations);
            for (int k = 0; k < order.Length; k++)
            {
                shardSilos[order[k]] = results[k].Partials.Silo;
                recomputations += results[k].Retries;
            }
            if (next % Math.Max(1, job.PersistEvery) == 0 || next == stop)
            {
                state.State = new TrainerState { Fingerprint = fingerprint, Step = next, Parameters = model.CopyParameters() };
                await state.WriteStateAsync();
            }
            step = _stepsDone = next;
        }
        return new TrainingResult
        {
            Step = step, Parameters = model.CopyParameters(), ResumedAfterStep = resumedAfter, Recomputations = recomputations,
            TrainerSilo = silo.SiloAddress.ToString(), ShardSilos = shardSilos,
        };
    }

    /// <summary>
    /// Mini-batches: each epoch's order from the model's stepper, each batch cut into 4,096-row chunks, chunk k of batch
    /// b computed by shard grain (b + k) mod shards from the rows it reads in every shard's file, the chunks' partials
    /// folded in chunk order and Fit's step taken. The weights and the stepper's state are stored after every
    /// <c>PersistEvery</c> epochs: a trainer that dies carries on from the last stored epoch.
    /// </summary>
    private async Task<TrainingResult> Fit(TrainingJob job, FitSpec fit, ModelReplica model, int epochsDone, string fingerprint)
    {
        if (job.TotalRows > int.MaxValue) throw new NotSupportedException($"Mini-batch training across silos takes at most {int.MaxValue:N0} rows; the job has {job.TotalRows:N0}.");
        int rows = (int)job.TotalRows, workers = job.Shards.Length, chunkRows = FastNeuron.Distributed.ChunkGradients.ChunkRows;
        int batch = model.BeginFit(fit, rows);
        if (epochsDone > 0) model.RestoreFit(state.State.MiniBatch);
        int recomputations = 0, batchNumber = 0;
        var silos = new HashSet<string>();
        for (int epoch = epochsDone + 1; epoch <= fit.Epochs; epoch++)
        {
            int[] order = model.NextEpoch();
            for (int first = 0; first < rows; first += batch, batchNumber++)
            {
                int count = Math.Min(batch, rows - first), chunks = (count + chunkRows - 1) / chunkRows;
                byte[] parameters = model.CopyParameters();
                int[][] rowsOf = [.. Enumerable.Range(0, chunks).Select(k => order.AsSpan(first + k * chunkRows, Math.Min(chunkRows, count - k * chunkRows)).ToArray())];
                int[][] chunksOf = [.. Enumerable.Range(0, Math.Min(workers, chunks)).Select(w => Enumerable.Range(0, chunks).Where(k => (batchNumber + k) % workers == (batchNumber + w) % workers).ToArray())];
                int step = batchNumber + 1;
                var results = await Task.WhenAll(chunksOf.Select(ks => ComputeWithRecovery(job, (batchNumber + ks[0]) % workers, step,
                    shard => shard.ComputeRowPartials(job, step, [.. ks.Select(k => rowsOf[k])], parameters))));
                int bytesPerChunk = results[0].Partials.Values.Length / results[0].Partials.Chunks;
                var inOrder = new byte[chunks * bytesPerChunk];
                for (int w = 0; w < chunksOf.Length; w++)
                {
                    for (int j = 0; j < chunksOf[w].Length; j++)
                    {
                        results[w].Partials.Values.AsSpan(j * bytesPerChunk, bytesPerChunk).CopyTo(inOrder.AsSpan(chunksOf[w][j] * bytesPerChunk));
                    }
                    recomputations += results[w].Retries;
                    silos.Add(results[w].Partials.Silo);
                }
                model.FoldAndFitStep([new ChunkPartials { Step = step, Chunks = chunks, Values = inOrder }], count);
            }
            if (epoch % Math.Max(1, job.PersistEvery) == 0 || epoch == fit.Epochs)
            {
                state.State = new TrainerState { Fingerprint = fingerprint, Step = epoch, Parameters = model.CopyParameters(), MiniBatch = model.SaveFit() };
                await state.WriteStateAsync();
            }
            _stepsDone = epoch;
        }
        return new TrainingResult
        {
            Step = fit.Epochs, Parameters = model.CopyParameters(), ResumedAfterStep = epochsDone, Recomputations = recomputations,
            TrainerSilo = silo.SiloAddress.ToString(), ShardSilos = [.. silos.Order()],
        };
    }

    /// <summary>
    /// Shard <paramref name="index"/>'s partials for step <paramref name="step"/>, asking again while its silo is
    /// failing (the grain reactivates elsewhere once the cluster declares the silo dead), until the job's recovery
    /// timeout; a data error is not retried.
    /// </summary>
    private async Task<(ChunkPartials Partials, int Retries)> ComputeWithRecovery(TrainingJob job, int index, int step, Func<IShardGrain, Task<ChunkPartials>> call)
    {
        var clock = Stopwatch.StartNew();
        int retries = 0;
        while (true)
        {
            try
            {
                ChunkPartials partials = await call(grains.GetGrain<IShardGrain>(job.ShardKey(index)));
                return (partials, retries);
            }
            catch (Exception e) when (e is not ShardDataException && DistributedTraining.IsSiloFailure(e))
            {
                if (clock.Elapsed > job.ShardRecoveryTimeout)
                {
                    throw new ShardUnreachableException(
                        $"Shard {index} ({job.Shards[index]}) could not be reached on any silo for {clock.Elapsed.TotalSeconds:0.#} s " +
                        $"(ShardRecoveryTimeout {job.ShardRecoveryTimeout.TotalSeconds:0.#} s): training stopped after step {step - 1}, which is stored. Last error: {e.Message}", e);
                }
                retries++;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * retries)));
            }
        }
    }
}
