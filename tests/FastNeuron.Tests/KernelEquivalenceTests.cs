using System.Numerics;

namespace FastNeuron.Tests;

/// <summary>
/// Every kernel at every width (128, 256, 512; accelerated or in software) against the scalar reference,
/// bit for bit, on random shapes (lengths 0 to 300, slices at every offset) and corner values.
/// </summary>
[Trait("Category", "Verification")]
public class KernelEquivalenceTests
{
    public static TheoryData<VectorWidth> VectorWidthsUnderTest() => new() { VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 };

    [Theory, MemberData(nameof(VectorWidthsUnderTest))]
    public void Sigmoid(VectorWidth width)
    {
        Elementwise<float>(width, (x, d, w) => NeuronKernels.Sigmoid(x, d, w));
        Elementwise<double>(width, (x, d, w) => NeuronKernels.Sigmoid(x, d, w));
    }

    [Theory, MemberData(nameof(VectorWidthsUnderTest))]
    public void Exp(VectorWidth width)
    {
        Elementwise<float>(width, (x, d, w) => NeuronKernels.Exp(x, d, w));
        Elementwise<double>(width, (x, d, w) => NeuronKernels.Exp(x, d, w));
    }

    [Theory, MemberData(nameof(VectorWidthsUnderTest))]
    public void SigmoidFromOutputDerivative(VectorWidth width)
    {
        Elementwise<float>(width, (x, d, w) => NeuronKernels.SigmoidFromOutputDerivative(x, d, w));
        Elementwise<double>(width, (x, d, w) => NeuronKernels.SigmoidFromOutputDerivative(x, d, w));
    }

    [Theory, MemberData(nameof(VectorWidthsUnderTest))]
    public void SigmoidDelta(VectorWidth width)
    {
        Pairwise<float>(width, (y, o, d, w) => NeuronKernels.SigmoidDelta(y, o, d, w));
        Pairwise<double>(width, (y, o, d, w) => NeuronKernels.SigmoidDelta(y, o, d, w));
    }

    [Theory, MemberData(nameof(VectorWidthsUnderTest))]
    public void WeightedSum(VectorWidth width)
    {
        WeightedSumCase<float>(width);
        WeightedSumCase<double>(width);
    }

    [Theory, MemberData(nameof(VectorWidthsUnderTest))]
    public void WeightedSumsOfABatch(VectorWidth width)
    {
        BatchCase<float>(width);
        BatchCase<double>(width);
    }

    [Theory, MemberData(nameof(VectorWidthsUnderTest))]
    public void Gradient(VectorWidth width)
    {
        GradientCase<float>(width);
        GradientCase<double>(width);
    }

    [Theory, MemberData(nameof(VectorWidthsUnderTest))]
    public void UpdateWeights(VectorWidth width)
    {
        Pairwise<float>(width, (wt, g, d, w) => NeuronKernels.UpdateWeights(wt, g, 0.37f, d, w));
        Pairwise<double>(width, (wt, g, d, w) => NeuronKernels.UpdateWeights(wt, g, 0.37, d, w));
    }

    [Theory, MemberData(nameof(VectorWidthsUnderTest))]
    public void NaNPropagatesThroughEveryKernel(VectorWidth width)
    {
        float[] x = Enumerable.Range(0, 70).Select(i => (float)i / 10).ToArray();
        x[37] = float.NaN;
        var d = new float[x.Length];
        NeuronKernels.Sigmoid(x, d, width);
        Assert.True(float.IsNaN(d[37]));
        Assert.False(float.IsNaN(d[36]));
        Assert.True(float.IsNaN(NeuronKernels.WeightedSum(x, x, width)));
        var g = new float[10];
        NeuronKernels.Gradient(x, x.AsSpan(0, 7), g, width);
        Assert.True(float.IsNaN(g[7]));
        Assert.False(float.IsNaN(g[6]));
    }

    private delegate void ElementwiseKernel<T>(ReadOnlySpan<T> x, Span<T> destination, VectorWidth width);
    private delegate void PairwiseKernel<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, VectorWidth width);

    private static void Elementwise<T>(VectorWidth width, ElementwiseKernel<T> kernel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(12345);
        for (int length = 0; length <= 300; length++)
        {
            int offset = length % 9;
            T[] source = TestData.Values<T>(random, length + offset);
            ReadOnlySpan<T> x = source.AsSpan(offset);
            var expected = new T[length];
            var actual = new T[length + offset];
            kernel(x, expected, VectorWidth.Scalar);
            kernel(x, actual.AsSpan(offset), width);
            TestData.AssertBitwiseEqual<T>(expected, actual.AsSpan(offset), $"{typeof(T).Name} length {length} offset {offset} at {width}");
        }
    }

    private static void Pairwise<T>(VectorWidth width, PairwiseKernel<T> kernel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(54321);
        for (int length = 0; length <= 300; length++)
        {
            int offset = length % 7;
            T[] a = TestData.Values<T>(random, length + offset);
            T[] b = TestData.Values<T>(random, length + offset);
            var expected = new T[length];
            var actual = new T[length];
            kernel(a.AsSpan(offset), b.AsSpan(offset), expected, VectorWidth.Scalar);
            kernel(a.AsSpan(offset), b.AsSpan(offset), actual, width);
            TestData.AssertBitwiseEqual<T>(expected, actual, $"{typeof(T).Name} length {length} offset {offset} at {width}");
        }
    }

    private static void WeightedSumCase<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(777);
        for (int length = 0; length <= 300; length++)
        {
            for (int offset = 0; offset < 3; offset++)
            {
                bool specials = offset == 2;
                T[] x = TestData.Values<T>(random, length + offset, specials);
                T[] w = TestData.Values<T>(random, length + offset, specials);
                T expected = NeuronKernels.WeightedSum<T>(x.AsSpan(offset), w.AsSpan(offset), VectorWidth.Scalar);
                T actual = NeuronKernels.WeightedSum<T>(x.AsSpan(offset), w.AsSpan(offset), width);
                Assert.True(TestData.Hex(expected) == TestData.Hex(actual),
                    $"{typeof(T).Name} length {length} offset {offset}: scalar {expected:R} vs {width} {actual:R}");
            }
        }
    }

    private static void BatchCase<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(99);
        foreach (int columns in new[] { 1, 3, 15, 16, 31, 32, 33, 64, 100, 129 })
        {
            int rows = random.Next(1, 20);
            T[] x = TestData.Values<T>(random, rows * columns, specials: false);
            T[] w = TestData.Values<T>(random, columns, specials: false);
            var expected = new T[rows];
            var actual = new T[rows];
            NeuronKernels.WeightedSums<T>(x, w, expected, VectorWidth.Scalar);
            NeuronKernels.WeightedSums<T>(x, w, actual, width);
            TestData.AssertBitwiseEqual<T>(expected, actual, $"{typeof(T).Name} {rows}x{columns} at {width}");
        }
    }

    private static void GradientCase<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(4242);
        // Shapes that exercise 4-vector column groups, single vectors, scalar lead and tail columns, and more than one
        // row chunk (4096 rows), where partials are combined; and more columns than one 16 KB block of partials. X starts
        // at several offsets, so that the columns before its first vector boundary vary.
        (int Rows, int Columns)[] shapes = [(0, 5), (1, 1), (4, 3), (7, 17), (33, 64), (5, 129), (300, 31), (4097, 9), (9000, 40), (70, 1500), (4100, 600), (9, 4500)];
        foreach ((int rows, int columns) in shapes)
        {
            for (int offset = 0; offset < (rows * columns > 0 ? 3 : 1); offset++)
            {
                T[] x = TestData.Values<T>(random, rows * columns + offset, specials: rows < 100);
                T[] delta = TestData.Values<T>(random, rows, specials: rows < 100);
                var expected = new T[columns];
                var actual = new T[columns];
                NeuronKernels.Gradient<T>(x.AsSpan(offset), delta, expected, VectorWidth.Scalar);
                NeuronKernels.Gradient<T>(x.AsSpan(offset), delta, actual, width);
                TestData.AssertBitwiseEqual<T>(expected, actual, $"{typeof(T).Name} {rows}x{columns} offset {offset} at {width}");
            }
        }
    }
}
