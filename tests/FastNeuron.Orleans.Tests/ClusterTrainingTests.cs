namespace FastNeuron.Orleans.Tests;

/// <summary>
/// Issue 16: clusters of 1, 2 and 3 in-process silos train the sharded data to the bits of Network.Train and
/// Neuron.Train on one machine.
/// </summary>
public sealed class ClusterTrainingTests : IDisposable
{
    private readonly ShardedData _networkData = new(Models.NetworkInputs, Models.Classes, 5);
    private readonly ShardedData _neuronData = new(Models.NeuronInputs, 1, 6);

    public void Dispose()
    {
        _networkData.Dispose();
        _neuronData.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ClustersGiveOneMachinesBits(int silos)
    {
        ShardSpec[] networkShards = _networkData.WriteShards<float>("network");
        ShardSpec[] neuronShards = _neuronData.WriteShards<double>("neuron");
        await using var cluster = await Clusters.Start(silos, Path.Combine(_networkData.Folder, "state"));

        TrainingResult network = await DistributedTraining.TrainAsync(cluster.Client,
            Models.Job($"network-{silos}", Models.NetworkSpec<float>(), networkShards, 4), TimeSpan.FromMinutes(1));
        Assert.Equal(4, network.Step);
        Bits.Equal<float>(Models.TrainNetwork<float>(_networkData, 4), network.ParametersAs<float>(), $"network on {silos} silos");
        Assert.Equal(Math.Min(silos, 3), network.ShardSilos.Distinct().Count());

        TrainingResult neuron = await DistributedTraining.TrainAsync(cluster.Client,
            Models.Job($"neuron-{silos}", Models.NeuronSpec<double>(threads: 2), neuronShards, 5), TimeSpan.FromMinutes(1));
        Bits.Equal<double>(Models.TrainNeuron<double>(_neuronData, 5), neuron.ParametersAs<double>(), $"neuron on {silos} silos");
    }
}
