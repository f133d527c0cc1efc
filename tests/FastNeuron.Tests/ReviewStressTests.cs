namespace FastNeuron.Tests;

/// <summary>Review experiment: Thinks on several threads while Fit splits its batches; with PublishEveryEpoch off every Think must give the pre-Fit bits (the batch's own bits, row by row).</summary>
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
        int thinks = 0;
        bool done = false;
        var others = new System.Collections.Concurrent.ConcurrentBag<(int Row, float[] Output)>();
        var readers = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            var output = new float[10];
            while (!Volatile.Read(ref done))
            {
                // Row by row: a single sample never takes the shared workers, so Fit finds them free and splits (a
                // batch Think on three threads kept them busy, and on CI's loaded cores Fit then never split).
                for (int i = 0; i < rows; i++)
                {
                    network.Think(probe.AsSpan(i * 200, 200), output);
                    if (!output.AsSpan().SequenceEqual(reference.AsSpan(i * 10, 10))) others.Add((i, (float[])output.Clone()));
                }
                Interlocked.Increment(ref thinks);
                Thread.Sleep(1);
            }
        })).ToArray();
        foreach (var r in readers) r.Start();
        network.Fit(x, y, new FitOptions { Epochs = 6, BatchSize = 64, Optimizer = Optimizer.Adam, LearningRate = 0.01, PublishEveryEpoch = false });
        Volatile.Write(ref done, true);
        foreach (var r in readers) r.Join();
        Assert.True(network.SplitBatches > 0, "Fit never split");
        Assert.True(thinks > 0);
        // Fit publishes once, when it returns, and the readers stop a moment later: a row that is not the pre-Fit
        // version's must be the final version's, never an epoch's in between.
        var after = new float[rows * 10];
        network.Think(probe, after);
        int between = others.Count(o => !o.Output.AsSpan().SequenceEqual(after.AsSpan(o.Row * 10, 10)));
        Assert.True(between == 0, $"{between} of {others.Count} rows that differed from the pre-Fit version are not the final version either");
    }
}
