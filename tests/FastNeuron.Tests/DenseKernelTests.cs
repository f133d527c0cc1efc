using System.Numerics;
using FastNeuron.Common;
using FastNeuron.Kernels;
using FastNeuron.Kernels.Dense;
using FastNeuron.Training;

namespace FastNeuron.Tests;

/// <summary>
/// The batched dense kernels (Kernels/Dense/) at every width against the Scalar reference, bit for bit, and the
/// Scalar reference against the contract of docs/numerics.md written out here a second time, element by element.
/// Every width runs on every machine: Vector256/512 fall back to software where the CPU lacks them.
/// </summary>
[Trait("Category", "Verification")]
public class DenseKernelTests
{
    public static TheoryData<VectorWidth> Widths() => [VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512];

    // Shapes that cover: inputs below, at and above the 4-partial block and the 8-input gradient block; outputs below,
    // at and above a padding block; odd and even row counts, and more rows than a 64-row tile.
    private static readonly (int Rows, int Inputs, int Outputs)[] Shapes =
        [(1, 1, 1), (1, 3, 4), (2, 4, 1), (3, 5, 10), (7, 64, 32), (32, 32, 10), (5, 9, 17), (130, 13, 33), (65, 70, 3),
         // The cache-blocked forward (DenseForwardBlocked: 128 rows or more, W over 64 KB): several row tiles and input
         // blocks, odd rows, and an input count with a tail of 3.
         (201, 603, 80), (150, 520, 33),
         // Its packed panels group the inputs by residue mod 4: input counts with tails of 1 and 2 as well.
         (64, 601, 40), (40, 602, 64),
         // Single rows and a tile's leftover row over four or more output vectors (the single-row four-vector body).
         (1, 70, 64), (4, 21, 130)];

    [Theory, MemberData(nameof(Widths))]
    public void ForwardMatchesScalarAndTheContract(VectorWidth width)
    {
        Forward<float>(width);
        Forward<double>(width);
    }

    private static void Forward<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(21);
        foreach ((int rows, int inputs, int outputs) in Shapes)
        {
            foreach (bool bias in new[] { false, true })
            {
                int stride = DenseLayout.Stride<T>(outputs);
                T[] x = Random<T>(random, rows * inputs), w = PaddedWeights<T>(random, inputs, outputs, stride), b = PaddedWeights<T>(random, 1, outputs, stride);
                var scalar = new T[rows * stride];
                var vector = new T[rows * stride];
                DenseKernels.Forward<T>(x, inputs, rows, inputs, w, stride, b, bias, scalar, VectorWidth.Scalar);
                DenseKernels.Forward<T>(x, inputs, rows, inputs, w, stride, b, bias, vector, width);
                string what = $"{typeof(T).Name} forward {rows}×{inputs}→{outputs} bias {bias} at {width}";
                TestData.AssertBitwiseEqual<T>(scalar, vector, what);
                for (int i = 0; i < rows; i++)
                {
                    for (int o = 0; o < outputs; o++)
                    {
                        // The contract: partial r chains the inputs k ≡ r (mod 4); z = ((p0 + p1) + (p2 + p3)) + b.
                        var p = new T[4];
                        for (int k = 0; k < inputs; k++)
                        {
                            p[k % 4] = T.FusedMultiplyAdd(x[i * inputs + k], w[k * stride + o], p[k % 4]);
                        }
                        T z = (p[0] + p[1]) + (p[2] + p[3]);
                        if (bias) z += b[o];
                        TestData.AssertBitwiseEqual<T>([z], [scalar[i * stride + o]], $"{what}, contract at [{i}, {o}]");
                    }
                }
            }
        }
    }

    [Theory, MemberData(nameof(Widths))]
    public void WeightGradientMatchesScalarAndTheContract(VectorWidth width)
    {
        WeightGradient<float>(width, Shapes);
        WeightGradient<double>(width, Shapes);
        // More rows than one gradient chunk: the chunks' chains are added in order.
        WeightGradient<float>(width, [(Gradient.ChunkRows + 37, 9, 5), (Gradient.ChunkRows + 37, 13, 70)]);
        WeightGradient<double>(width, [(Gradient.ChunkRows + 37, 13, 70)]);
    }

    private static void WeightGradient<T>(VectorWidth width, (int Rows, int Inputs, int Outputs)[] shapes)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(22);
        foreach ((int rows, int inputs, int outputs) in shapes)
        {
            int stride = DenseLayout.Stride<T>(outputs);
            T[] a = Random<T>(random, rows * inputs), delta = PaddedWeights<T>(random, rows, outputs, stride);
            var scalarW = new T[inputs * stride];
            var scalarB = new T[stride];
            var vectorW = new T[inputs * stride];
            var vectorB = new T[stride];
            DenseKernels.WeightGradient<T>(a, inputs, inputs, delta, stride, rows, scalarW, scalarB, true, VectorWidth.Scalar);
            DenseKernels.WeightGradient<T>(a, inputs, inputs, delta, stride, rows, vectorW, vectorB, true, width);
            string what = $"{typeof(T).Name} Δw {rows}×{inputs}→{outputs} at {width}";
            TestData.AssertBitwiseEqual<T>(scalarW, vectorW, what);
            TestData.AssertBitwiseEqual<T>(scalarB, vectorB, what + " Δb");
            for (int k = 0; k < inputs; k++)
            {
                for (int o = 0; o < outputs; o++)
                {
                    T total = T.Zero, bias = T.Zero;
                    for (int chunk = 0; chunk < rows; chunk += Gradient.ChunkRows)
                    {
                        T c = T.Zero, cb = T.Zero;
                        for (int i = chunk; i < Math.Min(rows, chunk + Gradient.ChunkRows); i++)
                        {
                            c = T.FusedMultiplyAdd(a[i * inputs + k], delta[i * stride + o], c);
                            cb += delta[i * stride + o];
                        }
                        total = chunk == 0 ? c : total + c;
                        bias = chunk == 0 ? cb : bias + cb;
                    }
                    TestData.AssertBitwiseEqual<T>([total], [scalarW[k * stride + o]], $"{what}, contract at [{k}, {o}]");
                    if (k == 0) TestData.AssertBitwiseEqual<T>([bias], [scalarB[o]], $"{what}, Δb contract at [{o}]");
                }
            }
        }
    }

    [Theory, MemberData(nameof(Widths))]
    public void HiddenDeltasMatchScalarAndTheContract(VectorWidth width)
    {
        foreach (Activation activation in new[] { Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Linear })
        {
            HiddenDelta<float>(width, activation);
            HiddenDelta<double>(width, activation);
        }
    }

    private static void HiddenDelta<T>(VectorWidth width, Activation activation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(23);
        foreach ((int rows, int units, int next) in Shapes)
        {
            int stride = DenseLayout.Stride<T>(units), nextStride = DenseLayout.Stride<T>(next);
            T[] nextDelta = PaddedWeights<T>(random, rows, next, nextStride);
            T[] transposed = PaddedWeights<T>(random, next, units, stride);
            T[] outputs = PaddedWeights<T>(random, rows, units, stride);
            if (activation is Activation.Sigmoid) for (int j = 0; j < outputs.Length; j++) outputs[j] = T.Abs(outputs[j]) / T.CreateChecked(20);
            var scalar = new T[rows * stride];
            var vector = new T[rows * stride];
            DenseKernels.HiddenDelta<T>(activation, nextDelta, nextStride, next, transposed, stride, outputs, scalar, rows, VectorWidth.Scalar);
            DenseKernels.HiddenDelta<T>(activation, nextDelta, nextStride, next, transposed, stride, outputs, vector, rows, width);
            string what = $"{typeof(T).Name} {activation} hidden δ {rows}×{units}←{next} at {width}";
            TestData.AssertBitwiseEqual<T>(scalar, vector, what);
            for (int i = 0; i < rows; i++)
            {
                for (int k = 0; k < units; k++)
                {
                    T sum = T.Zero;
                    for (int o = 0; o < next; o++)
                    {
                        sum = T.FusedMultiplyAdd(nextDelta[i * nextStride + o], transposed[o * stride + k], sum);
                    }
                    T a = outputs[i * stride + k];
                    T derivative = activation switch
                    {
                        Activation.Sigmoid => a * (T.One - a),
                        Activation.Tanh => T.One - a * a,
                        Activation.Relu => a > T.Zero ? T.One : T.Zero,
                        Activation.LeakyRelu => a > T.Zero ? T.One : T.CreateChecked(0.01),
                        _ => T.One,
                    };
                    TestData.AssertBitwiseEqual<T>([sum * derivative], [scalar[i * stride + k]], $"{what}, contract at [{i}, {k}]");
                }
            }
        }
    }

    [Theory, MemberData(nameof(Widths))]
    public void ActivationsAndSoftmaxMatchScalar(VectorWidth width)
    {
        var random = new Random(24);
        foreach (Activation activation in new[] { Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Linear })
        {
            float[] values = TestData.Values<float>(random, 16 * 9);
            double[] doubles = TestData.Values<double>(random, 8 * 9);
            float[] scalar = (float[])values.Clone(), vector = (float[])values.Clone();
            double[] scalarD = (double[])doubles.Clone(), vectorD = (double[])doubles.Clone();
            DenseKernels.Activate<float>(activation, scalar, 9, 16, 16, VectorWidth.Scalar);
            DenseKernels.Activate<float>(activation, vector, 9, 16, 16, width);
            DenseKernels.Activate<double>(activation, scalarD, 9, 8, 8, VectorWidth.Scalar);
            DenseKernels.Activate<double>(activation, vectorD, 9, 8, 8, width);
            TestData.AssertBitwiseEqual<float>(scalar, vector, $"{activation} float32 at {width}");
            TestData.AssertBitwiseEqual<double>(scalarD, vectorD, $"{activation} float64 at {width}");
        }
        foreach (int units in new[] { 1, 2, 10, 16, 17 })
        {
            int stride = DenseLayout.Stride<float>(units), rows = 5;
            float[] z = Random<float>(random, rows * stride);
            float[] scalar = (float[])z.Clone(), vector = (float[])z.Clone();
            DenseKernels.Activate<float>(Activation.Softmax, scalar, rows, stride, units, VectorWidth.Scalar);
            DenseKernels.Activate<float>(Activation.Softmax, vector, rows, stride, units, width);
            for (int i = 0; i < rows; i++)
            {
                TestData.AssertBitwiseEqual<float>(scalar.AsSpan(i * stride, units), vector.AsSpan(i * stride, units), $"softmax of {units} at {width}");
                // The contract: m the maximum, eⱼ = exp(zⱼ − m), s = (s₀ + s₁) + (s₂ + s₃) with sᵣ over j ≡ r (mod 4).
                float[] row = z.AsSpan(i * stride, units).ToArray();
                float m = row.Max();
                float[] e = row.Select(v => ExpOperator.Invoke<float, float, ScalarOps<float>>(v - m)).ToArray();
                var partial = new float[4];
                for (int j = 0; j < units; j++) partial[j % 4] += e[j];
                float sum = (partial[0] + partial[1]) + (partial[2] + partial[3]);
                TestData.AssertBitwiseEqual<float>(e.Select(v => v / sum).ToArray(), scalar.AsSpan(i * stride, units), $"softmax of {units}, contract");
                Assert.InRange(scalar.AsSpan(i * stride, units).ToArray().Sum(), 1 - 1e-5, 1 + 1e-5);
            }
        }
    }

    [Theory, MemberData(nameof(Widths))]
    public void OptimizerStepsMatchScalar(VectorWidth width)
    {
        foreach (Optimizer optimizer in Enum.GetValues<Optimizer>())
        {
            var random = new Random(25);
            int length = 16 * 5 + 3;   // a remainder too, though the network's arrays are padded
            float[] w = Random<float>(random, length), g = Random<float>(random, length);
            float[] first = Random<float>(random, length), second = Random<float>(random, length).Select(Math.Abs).ToArray();
            g[0] = 0;
            first[1] = -g[1];   // Rprop: a sign change
            var c = new StepConstants<float>(0.01f, 1f / 32, 0.9f, 0.1f, 0.001f);
            float[] ws = (float[])w.Clone(), fs = (float[])first.Clone(), ss = (float[])second.Clone();
            float[] wv = (float[])w.Clone(), fv = (float[])first.Clone(), sv = (float[])second.Clone();
            for (int step = 0; step < 3; step++)
            {
                OptimizerSteps.Step<float>(optimizer, ws, g, fs, ss, c, ws, VectorWidth.Scalar);
                float[] next = new float[length];
                OptimizerSteps.Step<float>(optimizer, wv, g, fv, sv, c, next, width);
                wv = next;
            }
            TestData.AssertBitwiseEqual<float>(ws, wv, $"{optimizer} weights at {width}");
            TestData.AssertBitwiseEqual<float>(fs, fv, $"{optimizer} first state at {width}");
            TestData.AssertBitwiseEqual<float>(ss, sv, $"{optimizer} second state at {width}");
            Assert.NotEqual(w, ws);
        }
    }

    [Theory]
    [InlineData(VectorWidth.Scalar)]
    [InlineData(VectorWidth.Vector128)]
    [InlineData(VectorWidth.Vector256)]
    [InlineData(VectorWidth.Vector512)]
    public void ThinkGivesEachRowTheBitsOfTheBatch(VectorWidth width)
    {
        var random = new Random(26);
        var network = new Network<float>([13, 33, 7, 3], [Activation.Tanh, Activation.Relu, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true,
            backend: width == VectorWidth.Scalar ? Backend.Scalar : Backend.Vector, width: width);
        int rows = 41;
        float[] x = Random<float>(random, rows * 13);
        var batch = new float[rows * 3];
        network.Think(x, batch);
        for (int i = 0; i < rows; i++)
        {
            var one = new float[3];
            network.Think(x.AsSpan(i * 13, 13), one);
            TestData.AssertBitwiseEqual<float>(batch.AsSpan(i * 3, 3), one, $"row {i}");
        }
    }

    /// <summary>
    /// A big batch through big layers takes the cache-blocked path (blocks of 256 rows, weights packed once per call),
    /// and still gives each row the bits of the row alone (the row-major single-row kernel), at every width; a second
    /// call, after the packed buffers were reused for another network, gives the same bits, and the steady state
    /// allocates nothing.
    /// </summary>
    [Theory]
    [InlineData(VectorWidth.Scalar)]
    [InlineData(VectorWidth.Vector128)]
    [InlineData(VectorWidth.Vector256)]
    [InlineData(VectorWidth.Vector512)]
    public void BlockedThinkOfABigBatchGivesEachRowItsOwnBits(VectorWidth width)
    {
        var random = new Random(28);
        Network<float> Make(uint seed) => new([301, 80, 70, 10], [Activation.Relu, Activation.Tanh, Activation.Softmax], seed: seed, useBias: true,
            loss: Loss.CrossEntropy, scaledInitialization: true, backend: width == VectorWidth.Scalar ? Backend.Scalar : Backend.Vector, width: width);
        Network<float> network = Make(1), other = Make(2);
        int rows = 600;
        float[] x = Random<float>(random, rows * 301);
        var batch = new float[rows * 10];
        network.Think(x, batch);
        other.Think(x, new float[rows * 10]);
        var again = new float[rows * 10];
        long before = GC.GetAllocatedBytesForCurrentThread();
        network.Think(x, again);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        TestData.AssertBitwiseEqual<float>(batch, again, "a second call");
        var one = new float[10];
        for (int i = 0; i < rows; i += 7)
        {
            network.Think(x.AsSpan(i * 301, 301), one);
            TestData.AssertBitwiseEqual<float>(batch.AsSpan(i * 10, 10), one, $"row {i}");
        }
    }

    /// <summary>
    /// Full batches of several 4,096-row chunks train on worker threads; the per-chunk partials are added in chunk
    /// order, so 1, 2 and 3 threads, and every width, give the one-thread Scalar bits.
    /// </summary>
    [Fact]
    public void ThreadedFullBatchesGiveTheOneThreadScalarBits()
    {
        var random = new Random(27);
        int rows = 2 * Gradient.ChunkRows + 123;
        float[] x = Random<float>(random, rows * 7);
        int[] labels = Enumerable.Range(0, rows).Select(_ => random.Next(3)).ToArray();
        Network<float> Make(VectorWidth width, int threads) => new([7, 5, 3], [Activation.Tanh, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy,
            scaledInitialization: true, backend: width == VectorWidth.Scalar ? Backend.Scalar : Backend.Vector, width: width) { Threads = threads };
        Network<float> reference = Make(VectorWidth.Scalar, 1);
        float[] y = reference.OneHot(labels);
        reference.Train(x, y, 3);

        // The chunked path (any thread count) against the kernels run once over the whole batch, which chain each
        // 4,096-row chunk and add the chunks in order inside.
        Network<float> chunked = Make(VectorWidth.Scalar, 1), whole = Make(VectorWidth.Scalar, 1);
        chunked.ComputeGradients(x, y, rows);
        whole.ComputeGradientsInOnePass(x, y, rows);
        for (int l = 0; l < 2; l++)
        {
            TestData.AssertBitwiseEqual<float>(whole.WeightGradients(l), chunked.WeightGradients(l), $"layer {l} Δw, chunked against one pass");
        }
        foreach (VectorWidth width in new[] { VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 })
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Network<float> network = Make(width, threads);
                network.Train(x, y, 3);
                for (int l = 0; l < 2; l++)
                {
                    TestData.AssertBitwiseEqual<float>(reference.Weights(l), network.Weights(l), $"layer {l} weights, {width}, {threads} threads");
                    TestData.AssertBitwiseEqual<float>(reference.Biases(l), network.Biases(l), $"layer {l} biases, {width}, {threads} threads");
                }
            }
        }
    }

    private static T[] Random<T>(Random random, int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Enumerable.Range(0, length).Select(_ => T.CreateChecked(random.NextDouble() * 2 - 1)).ToArray();

    /// <summary>(rows × stride) with random real columns and zero padding, as the network keeps its arrays.</summary>
    private static T[] PaddedWeights<T>(Random random, int rows, int columns, int stride)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var values = new T[rows * stride];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++) values[i * stride + j] = T.CreateChecked(random.NextDouble() * 2 - 1);
        }
        return values;
    }
}
