namespace FastNeuron.Tests;

/// <summary>
/// The seed program's numbers (numpy 1.24 on the reference machine, see shared/reference/README.md) must come
/// back to the last bit on the Scalar and Vector backends at every width, and within stated bounds on
/// TensorPrimitives.
/// </summary>
public class SeedGoldenTests
{
    public static readonly double[,] SeedInputs = { { 0, 0, 1 }, { 1, 1, 1 }, { 1, 0, 1 }, { 0, 1, 1 } };
    public static readonly double[] SeedOutputs = [0, 1, 1, 0];

    // IEEE bits from `seed.py --golden` (numpy 1.24, glibc exp for float64, numpy's SIMD exp for float32).
    private static readonly ulong[] StartBits64 = [0xBFC53E0BC0170FE8, 0x3FDC3397CEEBC144, 0xBFEFFE2046F999E4];
    private static readonly double[] Final64 = [9.672993027736892, -0.20784349926631962, -4.62963668773159];
    private const double Think64 = 0.9999370428352157;
    private static readonly float[] Final32 = [9.672997f, -0.20784667f, -4.629632f];
    private const float Think32 = 0.99993706f;

    public static TheoryData<Backend, VectorWidth> ExactConfigurations()
    {
        var data = new TheoryData<Backend, VectorWidth> { { Backend.Scalar, VectorWidth.Scalar } };
        foreach (VectorWidth width in VectorWidths.All)
        {
            data.Add(Backend.Vector, width);
        }
        return data;
    }

    [Fact]
    public void Seed1DrawsNumpysStartingWeights()
    {
        var neuron = new Neuron<double>(3, seed: 1);
        Assert.Equal(StartBits64, neuron.Weights.ToArray().Select(BitConverter.DoubleToUInt64Bits).ToArray());
        Assert.Equal([-0.165955990594852, 0.4406489868843162, -0.9997712503653102], neuron.Weights.ToArray());
    }

    [Theory]
    [MemberData(nameof(ExactConfigurations))]
    public void Float64SeedTrainingIsBitwiseNumpys(Backend backend, VectorWidth width)
    {
        var neuron = new Neuron<double>(3, seed: 1, new NeuronOptions { Backend = backend, Width = width });
        neuron.Train(SeedInputs, SeedOutputs, 10_000);
        Assert.Equal(Bits(Final64), Bits(neuron.Weights.ToArray()));
        Assert.Equal(BitConverter.DoubleToUInt64Bits(Think64), BitConverter.DoubleToUInt64Bits(neuron.Think([1.0, 0, 0])));
    }

    [Theory]
    [MemberData(nameof(ExactConfigurations))]
    public void Float32SeedTrainingIsBitwiseNumpys(Backend backend, VectorWidth width)
    {
        var neuron = new Neuron<float>(3, seed: 1, new NeuronOptions { Backend = backend, Width = width });
        neuron.Train(ToSingle(SeedInputs), SeedOutputs.Select(v => (float)v).ToArray(), 10_000);
        Assert.Equal(Bits(Final32), Bits(neuron.Weights.ToArray()));
        Assert.Equal(BitConverter.SingleToUInt32Bits(Think32), BitConverter.SingleToUInt32Bits(neuron.Think([1f, 0, 0])));
    }

    [Fact]
    public void TensorPrimitivesBackendIsWithinStatedBounds()
    {
        var n64 = new Neuron<double>(3, seed: 1, new NeuronOptions { Backend = Backend.TensorPrimitives });
        n64.Train(SeedInputs, SeedOutputs, 10_000);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(n64.Weights[i] - Final64[i]) <= 1e-12 * Math.Abs(Final64[i]), $"w[{i}] = {n64.Weights[i]:R}");
        }
        Assert.True(Math.Abs(n64.Think([1.0, 0, 0]) - Think64) <= 1e-12 * Think64);

        var n32 = new Neuron<float>(3, seed: 1, new NeuronOptions { Backend = Backend.TensorPrimitives });
        n32.Train(ToSingle(SeedInputs), SeedOutputs.Select(v => (float)v).ToArray(), 10_000);
        // Relative to the largest weight: TensorPrimitives' exp and dot order move the small w[1] (−0.21) by
        // about 2e-6 of itself, 4e-8 of the weight vector's size (docs/numerics.md).
        float scale = Final32.Max(MathF.Abs);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(MathF.Abs(n32.Weights[i] - Final32[i]) <= 1e-6f * scale, $"w[{i}] = {n32.Weights[i]:R}");
        }
        Assert.True(MathF.Abs(n32.Think([1f, 0, 0]) - Think32) <= 1e-6f * Think32);
    }

    internal static float[,] ToSingle(double[,] values)
    {
        var result = new float[values.GetLength(0), values.GetLength(1)];
        for (int i = 0; i < values.GetLength(0); i++)
        {
            for (int j = 0; j < values.GetLength(1); j++)
            {
                result[i, j] = (float)values[i, j];
            }
        }
        return result;
    }

    private static ulong[] Bits(double[] values) => values.Select(BitConverter.DoubleToUInt64Bits).ToArray();
    private static uint[] Bits(float[] values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();
}
