using Orleans.TestingHost;

namespace FastNeuron.Orleans.Tests;

/// <summary>
/// Issue 16's faults: a silo stopped or killed while the cluster trains, and the trainer's own silo killed, still
/// give one machine's bits; the step is recomputed, or resumed from the stored state.
/// </summary>
public sealed class SiloFailureTests : IDisposable
{
    private const int Iterations = 60;
    private readonly ShardedData _data = new(Models.NetworkInputs, Models.Classes, 8);

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AShardsSiloLostDuringTrainingStillGivesOneMachinesBits(bool kill)
    {
        ShardSpec[] shards = _data.WriteShards<float>("shards");
        await using InProcessTestCluster cluster = await Clusters.Start(3, Path.Combine(_data.Folder, "state"));
        TrainingJob job = Models.Job($"lose-a-shard-{kill}", Models.NetworkSpec<float>(), shards, Iterations);
        var trainer = cluster.Client.GetGrain<IDataParallelTrainerGrain>(job.Name);
        string trainerSilo = await trainer.Silo();
        // Neither the trainer's silo nor the client's gateway (the first silo): one that holds a shard (shard i is on the i-th silo).
        InProcessSiloHandle victim = cluster.Silos.Skip(1).First(s => s.SiloAddress.ToString() != trainerSilo);

        Task<TrainingResult> training;
        if (kill)
        {
            // After two steps, the victim's shard holds the next step open; the silo dies in the middle of it.
            training = trainer.Train(job);
            await WaitForSteps(trainer, 2, training);
            await StallOnSilo.Arm(job.Name, victim.SiloAddress.ToString());
            int during = await trainer.StepsDone() + 1;
            Assert.InRange(during, 3, Iterations);
            await cluster.KillSiloAsync(victim);
        }
        else
        {
            training = trainer.Train(job);
            await WaitForSteps(trainer, 3, training);
            await cluster.StopSiloAsync(victim);
        }
        TrainingResult result = await training;

        Assert.Equal(Iterations, result.Step);
        Bits.Equal<float>(Models.TrainNetwork<float>(_data, Iterations), result.ParametersAs<float>(), kill ? "a shard's silo killed" : "a shard's silo stopped");
        Assert.DoesNotContain(victim.SiloAddress.ToString(), result.ShardSilos);
        if (kill) Assert.True(result.Recomputations > 0, "the killed silo's shard was never asked again");
    }

    [Fact]
    public async Task TheTrainersSiloKilledResumesFromStorageWithTheSameBits()
    {
        ShardSpec[] shards = _data.WriteShards<float>("resume");
        await using InProcessTestCluster cluster = await Clusters.Start(3, Path.Combine(_data.Folder, "state"));
        TrainingResult result = await KillTheTrainerAndResume(cluster, name => Models.Job(name, Models.NetworkSpec<float>(), shards, Iterations), 5);
        Assert.InRange(result.ResumedAfterStep, 5, Iterations - 1);
        Assert.Equal(Iterations, result.Step);
        Bits.Equal<float>(Models.TrainNetwork<float>(_data, Iterations), result.ParametersAs<float>(), "resumed after the trainer's silo died");
    }

    [Fact]
    public async Task TheTrainersSiloKilledDuringMiniBatchesResumesWithFitsBits()
    {
        ShardSpec[] shards = _data.WriteShards<float>("resume-fit");
        await using InProcessTestCluster cluster = await Clusters.Start(3, Path.Combine(_data.Folder, "state"));
        var options = new FitOptions { Epochs = 8, BatchSize = 5_000, Optimizer = Optimizer.Adam, LearningRate = 0.01, Seed = 9 };
        TrainingResult result = await KillTheTrainerAndResume(cluster, name => new TrainingJob
        {
            Name = name, Model = Models.NetworkSpec<float>(), Shards = shards, TotalRows = ShardedData.Rows, Iterations = 0, MiniBatch = FitSpec.From(options),
        }, 2);
        Assert.InRange(result.ResumedAfterStep, 2, options.Epochs - 1);
        var network = new Network<float>([Models.NetworkInputs, 11, Models.Classes], [Activation.Tanh, Activation.Sigmoid], seed: 7, useBias: true) { Threads = 2 };
        network.Fit(_data.Inputs<float>(), _data.OneHot<float>(Models.Classes), options);
        var expected = new float[network.ParameterCount];
        network.CopyParameters(expected);
        Bits.Equal<float>(expected, result.ParametersAs<float>(), "Fit resumed after the trainer's silo died");
    }

    /// <summary>
    /// Starts a job whose trainer is not on the client's gateway silo, kills the trainer's silo once
    /// <paramref name="steps"/> steps are done, and runs the job again to the end.
    /// </summary>
    private static async Task<TrainingResult> KillTheTrainerAndResume(InProcessTestCluster cluster, Func<string, TrainingJob> jobNamed, int steps)
    {
        string gateway = cluster.Silos[0].SiloAddress.ToString();
        TrainingJob job;
        IDataParallelTrainerGrain trainer;
        int attempt = 0;
        do
        {
            job = jobNamed($"resume-{attempt++}");
            trainer = cluster.Client.GetGrain<IDataParallelTrainerGrain>(job.Name);
        }
        while (await trainer.Silo() == gateway);
        string trainerSilo = await trainer.Silo();

        Task<TrainingResult> first = trainer.Train(job);
        await WaitForSteps(trainer, steps, first);
        await cluster.KillSiloAsync(cluster.Silos.First(s => s.SiloAddress.ToString() == trainerSilo));
        // The call in flight is lost with its silo (the client learns it only at its response timeout): train again.
        _ = first.ContinueWith(t => t.Exception, TaskScheduler.Default);
        TrainingResult result = await DistributedTraining.TrainAsync(cluster.Client, job, TimeSpan.FromMinutes(1));
        Assert.NotEqual(trainerSilo, result.TrainerSilo);
        return result;
    }

    [Fact]
    public async Task AShardsSiloKilledDuringAMiniBatchStillGivesFitsBits()
    {
        ShardSpec[] shards = _data.WriteShards<float>("fit-kill");
        await using InProcessTestCluster cluster = await Clusters.Start(3, Path.Combine(_data.Folder, "state"));
        var options = new FitOptions { Epochs = 4, BatchSize = 9_000, Optimizer = Optimizer.Adam, LearningRate = 0.01, Seed = 8 };
        var job = new TrainingJob
        {
            Name = "fit-kill", Model = Models.NetworkSpec<float>(), Shards = shards, TotalRows = ShardedData.Rows, Iterations = 0, MiniBatch = FitSpec.From(options),
        };
        var trainer = cluster.Client.GetGrain<IDataParallelTrainerGrain>(job.Name);
        string trainerSilo = await trainer.Silo();
        InProcessSiloHandle victim = cluster.Silos.Skip(1).First(s => s.SiloAddress.ToString() != trainerSilo);

        Task<TrainingResult> training = trainer.Train(job);
        await WaitForSteps(trainer, 1, training);
        // Every batch of three chunks uses all three shard grains: the victim's holds the next batch open, and dies.
        await StallOnSilo.Arm(job.Name, victim.SiloAddress.ToString());
        await cluster.KillSiloAsync(victim);
        TrainingResult result = await training;

        var network = new Network<float>([Models.NetworkInputs, 11, Models.Classes], [Activation.Tanh, Activation.Sigmoid], seed: 7, useBias: true) { Threads = 2 };
        network.Fit(_data.Inputs<float>(), _data.OneHot<float>(Models.Classes), options);
        var expected = new float[network.ParameterCount];
        network.CopyParameters(expected);
        Bits.Equal<float>(expected, result.ParametersAs<float>(), "Fit with a shard's silo killed mid-batch");
        Assert.True(result.Recomputations > 0, "the killed silo's batch chunk was never asked again");
    }

    [Fact]
    public async Task AShardNoSiloCanAnswerForStopsTrainingNamingIt()
    {
        ShardSpec[] shards = _data.WriteShards<float>("unreachable");
        await using InProcessTestCluster cluster = await Clusters.Start(2, Path.Combine(_data.Folder, "state"));
        var job = new TrainingJob
        {
            Name = "unreachable", Model = Models.NetworkSpec<float>(), Shards = shards, TotalRows = ShardedData.Rows, Iterations = Iterations, ShardRecoveryTimeout = TimeSpan.FromSeconds(2),
        };
        var trainer = cluster.Client.GetGrain<IDataParallelTrainerGrain>(job.Name);
        ShardUnreachableException error;
        using (StallOnSilo.HangEverywhere(job.Name, 1))
        {
            error = await Assert.ThrowsAsync<ShardUnreachableException>(() => trainer.Train(job));
        }
        Assert.Contains("Shard 1", error.Message);
        Assert.Contains(shards[1].Path, error.Message);
        Assert.Contains("training stopped after step 0", error.Message);
        Assert.Equal(0, await trainer.StepsDone());
    }

    private static async Task WaitForSteps(IDataParallelTrainerGrain trainer, int steps, Task training)
    {
        while (await trainer.StepsDone() < steps)
        {
            Assert.False(training.IsCompleted, $"training ended before step {steps}: {training.Exception?.InnerException?.Message}");
            await Task.Delay(5);
        }
    }
}
