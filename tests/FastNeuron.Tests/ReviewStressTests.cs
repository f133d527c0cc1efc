namespace FastNeuron.Tests;

/// <summary>Review experiment: Thinks on several threads while Fit splits its batches; with PublishEveryEpoch off every Think must give the pre-Fit bits.</summary>
[Collection(ChunkWorkersAlone.Name)]
public sealed class ReviewStressTests
{
    [Fact]
    public void ConcurrentThinksDuringASplittingFitSeeOnlyThePreFitVersion()
    {
        int[] sizes = [200, 96, 48, 10];
        var network = new Network<float>(sizes, [Activation.Relu, Activation.Tanh, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true) { Threads = 2 };
        var random = new Random(2);
        float[] x = Enumerable.Range(0, 640 * 200).Select(_ => (float)random.NextDouble()).ToArray();
        float[] y = network.OneHot(Enumerable.Range(0, 640).Select(i => i % 10).ToArray());
        float[] probe = x.AsSpan(0, 1000 * 200 > x.Length ? 600 * 200 : 1000 * 200).ToArray();
        int rows = probe.Length / 200;
        var reference = new float[rows * 10];
        network.Think(probe, reference);
        int mismatches = 0, thinks = 0;
        bool done = false;
        var readers = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            var output = new float[rows * 10];
            while (!Volatile.Read(ref done))
            {
                network.Think(probe, output);
                Interlocked.Increment(ref thinks);
                Thread.Sleep(1);
                if (!output.AsSpan().SequenceEqual(reference)) Interlocked.Increment(ref mismatches);
            }
        })).ToArray();
        foreach (var r in readers) r.Start();
        network.Fit(x, y, new FitOptions { Epochs = 6, BatchSize = 64, Optimizer = Optimizer.Adam, LearningRate = 0.01, PublishEveryEpoch = false });
        Volatile.Write(ref done, true);
        foreach (var r in readers) r.Join();
        Assert.True(network.SplitBatches > 0, "Fit never split");
        Assert.True(thinks > 0);
        Assert.True(mismatches == 0, $"{mismatches} of {thinks} Thinks differed from the pre-Fit version");
    }
}
