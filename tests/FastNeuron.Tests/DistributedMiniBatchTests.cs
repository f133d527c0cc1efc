using System.Numerics;
using FastNeuron.Distributed;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 16, mini-batches: Fit's batches computed chunk by chunk on a replica that only saw the broadcast (each chunk's
/// rows gathered in the epoch's order), folded in chunk order and stepped by MiniBatchStepper, give Fit's bits.
/// </summary>
[Collection(ChunkWorkersAlone.Name)]
public class DistributedMiniBatchTests
{
    private const int Rows = 9_000, Inputs = 5, Outputs = 3;

    private static Network<T> NewNetwork<T>(uint seed, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => new([Inputs, 9, Outputs], [Activation.Relu, Activation.Softmax], seed, useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true) { Threads = threads };

    [Theory]
    [InlineData(32, Optimizer.Adam, 1)]
    [InlineData(5_000, Optimizer.Adam, 2)]
    [InlineData(9_000, Optimizer.Momentum, 2)]
    [InlineData(0, Optimizer.Rprop, 1)]
    public void BatchChunksFoldedInOrderGiveFitsBits(int batchSize, Optimizer optimizer, int threads)
    {
        BatchChunksGiveFitsBits<float>(batchSize, optimizer, threads);
        BatchChunksGiveFitsBits<double>(batchSize, optimizer, threads);
    }

    private static void BatchChunksGiveFitsBits<T>(int batchSize, Optimizer optimizer, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(3);
        T[] x = [.. Enumerable.Range(0, Rows * Inputs).Select(_ => T.CreateChecked(random.NextDouble() * 2 - 1))];
        var labels = Enumerable.Range(0, Rows).Select(r => double.CreateChecked(x[r * Inputs] + x[r * Inputs + 1]) > 0 ? 1 : (double.CreateChecked(x[r * Inputs + 2]) > 0.3 ? 2 : 0)).ToArray();
        var options = new FitOptions { Epochs = 2, BatchSize = batchSize, Optimizer = optimizer, LearningRate = 0.01, Seed = 4 };

        Network<T> expected = NewNetwork<T>(2, threads);
        T[] y = expected.OneHot(labels);
        expected.Fit(x, y, options);

        Network<T> trainer = NewNetwork<T>(2, threads), replica = NewNetwork<T>(77, threads);
        MiniBatchStepper<T> stepper = trainer.CreateMiniBatchStepper(Rows, options);
        for (int epoch = 0; epoch < options.Epochs; epoch++) RunEpoch(trainer, replica, stepper, x, y);
        for (int l = 0; l < 2; l++)
        {
            TestData.AssertBitwiseEqual<T>(expected.Weights(l), trainer.Weights(l), $"layer {l}, batch {batchSize}, {optimizer}, {typeof(T).Name}");
            TestData.AssertBitwiseEqual<T>(expected.Biases(l), trainer.Biases(l), $"layer {l}'s biases, batch {batchSize}, {optimizer}, {typeof(T).Name}");
        }
        Assert.Throws<InvalidOperationException>(() => stepper.NextEpoch());
    }

    [Theory]
    [InlineData(Optimizer.Adam)]
    [InlineData(Optimizer.Rprop)]
    public void AStepperRestoredBetweenEpochsCarriesOnWithFitsBits(Optimizer optimizer)
    {
        var random = new Random(5);
        float[] x = [.. Enumerable.Range(0, Rows * Inputs).Select(_ => (float)(random.NextDouble() * 2 - 1))];
        var labels = Enumerable.Range(0, Rows).Select(r => x[r * Inputs] > 0 ? 1 : (x[r * Inputs + 1] > 0 ? 2 : 0)).ToArray();
        var options = new FitOptions { Epochs = 3, BatchSize = 5_000, Optimizer = optimizer, LearningRate = 0.01, Seed = 6 };
        Network<float> expected = NewNetwork<float>(2, 1);
        float[] y = expected.OneHot(labels);
        expected.Fit(x, y, options);

        Network<float> first = NewNetwork<float>(2, 1), replica = NewNetwork<float>(77, 1);
        MiniBatchStepper<float> stepper = first.CreateMiniBatchStepper(Rows, options);
        stepper.NextEpoch();
        Assert.Throws<InvalidOperationException>(() => stepper.SaveState());
        stepper = first.CreateMiniBatchStepper(Rows, options);
        RunEpoch(first, replica, stepper, x, y);
        byte[] state = stepper.SaveState();
        var parameters = new float[first.ParameterCount];
        first.CopyParameters(parameters);

        // Another network and stepper, as a trainer on another silo would build them, from the saved state.
        Network<float> second = NewNetwork<float>(31, 1);
        second.SetParameters(parameters);
        MiniBatchStepper<float> resumed = second.CreateMiniBatchStepper(Rows, options);
        Assert.Equal("state", Assert.Throws<ArgumentException>(() => resumed.RestoreState(state.AsSpan(1))).ParamName);
        resumed.RestoreState(state);
        Assert.Equal(1, resumed.Epoch);
        RunEpoch(second, replica, resumed, x, y);
        RunEpoch(second, replica, resumed, x, y);
        for (int l = 0; l < 2; l++) TestData.AssertBitwiseEqual<float>(expected.Weights(l), second.Weights(l), $"layer {l} after a restore, {optimizer}");
    }

    /// <summary>One epoch: each batch's chunks gathered in the epoch's order, computed on the replica, folded, stepped.</summary>
    private static void RunEpoch<T>(Network<T> trainer, Network<T> replica, MiniBatchStepper<T> stepper, T[] x, T[] y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int count = trainer.ParameterCount;
        var parameters = new T[count];
        var partial = new T[count];
        var sum = new T[count];
        var chunkX = new T[ChunkGradients.ChunkRows * Inputs];
        var chunkY = new T[ChunkGradients.ChunkRows * Outputs];
        int[] order = stepper.NextEpoch().ToArray();
        for (int first = 0; first < Rows; first += stepper.BatchSize)
        {
            int batchRows = Math.Min(stepper.BatchSize, Rows - first);
            trainer.CopyParameters(parameters);
            replica.SetParameters(parameters);
            for (int c = 0; c * ChunkGradients.ChunkRows < batchRows; c++)
            {
                int rows = Math.Min(ChunkGradients.ChunkRows, batchRows - c * ChunkGradients.ChunkRows);
                for (int r = 0; r < rows; r++)
                {
                    int row = order[first + c * ChunkGradients.ChunkRows + r];
                    x.AsSpan(row * Inputs, Inputs).CopyTo(chunkX.AsSpan(r * Inputs));
                    y.AsSpan(row * Outputs, Outputs).CopyTo(chunkY.AsSpan(r * Outputs));
                }
                replica.ComputeChunkGradients(chunkX.AsSpan(0, rows * Inputs), chunkY.AsSpan(0, rows * Outputs), partial);
                if (c == 0) ChunkGradients.Fold<T>(partial, 1, sum);
                else ChunkGradients.FoldMore<T>(partial, 1, sum);
            }
            stepper.Step(sum, batchRows);
        }
    }
}
