using FastNeuron.Networks;
using FastNeuron.Training;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 12: mini-batch training and batch Think on several threads give the one-thread bits. A mini-batch is split
/// by rows for the forward pass and the deltas, then by slices of each layer's inputs for Δw
/// (Networks/Backpropagation.SplitBatch.cs); Think splits its rows (Networks/ThinkInParts.cs). Each test checks that
/// the split path ran, so it cannot pass by staying on one thread; they run alone, since a call that finds the shared
/// workers busy with another test runs on one thread.
/// </summary>
[Collection(ChunkWorkersAlone.Name)]
public class ThreadedBatchTests
{
    // 200·96 + 96·48 + 48·16 weights per row (padded): a batch of 64 is 1.6 M multiply-adds, over the split threshold.
    private static readonly int[] Sizes = [200, 96, 48, 10];
    private static readonly Activation[] Activations = [Activation.Relu, Activation.Tanh, Activation.Softmax];

    private static (T[] X, T[] Y) Data<T>(int rows, int seed)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        T[] x = Enumerable.Range(0, rows * Sizes[0]).Select(_ => T.CreateChecked(random.NextDouble() * 2 - 1)).ToArray();
        var y = new T[rows * Sizes[^1]];
        for (int i = 0; i < rows; i++) y[i * Sizes[^1] + i % Sizes[^1]] = T.One;
        return (x, y);
    }

    private static Network<T> Trained<T>(int threads, VectorWidth? width, out int splitBatches)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>(Sizes, Activations, useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true, width: width)
        {
            Threads = threads,
        };
        var (x, y) = Data<T>(320, 21);
        network.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 64, Optimizer = Optimizer.Adam, LearningRate = 0.01 });
        splitBatches = network.SplitBatches;
        return network;
    }

    public static TheoryData<int, VectorWidth> ThreadsAndWidths() => new()
    {
        { 2, VectorWidths.Best }, { 3, VectorWidths.Best }, { 2, VectorWidth.Scalar }, { 2, VectorWidth.Vector256 }, { 5, VectorWidth.Vector512 },
    };

    [Theory]
    [MemberData(nameof(ThreadsAndWidths))]
    public void MiniBatchFitOnThreadsGivesTheOneThreadScalarBits(int threads, VectorWidth width)
    {
        Check<float>(threads, width);
        Check<double>(threads, width);

        static void Check<T>(int threads, VectorWidth width)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            Network<T> reference = Trained<T>(1, VectorWidth.Scalar, out int referenceSplits);
            Network<T> threaded = Trained<T>(threads, width, out int splits);
            Assert.Equal(0, referenceSplits);
            Assert.Equal(10, splits);   // 2 epochs × 5 batches of 64, every one split
            for (int l = 0; l < Sizes.Length - 1; l++)
            {
                TestData.AssertBitwiseEqual<T>(reference.Weights(l), threaded.Weights(l), $"{typeof(T).Name} layer {l} weights, {threads} threads at {width}");
                TestData.AssertBitwiseEqual<T>(reference.Biases(l), threaded.Biases(l), $"{typeof(T).Name} layer {l} biases, {threads} threads at {width}");
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void BigBatchThinkOnThreadsGivesEachRowItsOneThreadBits(int threads)
    {
        var network = new Network<float>([784, 64, 10], [Activation.Relu, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true);
        var random = new Random(5);
        float[] rows = Enumerable.Range(0, 1001 * 784).Select(_ => (float)random.NextDouble()).ToArray();
        var oneRowAtATime = new float[1001 * 10];
        for (int i = 0; i < 1001; i++) network.Think(rows.AsSpan(i * 784, 784), oneRowAtATime.AsSpan(i * 10, 10));
        network.Threads = 1;
        long before = ThinkInParts<float>.Runs;
        var alone = new float[1001 * 10];
        network.Think(rows, alone);
        Assert.Equal(before, ThinkInParts<float>.Runs);   // one thread: not split
        network.Threads = threads;
        var split = new float[1001 * 10];
        network.Think(rows, split);
        Assert.True(ThinkInParts<float>.Runs > before, "the batch was not split");
        TestData.AssertBitwiseEqual<float>(alone, split, $"Think on {threads} threads against one");
        TestData.AssertBitwiseEqual<float>(oneRowAtATime, split, $"Think on {threads} threads against one row at a time");
    }

    [Theory]
    [InlineData(Optimizer.Sgd)]
    [InlineData(Optimizer.Momentum)]
    [InlineData(Optimizer.Adam)]
    [InlineData(Optimizer.Rprop)]
    public void OptimizerStepsOnThreadsGiveTheOneThreadBits(Optimizer optimizer)
    {
        // 784 × 96 weights: over OptimizerState's threshold, so each step's slices go to the workers.
        int[] sizes = [784, 96, 10];
        var random = new Random(17);
        float[] x = Enumerable.Range(0, 96 * 784).Select(_ => (float)random.NextDouble()).ToArray();
        float[] y = new float[96 * 10];
        for (int i = 0; i < 96; i++) y[i * 10 + i % 10] = 1;
        var options = new FitOptions { Epochs = 2, BatchSize = 16, Optimizer = optimizer, LearningRate = 0.01 };
        Network<float> Trained(int threads, VectorWidth width)
        {
            var network = new Network<float>(sizes, [Activation.Tanh, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true, width: width) { Threads = threads };
            network.Fit(x, y, options);
            return network;
        }
        Network<float> reference = Trained(1, VectorWidth.Scalar);
        int before = OptimizerState<float>.ThreadedSteps;
        Network<float> threaded = Trained(2, VectorWidths.Best);
        Assert.Equal(before + 12, OptimizerState<float>.ThreadedSteps);   // 2 epochs × 6 batches, every step threaded
        for (int l = 0; l < 2; l++)
        {
            TestData.AssertBitwiseEqual<float>(reference.Weights(l), threaded.Weights(l), $"{optimizer} layer {l} weights on 2 threads");
            TestData.AssertBitwiseEqual<float>(reference.Biases(l), threaded.Biases(l), $"{optimizer} layer {l} biases on 2 threads");
        }
    }

    [Fact]
    public void SplitBatchesAllocateNothing()
    {
        var network = new Network<float>(Sizes, Activations, useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true) { Threads = 2 };
        var (x, y) = Data<float>(1000, 3);
        var outputs = new float[1000 * 10];
        network.Think(x, outputs);
        network.ComputeGradients(x.AsSpan(0, 64 * 200), y.AsSpan(0, 64 * 10), 64);
        int splits = network.SplitBatches;
        long runs = ThinkInParts<float>.Runs;
        long before = GC.GetAllocatedBytesForCurrentThread();
        network.Think(x, outputs);
        network.ComputeGradients(x.AsSpan(0, 64 * 200), y.AsSpan(0, 64 * 10), 64);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(splits + 1, network.SplitBatches);
        Assert.True(ThinkInParts<float>.Runs > runs);
    }

    /// <summary>
    /// Δw's slices cover each layer's inputs once, in order, and every slice but a layer's last is a whole number of
    /// the kernel's input groups at the network's width: 24 where units go through the per-vector loop, 6 where all are
    /// in tiles. With 12-input slices (the old rule, multiples of 6 everywhere) each slice of 64-32-10 ended in four
    /// one-chain inputs, and a full batch of 1,000 rows on two threads was no faster than on one; 24 everywhere would
    /// have put half of 32-1024-10's Δw in one of four threads' slices.
    /// </summary>
    [Theory]
    [InlineData(new[] { 64, 32, 10 }, 2, VectorWidth.Vector512)]
    [InlineData(new[] { 64, 32, 10 }, 2, VectorWidth.Vector256)]
    [InlineData(new[] { 784, 256, 128, 10 }, 2, VectorWidth.Vector512)]
    [InlineData(new[] { 200, 96, 48, 10 }, 3, VectorWidth.Vector128)]
    [InlineData(new[] { 13, 100, 7 }, 4, VectorWidth.Scalar)]
    [InlineData(new[] { 32, 1024, 10 }, 4, VectorWidth.Vector512)]
    public void GradientSlicesCoverEachLayerInWholeKernelGroups(int[] sizes, int threads, VectorWidth width)
    {
        var network = new Network<float>(sizes, Enumerable.Repeat(Activation.Sigmoid, sizes.Length - 1).ToArray(), useBias: true, width: width);
        var slices = network.GradientSlices(threads);
        for (int layer = 0; layer < sizes.Length - 1; layer++)
        {
            var own = slices.Where(s => s.Layer == layer).OrderBy(s => s.FirstInput).ToList();
            int next = 0;
            foreach (var (_, firstInput, inputs) in own)
            {
                Assert.Equal(next, firstInput);
                Assert.True(inputs > 0);
                next = firstInput + inputs;
                if (next < sizes[layer])
                {
                    int vectors = network.Layers.Strides[layer] / Lanes(width);
                    int group = vectors % 4 == 0 ? 6 : 24;   // whole 4-vector tiles take 6 inputs; the per-vector loop 8
                    Assert.True(inputs % group == 0, $"layer {layer} at {width}: a slice of {inputs} inputs at {firstInput} is not a multiple of {group}");
                }
            }
            Assert.Equal(sizes[layer], next);
        }
    }

    private static int Lanes(VectorWidth width) => width switch
    {
        VectorWidth.Vector512 => 16,
        VectorWidth.Vector256 => 8,
        VectorWidth.Vector128 => 4,
        _ => 1,
    };

    [Fact]
    public void WideLayersKeepSlicesOfSixInputs()
    {
        // 32 inputs × 1,024 units (64 vectors at 512 bits, all in tiles): slices of 6 spread its Δw over four threads,
        // where slices of 24 would leave one thread half of it.
        var network = new Network<float>([32, 1024, 10], [Activation.Sigmoid, Activation.Sigmoid], useBias: true, width: VectorWidth.Vector512);
        var first = network.GradientSlices(4).Where(s => s.Layer == 0).ToList();
        Assert.True(first.Count >= 4, $"layer 0 in {first.Count} slices");
        Assert.All(first, s => Assert.True(s.Inputs <= 12, $"a slice of {s.Inputs} inputs"));
    }
}
