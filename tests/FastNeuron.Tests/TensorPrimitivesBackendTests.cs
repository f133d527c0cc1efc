using FastNeuron.Kernels.Dense;
using FastNeuron.Networks;
using FastNeuron.Training;

namespace FastNeuron.Tests;

/// <summary>
/// The TensorPrimitives backend runs every network step TensorPrimitives has the operations for; each backward step
/// and optimizer step there makes the same roundings as FastNeuron's kernel, so it gives the Scalar bits.
/// </summary>
public class TensorPrimitivesBackendTests
{
    private static float[] Values(Random random, int length, double scale = 1)
        => Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Linear)]
    public void HiddenDeltasAreTheKernelsBits(Activation activation)
    {
        var random = new Random(1);
        const int rows = 37, nextUnits = 10, nextStride = 16, stride = 32;
        float[] nextDelta = Values(random, rows * nextStride), transposed = Values(random, nextUnits * stride), activations = Values(random, rows * stride);
        var ours = new float[rows * stride];
        var theirs = new float[rows * stride];
        DenseKernels.HiddenDelta<float>(activation, nextDelta, nextStride, nextUnits, transposed, stride, activations, ours, rows, VectorWidth.Scalar);
        Assert.True(TensorPrimitivesBackward.HiddenDelta<float>(activation, nextDelta, nextStride, nextUnits, transposed, stride, activations, theirs, rows, new float[stride]));
        TestData.AssertBitwiseEqual<float>(ours, theirs, $"{activation} hidden deltas");
        Assert.False(TensorPrimitivesBackward.HiddenDelta<float>(Activation.Relu, nextDelta, nextStride, nextUnits, transposed, stride, activations, theirs, rows, new float[stride]));
    }

    [Fact]
    public void WeightGradientsAreTheKernelsBitsAcrossChunks()
    {
        var random = new Random(2);
        const int rows = 5000, inputs = 7, aStride = 7, stride = 16;
        float[] a = Values(random, rows * aStride), delta = Values(random, rows * stride);
        var oursW = new float[inputs * stride];
        var oursB = new float[stride];
        var theirsW = new float[inputs * stride];
        var theirsB = new float[stride];
        DenseKernels.WeightGradient<float>(a, aStride, inputs, delta, stride, rows, oursW, oursB, true, VectorWidth.Scalar);
        TensorPrimitivesBackward.WeightGradient<float>(a, aStride, inputs, delta, stride, rows, theirsW, theirsB, true, new float[inputs * stride + stride]);
        TestData.AssertBitwiseEqual<float>(oursW, theirsW, "Δw");
        TestData.AssertBitwiseEqual<float>(oursB, theirsB, "Δb");
    }

    [Theory]
    [InlineData(Optimizer.Sgd)]
    [InlineData(Optimizer.Momentum)]
    [InlineData(Optimizer.Adam)]
    public void OptimizerStepsAreTheKernelsBits(Optimizer optimizer)
    {
        var random = new Random(3);
        const int n = 100;
        float[] w = Values(random, n), summed = Values(random, n, 5);
        float[] first = Values(random, n, 0.1), second = Values(random, n, 0.1).Select(Math.Abs).ToArray();
        float[] first2 = (float[])first.Clone(), second2 = (float[])second.Clone();
        var constants = new StepConstants<float>(0.01f, 1f / 32, 0.9f, 1 - 0.9f * 0.9f, 1 - 0.999f * 0.999f);
        var ours = new float[n];
        var theirs = new float[n];
        OptimizerSteps.Step<float>(optimizer, w, summed, first, second, constants, ours, VectorWidth.Scalar);
        Assert.True(TensorPrimitivesBackward.Step<float>(optimizer, w, summed, first2, second2, constants, theirs, new float[2 * n]));
        TestData.AssertBitwiseEqual<float>(ours, theirs, $"{optimizer} weights");
        TestData.AssertBitwiseEqual<float>(first, first2, $"{optimizer} first state");
        TestData.AssertBitwiseEqual<float>(second, second2, $"{optimizer} second state");
        Assert.False(TensorPrimitivesBackward.Step<float>(Optimizer.Rprop, w, summed, first2, second2, constants, theirs, new float[2 * n]));
    }

    [Fact]
    public void ATensorPrimitivesNetworkTrainsOnEveryThreadCountWithinTheBound()
    {
        // Only the forward pass (TensorPrimitives' sums, sigmoid and softmax) differs from Scalar; chunks on two threads
        // give the one-thread bits, since each chunk has its own scratch.
        var random = new Random(4);
        const int rows = 9000;
        float[] x = Values(random, rows * 6);
        var labels = Enumerable.Range(0, rows).Select(i => x[i * 6] + x[i * 6 + 1] > 0 ? 1 : 0).ToArray();
        Network<float> Make(Backend backend, int threads) => new([6, 8, 2], [Activation.Sigmoid, Activation.Softmax], seed: 3, useBias: true,
            backend: backend, loss: Loss.CrossEntropy, scaledInitialization: true) { Threads = threads };
        var options = new FitOptions { Optimizer = Optimizer.Adam, LearningRate = 0.01, BatchSize = 0, Epochs = 5 };
        Network<float> one = Make(Backend.TensorPrimitives, 1), two = Make(Backend.TensorPrimitives, 2), scalar = Make(Backend.Scalar, 1);
        float[] y = one.OneHot(labels);
        one.Fit(x, y, options);
        two.Fit(x, y, options);
        scalar.Fit(x, y, options);
        for (int l = 0; l < 2; l++)
        {
            TestData.AssertBitwiseEqual<float>(one.Weights(l), two.Weights(l), $"layer {l}, 1 against 2 threads");
            float[] reference = scalar.Weights(l), tp = one.Weights(l);
            for (int i = 0; i < tp.Length; i++) Assert.True(Math.Abs(reference[i] - tp[i]) <= 1e-4, $"layer {l} weight {i}: {tp[i]} against Scalar's {reference[i]}");
        }
    }
}
