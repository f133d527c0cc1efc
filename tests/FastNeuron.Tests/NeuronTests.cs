using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FastNeuron.Tests;

public class NeuronTests
{
    [Trait("Category", "Verification")]
    [Theory]
    [InlineData(VectorWidth.Vector128)]
    [InlineData(VectorWidth.Vector256)]
    [InlineData(VectorWidth.Vector512)]
    public void WholeTrainingRunsAreBitwiseScalarsAtEveryWidth(VectorWidth width)
    {
        var random = new Random(2024);
        foreach ((int rows, int columns, bool bias) in new[] { (4, 3, false), (50, 33, true), (200, 64, true), (5000, 7, false) })
        {
            double[] x = Enumerable.Range(0, rows * columns).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double[] y = Enumerable.Range(0, rows).Select(_ => (double)random.Next(2)).ToArray();
            var options = new NeuronOptions { LearningRate = 0.05, UseBias = bias };
            var scalar = new Neuron<double>(columns, 7, options with { Backend = Backend.Scalar });
            var vector = new Neuron<double>(columns, 7, options with { Backend = Backend.Vector, Width = width });
            scalar.Train(x, y, 25);
            vector.Train(x, y, 25);
            TestData.AssertBitwiseEqual(scalar.Weights, vector.Weights, $"float64 weights {rows}x{columns}");
            Assert.Equal(TestData.Hex(scalar.Bias), TestData.Hex(vector.Bias));

            float[] xf = x.Select(v => (float)v).ToArray();
            float[] yf = y.Select(v => (float)v).ToArray();
            var scalar32 = new Neuron<float>(columns, 7, options with { Backend = Backend.Scalar });
            var vector32 = new Neuron<float>(columns, 7, options with { Backend = Backend.Vector, Width = width });
            scalar32.Train(xf, yf, 25);
            vector32.Train(xf, yf, 25);
            TestData.AssertBitwiseEqual(scalar32.Weights, vector32.Weights, $"float32 weights {rows}x{columns}");
            var expected = new float[rows];
            var actual = new float[rows];
            scalar32.Think(xf, expected);
            vector32.Think(xf, actual);
            TestData.AssertBitwiseEqual<float>(expected, actual, "float32 batch Think");
        }
    }

    /// <summary>
    /// Under CI's re-runs (DOTNET_EnableAVX2=0, DOTNET_PreferredVectorBitWidth=128, DOTNET_EnableHWIntrinsic=0)
    /// this proves the switch reached the runtime, so the re-run really tested another ISA.
    /// </summary>
    [Trait("Category", "Verification")]
    [Fact]
    public void RuntimeSwitchesTookEffect()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            Assert.False(Vector128.IsHardwareAccelerated);
            Assert.Equal(VectorWidth.Scalar, VectorWidths.Best);
        }
        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0")
        {
            Assert.False(Avx2.IsSupported);
            Assert.False(Fma.IsSupported);
            Assert.False(Vector256.IsHardwareAccelerated);
            // No hardware FMA: the kernels' fused chains would each be a software fma, slower in a vector.
            Assert.Equal(VectorWidth.Scalar, VectorWidths.Best);
        }
        if (Environment.GetEnvironmentVariable("DOTNET_PreferredVectorBitWidth") == "128")
        {
            Assert.False(Vector256.IsHardwareAccelerated);
            Assert.Equal(16, System.Numerics.Vector<byte>.Count);
        }
        VectorWidth expected = !(Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) ? VectorWidth.Scalar
            : Vector512.IsHardwareAccelerated ? VectorWidth.Vector512
            : Vector256.IsHardwareAccelerated ? VectorWidth.Vector256
            : Vector128.IsHardwareAccelerated ? VectorWidth.Vector128 : VectorWidth.Scalar;
        Assert.Equal(expected, VectorWidths.Best);
    }

    [Fact]
    public void ThinkAndTrainingIterationsAllocateNothing()
    {
        foreach (Backend backend in Enum.GetValues<Backend>())
        {
            var neuron = new Neuron<float>(3, options: new NeuronOptions { Backend = backend, UseBias = true, LearningRate = 0.5 });
            float[,] x = SeedGoldenTests.ToSingle(SeedGoldenTests.SeedInputs);
            float[] y = [0, 1, 1, 0];
            float[] flat = x.Cast<float>().ToArray();
            float[] sample = [1, 0, 0];
            var batch = new float[4];
            neuron.Train(flat, y, 1);
            neuron.Think(sample);
            neuron.Think(flat, batch);

            long before = GC.GetAllocatedBytesForCurrentThread();
            neuron.Train(flat, y, 500);
            float sink = 0;
            for (int i = 0; i < 500; i++)
            {
                sink += neuron.Think(sample);
                neuron.Think(flat, batch);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated == 0, $"{backend}: {allocated} bytes allocated (sink {sink})");
        }
    }

    [Fact]
    public void ThinkIsSafeFromManyThreads()
    {
        var random = new Random(5);
        var neuron = new Neuron<double>(16, 3, new NeuronOptions { UseBias = true, LearningRate = 0.1 });
        double[] x = Enumerable.Range(0, 100 * 16).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] y = Enumerable.Range(0, 100).Select(i => (double)(i % 2)).ToArray();
        neuron.Train(x, y, 50);
        var serial = new double[100];
        for (int i = 0; i < 100; i++)
        {
            serial[i] = neuron.Think(x.AsSpan(i * 16, 16));
        }
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            var batch = new double[100];
            for (int repeat = 0; repeat < 20; repeat++)
            {
                neuron.Think(x, batch);
                for (int i = 0; i < 100; i++)
                {
                    Assert.Equal(BitConverter.DoubleToUInt64Bits(serial[i]), BitConverter.DoubleToUInt64Bits(batch[i]));
                    Assert.Equal(BitConverter.DoubleToUInt64Bits(serial[i]), BitConverter.DoubleToUInt64Bits(neuron.Think(x.AsSpan(i * 16, 16))));
                }
            }
        });
    }

    [Fact]
    public void DivergingTrainingStopsAndKeepsTheLastFiniteWeights()
    {
        // z = 1e200·1e-200 = 1 keeps σ' away from 0, so g = x·δ ≈ 1e199 and η·g overflows to ∞.
        double[] start = [1e-200, 0.5];
        var neuron = new Neuron<double>(start, options: new NeuronOptions { LearningRate = 1e110 });
        var ex = Assert.Throws<TrainingDivergedException>(() => neuron.Train([1e200, 1.0], [0.0], 10));
        Assert.Equal(1, ex.Iteration);
        Assert.Contains("iteration 1 of 10", ex.Message);
        Assert.Contains("weight 0", ex.Message);
        Assert.Equal(start, neuron.Weights.ToArray());

        // After finite progress, the kept weights are the last finite ones, not the start.
        neuron.Train([0.0, 1.0], [0.0], 1);   // moves w1 only (η·g = 1e110·δ·1 stays finite)
        double[] kept = neuron.Weights.ToArray();
        Assert.NotEqual(start, kept);
        Assert.Throws<TrainingDivergedException>(() => neuron.Train([1e200, 0.0], [0.0], 10));
        Assert.Equal(kept, neuron.Weights.ToArray());
    }

    [Fact]
    public void BadInputIsRejectedWithTheArgumentAndTheShapes()
    {
        var neuron = new Neuron<double>(3);
        double[] x = new double[12];
        double[] y = new double[4];

        var rows = Assert.ThrowsAny<ArgumentException>(() => neuron.Train(x, new double[3], 1));
        Assert.Equal("inputs", rows.ParamName);
        Assert.Contains("4 rows", rows.Message);
        Assert.Contains("3 rows", rows.Message);

        var columns = Assert.ThrowsAny<ArgumentException>(() => neuron.Train(new double[4, 2], y, 1));
        Assert.Contains("2 columns", columns.Message);
        Assert.Contains("3 weights", columns.Message);

        var ragged = Assert.ThrowsAny<ArgumentException>(() => neuron.Train(new double[13], y, 1));
        Assert.Contains("13 values", ragged.Message);

        var empty = Assert.ThrowsAny<ArgumentException>(() => neuron.Train([], [], 1));
        Assert.Contains("empty", empty.Message);

        var negative = Assert.ThrowsAny<ArgumentException>(() => neuron.Train(x, y, -1));
        Assert.Equal("iterations", negative.ParamName);

        double[] nan = (double[])x.Clone();
        nan[7] = double.NaN;
        var nonFinite = Assert.ThrowsAny<ArgumentException>(() => neuron.Train(nan, y, 1));
        Assert.Contains("row 2, column 1", nonFinite.Message);
        var nonFiniteTarget = Assert.ThrowsAny<ArgumentException>(() => neuron.Train(x, [0, double.PositiveInfinity, 0, 0], 1));
        Assert.Equal("outputs", nonFiniteTarget.ParamName);

        var shortDestination = Assert.ThrowsAny<ArgumentException>(() => neuron.Think(x, new double[3]));
        Assert.Equal("destination", shortDestination.ParamName);
        Assert.Contains("4 are needed", shortDestination.Message);

        var sample = Assert.ThrowsAny<ArgumentException>(() => neuron.Think(new double[2]));
        Assert.Contains("2 values", sample.Message);

        Assert.ThrowsAny<ArgumentException>(() => new Neuron<double>(3, options: new NeuronOptions { LearningRate = 0 }));
        Assert.ThrowsAny<ArgumentException>(() => new Neuron<double>(3, options: new NeuronOptions { LearningRate = double.NaN }));
        Assert.ThrowsAny<ArgumentException>(() => new Neuron<double>(ReadOnlySpan<double>.Empty));
    }

    [Fact]
    public void NaNInThinkGivesNaNOut()
    {
        var neuron = new Neuron<float>(3);
        Assert.True(float.IsNaN(neuron.Think([float.NaN, 0, 0])));
    }

    [Fact]
    public void LearningRateAndBiasChangeTraining()
    {
        // Options are honoured: a bias lets the neuron fit an offset the seed's bias-free neuron cannot.
        double[] x = [0, 1, 2, 3];
        double[] y = [0.6, 0.7, 0.8, 0.9];
        var withBias = new Neuron<double>(1, options: new NeuronOptions { UseBias = true, LearningRate = 0.5 });
        var without = new Neuron<double>(1, options: new NeuronOptions { LearningRate = 0.5 });
        withBias.Train(x, y, 5000);
        without.Train(x, y, 5000);
        Assert.True(Math.Abs(withBias.Think([0.0]) - 0.6) < 0.05);
        Assert.Equal(0.5, without.Think([0.0]));
        Assert.NotEqual(0.0, withBias.Bias);
    }
}
