namespace FastNeuron.Orleans.Tests;

/// <summary>
/// Issue 16, mini-batches: clusters of 1, 2 and 3 silos run Fit's batches (rows fixed by the seed's shuffle, batches
/// over 4,096 rows cut into chunks spread over the shard grains) to the bits of Network.Fit on one machine.
/// </summary>
public sealed class MiniBatchClusterTests : IDisposable
{
    private readonly ShardedData _data = new(Models.NetworkInputs, Models.Classes, 11);

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ClustersGiveFitsBits(int silos)
    {
        ShardSpec[] shards = _data.WriteShards<float>("fit");
        await using var cluster = await Clusters.Start(silos, Path.Combine(_data.Folder, "state"));
        foreach (FitOptions options in new[]
        {
            new FitOptions { Epochs = 2, BatchSize = 9_000, Optimizer = Optimizer.Adam, LearningRate = 0.01, Seed = 3 },   // three chunks, then 4,288 rows: two
            new FitOptions { Epochs = 1, BatchSize = 700, Optimizer = Optimizer.Momentum, LearningRate = 0.05, Seed = 5 },
        })
        {
            var network = new Network<float>([Models.NetworkInputs, 11, Models.Classes], [Activation.Tanh, Activation.Sigmoid], seed: 7, useBias: true) { Threads = 2 };
            network.Fit(_data.Inputs<float>(), _data.OneHot<float>(Models.Classes), options);
            var expected = new float[network.ParameterCount];
            network.CopyParameters(expected);

            var job = new TrainingJob
            {
                Name = $"fit-{silos}-{options.BatchSize}", Model = Models.NetworkSpec<float>(), Shards = shards, TotalRows = ShardedData.Rows, Iterations = 0,
                MiniBatch = FitSpec.From(options),
            };
            TrainingResult result = await DistributedTraining.TrainAsync(cluster.Client, job, TimeSpan.FromMinutes(1));
            Assert.Equal(options.Epochs, result.Step);
            Bits.Equal<float>(expected, result.ParametersAs<float>(), $"Fit, batch {options.BatchSize}, on {silos} silos");
            if (options.BatchSize == 9_000) Assert.Equal(Math.Min(silos, 3), result.ShardSilos.Length);
        }
    }

    [Fact]
    public async Task ANeuronJobWithMiniBatchesFailsClearly()
    {
        ShardedData neuronData = new(Models.NeuronInputs, 1, 12);
        try
        {
            await using var cluster = await Clusters.Start(1, Path.Combine(neuronData.Folder, "state"));
            var job = new TrainingJob
            {
                Name = "neuron-fit", Model = Models.NeuronSpec<double>(), Shards = neuronData.WriteShards<double>("n"), TotalRows = ShardedData.Rows, Iterations = 0,
                MiniBatch = new FitSpec { Epochs = 1, BatchSize = 100 },
            };
            var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.Client.GetGrain<IDataParallelTrainerGrain>(job.Name).Train(job));
            Assert.Contains("for networks", error.Message);
        }
        finally
        {
            neuronData.Dispose();
        }
    }
}
