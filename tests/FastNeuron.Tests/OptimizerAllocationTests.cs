namespace FastNeuron.Tests;

/// <summary>
/// Fit allocates the optimizer state the optimizer reads and no more: SGD none, momentum one array per layer's
/// weights and biases, Adam two. Before, every optimizer allocated two (on 784-256-128-10 an SGD epoch's Fit call
/// allocated 4.9 MB, 2.9 MB after), and the SGD and momentum calls allocated the same.
/// </summary>
public class OptimizerAllocationTests
{
    [Fact]
    public void EachOptimizerAllocatesOnlyTheStateItReads()
    {
        var network = new Network<float>([64, 32, 10], [Activation.Relu, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true);
        var random = new Random(5);
        float[] x = Enumerable.Range(0, 96 * 64).Select(_ => (float)random.NextDouble()).ToArray();
        float[] y = network.OneHot(Enumerable.Range(0, 96).Select(i => i % 10).ToArray());
        long Call(Optimizer optimizer)
        {
            var options = new FitOptions { Epochs = 1, BatchSize = 32, Optimizer = optimizer, PublishEveryEpoch = false };
            network.Fit(x, y, options);
            long least = long.MaxValue;
            for (int i = 0; i < 3; i++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                network.Fit(x, y, options);
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return least;
        }
        long sgd = Call(Optimizer.Sgd), momentum = Call(Optimizer.Momentum), adam = Call(Optimizer.Adam);
        // One state copy: an array per layer's padded weights and biases (the outer arrays exist for every optimizer).
        long oneCopy = 0;
        foreach (int length in new[] { 64 * 32, 32 * 16, 32, 16 }) oneCopy += ArrayBytes(length * sizeof(float));
        Assert.Equal(oneCopy, momentum - sgd);
        Assert.Equal(oneCopy, adam - momentum);
    }

    /// <summary>An array's bytes on the heap: 24 bytes of header and length, then the data, rounded up to 8.</summary>
    private static long ArrayBytes(long dataBytes) => (24 + dataBytes + 7) / 8 * 8;
}
