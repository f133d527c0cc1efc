using System.Numerics;
using FastNeuron.Distributed;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 16, the core's half: chunk partials computed shard by shard on replicas that only received the broadcast
/// weights, folded in global chunk order and applied by the trainer, give Train's bits for networks and neurons, in
/// float32 and float64, on one and two threads.
/// </summary>
[Collection(ChunkWorkersAlone.Name)]
public class DistributedPrimitivesTests
{
    // Three full chunks and a short one, cut into shards of 2, 1 and 1 chunks: shard boundaries on chunk boundaries.
    private const int Rows = 3 * ChunkGradients.ChunkRows + 1_000;
    private static readonly int[] ShardStarts = [0, 2 * ChunkGradients.ChunkRows, 3 * ChunkGradients.ChunkRows, Rows];

    private static (T[] X, T[] Y) Data<T>(int rows, int inputs, int outputs, int seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var x = new T[rows * inputs];
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateChecked(random.NextDouble() * 4 - 2);
        var y = new T[rows * outputs];
        for (int i = 0; i < rows; i++) y[i * outputs + (int)(double.CreateChecked(x[i * inputs] + x[i * inputs + 1] + T.CreateChecked(4)) * outputs / 8.0001)] = T.One;
        return (x, y);
    }

    private static Network<T> NewNetwork<T>(int threads, bool useBias)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => new([6, 11, 3], [Activation.Tanh, Activation.Sigmoid], seed: 7, useBias: useBias, learningRate: 2e-4) { Threads = threads };

    /// <summary>Steps of the distributed full batch: broadcast, per-shard partials on replicas, the ordered fold, the trainer's update.</summary>
    private static void TrainByShards<T>(Network<T> trainer, Func<Network<T>> replica, T[] x, T[] y, int iterations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int inputs = trainer.InputCount, outputs = trainer.OutputCount, count = trainer.ParameterCount;
        Network<T>[] shards = [.. Enumerable.Range(0, ShardStarts.Length - 1).Select(_ => replica())];
        var broadcast = new T[count];
        var gradient = new T[count];
        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            trainer.CopyParameters(broadcast);
            for (int s = 0; s < shards.Length; s++)
            {
                int first = ShardStarts[s], rows = ShardStarts[s + 1] - first;
                shards[s].SetParameters(broadcast);
                var partials = new T[ChunkGradients.ChunkCount(rows) * count];
                int chunks = shards[s].ComputeChunkGradients(x.AsSpan(first * inputs, rows * inputs), y.AsSpan(first * outputs, rows * outputs), partials);
                if (s == 0) ChunkGradients.Fold<T>(partials, chunks, gradient);
                else ChunkGradients.FoldMore<T>(partials, chunks, gradient);
            }
            trainer.ApplyGradient(gradient, iteration, iterations);
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    public void NetworkShardsFoldedInChunkOrderGiveTrainsBitsFloat32(int threads, bool useBias) => NetworkShardsGiveTrainsBits<float>(threads, useBias);

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    public void NetworkShardsFoldedInChunkOrderGiveTrainsBitsFloat64(int threads, bool useBias) => NetworkShardsGiveTrainsBits<double>(threads, useBias);

    private static void NetworkShardsGiveTrainsBits<T>(int threads, bool useBias)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (T[] x, T[] y) = Data<T>(Rows, 6, 3, 5);
        Network<T> expected = NewNetwork<T>(threads, useBias);
        expected.Train(x, y, 3);
        Network<T> trainer = NewNetwork<T>(threads, useBias);
        // The replicas start from another seed: everything they know of the weights comes from the broadcast.
        TrainByShards(trainer, () => new Network<T>([6, 11, 3], [Activation.Tanh, Activation.Sigmoid], seed: 99, useBias: useBias) { Threads = threads }, x, y, 3);
        for (int l = 0; l < 2; l++)
        {
            TestData.AssertBitwiseEqual<T>(expected.Weights(l), trainer.Weights(l), $"layer {l}'s weights, {threads} threads");
            TestData.AssertBitwiseEqual<T>(expected.Biases(l), trainer.Biases(l), $"layer {l}'s biases, {threads} threads");
        }
        Assert.NotEqual(NewNetwork<T>(1, useBias).Weights(0), trainer.Weights(0));
    }

    [Theory]
    [InlineData(Backend.Vector, 1)]
    [InlineData(Backend.Vector, 2)]
    [InlineData(Backend.Scalar, 1)]
    public void NeuronShardsFoldedInChunkOrderGiveTrainsBits(Backend backend, int threads)
    {
        NeuronShardsGiveTrainsBits<float>(backend, threads);
        NeuronShardsGiveTrainsBits<double>(backend, threads);
    }

    private static void NeuronShardsGiveTrainsBits<T>(Backend backend, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // 70 columns: 70 · 13,288 values is above the fused runner's parallel threshold, so two threads split chunks.
        const int columns = 70;
        (T[] x, T[] yOneHot) = Data<T>(Rows, columns, 2, 3);
        T[] y = [.. Enumerable.Range(0, Rows).Select(i => yOneHot[2 * i])];
        var options = new NeuronOptions { Backend = backend, LearningRate = 1e-4, UseBias = true, Threads = threads };
        var expected = new Neuron<T>(columns, 4, options);
        expected.Train(x, y, 3);
        var trainer = new Neuron<T>(columns, 4, options);
        Neuron<T>[] shards = [.. Enumerable.Range(0, ShardStarts.Length - 1).Select(_ => new Neuron<T>(columns, 50, options))];
        var broadcast = new T[trainer.ParameterCount];
        var gradient = new T[trainer.ParameterCount];
        for (int iteration = 1; iteration <= 3; iteration++)
        {
            trainer.CopyParameters(broadcast);
            for (int s = 0; s < shards.Length; s++)
            {
                int first = ShardStarts[s], rows = ShardStarts[s + 1] - first;
                shards[s].SetParameters(broadcast);
                var partials = new T[ChunkGradients.ChunkCount(rows) * trainer.ParameterCount];
                int chunks = shards[s].ComputeChunkGradients(x.AsSpan(first * columns, rows * columns), y.AsSpan(first, rows), partials);
                if (s == 0) ChunkGradients.Fold<T>(partials, chunks, gradient);
                else ChunkGradients.FoldMore<T>(partials, chunks, gradient);
            }
            trainer.ApplyGradient(gradient, iteration, 3);
        }
        TestData.AssertBitwiseEqual(expected.Weights, trainer.Weights, $"{typeof(T).Name} {backend}, {threads} threads");
        Assert.Equal(TestData.Hex(expected.Bias), TestData.Hex(trainer.Bias));
    }

    [Fact]
    public void TheSeedsFourRowsAsOneShardGiveTheSeedsBits()
    {
        // Four rows fit one register: Train takes the in-register path, the shard the fused chunk; the bits agree.
        float[] x = [0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1];
        float[] y = [0, 1, 1, 0];
        var expected = new Neuron<float>(3);
        expected.Train(x, y, 500);
        var trainer = new Neuron<float>(3);
        var shard = new Neuron<float>(3, 2);
        var parameters = new float[4];
        var partial = new float[4];
        var gradient = new float[4];
        for (int iteration = 1; iteration <= 500; iteration++)
        {
            trainer.CopyParameters(parameters);
            shard.SetParameters(parameters);
            ChunkGradients.Fold<float>(partial, shard.ComputeChunkGradients(x, y, partial), gradient);
            trainer.ApplyGradient(gradient, iteration, 500);
        }
        TestData.AssertBitwiseEqual(expected.Weights, trainer.Weights, "the seed");
    }

    [Fact]
    public void ADivergingStepKeepsTheWeightsBeforeIt()
    {
        var network = new Network<float>([2, 2], [Activation.Linear]);
        float[] before = network.Weights(0);
        var gradient = new float[network.ParameterCount];
        gradient[1] = float.MaxValue;
        network.ApplyGradient(gradient, 1, 3);
        float[] afterOne = network.Weights(0);
        var error = Assert.Throws<TrainingDivergedException>(() => network.ApplyGradient(gradient, 2, 3));
        Assert.Contains("iteration 2 of 3", error.Message);
        Assert.Contains("layer 0's weight 1", error.Message);
        Assert.Equal(afterOne, network.Weights(0));
        Assert.NotEqual(before, afterOne);

        var neuron = new Neuron<float>(2);
        float[] neuronBefore = neuron.Weights.ToArray();
        var error2 = Assert.Throws<TrainingDivergedException>(() => neuron.ApplyGradient([float.PositiveInfinity, 0, 0], 1, 1));
        Assert.Contains("weight 0", error2.Message);
        Assert.Equal(neuronBefore, neuron.Weights.ToArray());
    }

    [Fact]
    public void WrongLengthsFailNamingTheArgument()
    {
        var network = new Network<double>([3, 4, 2], [Activation.Sigmoid, Activation.Sigmoid], useBias: true);
        Assert.Equal(3 * 4 + 4 + 4 * 2 + 2, network.ParameterCount);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => network.SetParameters(new double[5])).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => network.ApplyGradient(new double[5], 1, 1)).ParamName);
        Assert.Equal("partials", Assert.Throws<ArgumentException>(() => network.ComputeChunkGradients(new double[3 * 5000], new double[2 * 5000], new double[network.ParameterCount])).ParamName);
        var nan = new double[network.ParameterCount];
        nan[7] = double.NaN;
        Assert.Contains("parameters[7]", Assert.Throws<ArgumentException>(() => network.SetParameters(nan)).Message);
    }

    [Fact]
    public void ParametersRoundTripThroughTheCompactLayout()
    {
        var network = new Network<float>([5, 20, 3], [Activation.Relu, Activation.Linear], seed: 3, useBias: true);
        var parameters = new float[network.ParameterCount];
        network.CopyParameters(parameters);
        Assert.Equal(network.Weights(0), parameters[..100]);
        Assert.Equal(network.Weights(1), parameters[120..180]);
        for (int i = 0; i < parameters.Length; i++) parameters[i] = i;
        var other = new Network<float>([5, 20, 3], [Activation.Relu, Activation.Linear], seed: 4, useBias: true);
        other.SetParameters(parameters);
        var back = new float[parameters.Length];
        other.CopyParameters(back);
        Assert.Equal(parameters, back);
        Assert.Equal(parameters[100..120], other.Biases(0));
    }

    [Fact]
    public void ChunkGradientsOfAWarmReplicaAllocateNothingBeyondTrainsStep()
    {
        (float[] x, float[] y) = Data<float>(2 * ChunkGradients.ChunkRows, 6, 3, 1);
        Network<float> replica = NewNetwork<float>(1, true);
        var partials = new float[2 * replica.ParameterCount];
        for (int i = 0; i < 2; i++)
        {
            replica.ComputeChunkGradients(x, y, partials);
            replica.ComputeGradients(x, y, x.Length / 6);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        replica.ComputeGradients(x, y, x.Length / 6);
        long train = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        replica.ComputeChunkGradients(x, y, partials);
        // No more than Train's own step on the same rows (which allocates 24 bytes for a batch of several chunks).
        long network = GC.GetAllocatedBytesForCurrentThread() - before - train;
        var neuron = new Neuron<float>(6, 1, new NeuronOptions { Threads = 1 });
        var neuronPartials = new float[2 * neuron.ParameterCount];
        float[] targets = [.. Enumerable.Range(0, 2 * ChunkGradients.ChunkRows).Select(i => y[3 * i])];
        neuron.ComputeChunkGradients(x, targets, neuronPartials);
        neuron.ComputeChunkGradients(x, targets, neuronPartials);
        before = GC.GetAllocatedBytesForCurrentThread();
        neuron.ComputeChunkGradients(x, targets, neuronPartials);
        Assert.Equal((0L, 0L), (network, GC.GetAllocatedBytesForCurrentThread() - before));
    }
}
