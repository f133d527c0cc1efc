using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron.Tests;

/// <summary>
/// The TensorPrimitives backend is not bitwise reproducible; these are the bounds docs/numerics.md states for it,
/// checked against the Scalar reference.
/// </summary>
public class TensorPrimitivesBoundsTests
{
    /// <summary>σ: at most 8 ulps per element in both types (measured: 4 over 1,000,000 random inputs in (−40, 40)).</summary>
    public const int SigmoidUlpBound32 = 8;
    public const int SigmoidUlpBound64 = 8;

    [Fact]
    public void SigmoidIsWithinAFewUlpsPerElement()
    {
        var random = new Random(3);
        // Every length 1..40 (TensorPrimitives takes another path below 4), then long spans, over (−40, 40).
        foreach (int length in Enumerable.Range(1, 40).Append(4096))
        {
            float[] x32 = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 80 - 40)).ToArray();
            double[] x64 = x32.Select(v => (double)v * (1 + 1e-9)).ToArray();
            var ours32 = new float[length]; var theirs32 = new float[length];
            var ours64 = new double[length]; var theirs64 = new double[length];
            NeuronKernels.Sigmoid<float>(x32, ours32, VectorWidth.Scalar);
            Tensor.Sigmoid(x32, theirs32);
            NeuronKernels.Sigmoid<double>(x64, ours64, VectorWidth.Scalar);
            Tensor.Sigmoid(x64, theirs64);
            for (int i = 0; i < length; i++)
            {
                long ulps32 = Math.Abs((long)BitConverter.SingleToInt32Bits(ours32[i]) - BitConverter.SingleToInt32Bits(theirs32[i]));
                long ulps64 = Math.Abs(BitConverter.DoubleToInt64Bits(ours64[i]) - BitConverter.DoubleToInt64Bits(theirs64[i]));
                Assert.True(ulps32 <= SigmoidUlpBound32, $"float32 σ({x32[i]:R}): ours {ours32[i]:R}, TensorPrimitives {theirs32[i]:R}, {ulps32} ulps (length {length})");
                Assert.True(ulps64 <= SigmoidUlpBound64, $"float64 σ({x64[i]:R}): ours {ours64[i]:R}, TensorPrimitives {theirs64[i]:R}, {ulps64} ulps (length {length})");
            }
        }
    }

    [Fact]
    public void DotIsWithinTheSummationErrorBoundThatGrowsWithLength()
    {
        // Any summation order of n products is within γ_n·Σ|x·w| of the exact sum (γ_n = n·u/(1 − n·u)), so two
        // orders are within 2·γ_n·Σ|x·w| of each other.
        var random = new Random(4);
        foreach (int length in Enumerable.Range(1, 300).Append(4096).Append(100_000))
        {
            float[] x = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float[] w = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            double magnitude = x.Zip(w, (a, b) => Math.Abs((double)a * b)).Sum();
            double u = Math.Pow(2, -24);
            double bound = 2 * (length * u / (1 - length * u)) * magnitude;
            float ours = NeuronKernels.WeightedSum<float>(x, w, VectorWidth.Scalar);
            float theirs = Tensor.Dot<float>(x, w);
            Assert.True(Math.Abs((double)ours - theirs) <= bound, $"length {length}: ours {ours:R}, TensorPrimitives {theirs:R}, bound {bound:R}");
        }
    }
}
