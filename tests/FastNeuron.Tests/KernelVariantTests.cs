using System.Numerics;

namespace FastNeuron.Tests;

/// <summary>
/// Every variant in <see cref="KernelVariants{T}"/>, float32 and float64, against the scalar reference bit for bit:
/// weighted sums on every length 0–64, random lengths to 300 and 4,099+, at odd offsets; iterations on shapes that
/// cover one register, vector tails, several gradient chunks (4,096 rows) and the multi-threaded epoch.
/// </summary>
[Trait("Category", "Verification")]
public class KernelVariantTests
{
    public static TheoryData<string, string> WeightedSumsVariants() => Names(KernelVariants<float>.WeightedSums.Select(v => v.Name), KernelVariants<double>.WeightedSums.Select(v => v.Name));

    public static TheoryData<string, string> IterationVariants() => Names(KernelVariants<float>.Iterations.Select(v => v.Name), KernelVariants<double>.Iterations.Select(v => v.Name));

    [Theory, MemberData(nameof(WeightedSumsVariants))]
    public void WeightedSumsAreBitwiseTheReference(string type, string name)
    {
        if (type == "float") WeightedSums(KernelVariants<float>.WeightedSums.Single(v => v.Name == name));
        else WeightedSums(KernelVariants<double>.WeightedSums.Single(v => v.Name == name));
    }

    [Theory, MemberData(nameof(IterationVariants))]
    public void IterationsAreBitwiseTheReference(string type, string name)
    {
        if (type == "float") Iterations(KernelVariants<float>.Iterations.Single(v => v.Name == name));
        else Iterations(KernelVariants<double>.Iterations.Single(v => v.Name == name));
    }

    [Fact]
    public void EveryListedVariantHasAUniqueName()
    {
        Assert.Equal(KernelVariants<float>.WeightedSums.Count, KernelVariants<float>.WeightedSums.Select(v => v.Name).Distinct().Count());
        Assert.Equal(KernelVariants<float>.Iterations.Count, KernelVariants<float>.Iterations.Select(v => v.Name).Distinct().Count());
    }

    private static TheoryData<string, string> Names(IEnumerable<string> floats, IEnumerable<string> doubles)
    {
        var data = new TheoryData<string, string>();
        foreach (string name in floats) data.Add("float", name);
        foreach (string name in doubles) data.Add("double", name);
        return data;
    }

    private static void WeightedSums<T>(WeightedSumsVariant<T> variant)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(2024);
        IEnumerable<int> lengths = Enumerable.Range(0, 65)
            .Concat(Enumerable.Range(0, 40).Select(_ => random.Next(65, 301)))
            .Concat([96, 128, 256, 300, 4099, 4128, 4133]);
        int compared = 0;
        foreach (int columns in lengths)
        {
            int rows = columns > 1000 ? 9 : 17;   // two blocks of 8 rows and one more
            int xOffset = 1 + 2 * random.Next(3), wOffset = 2 * random.Next(2) + 1;
            bool specials = columns % 5 == 0;
            T[] x = Scaled<T>(random, xOffset + rows * columns, specials);
            T[] w = Scaled<T>(random, wOffset + columns, specials);
            var expected = new T[rows];
            var actual = new T[rows + 3];
            KernelVariants<T>.ReferenceWeightedSums(x.AsSpan(xOffset), rows, columns, w.AsSpan(wOffset, columns), expected);
            int done = variant.Body(x.AsSpan(xOffset), rows, columns, w.AsSpan(wOffset, columns), actual.AsSpan(1, rows));
            TestData.AssertBitwiseEqual<T>(expected.AsSpan(0, done), actual.AsSpan(1, done), $"{variant.Name}, {typeof(T).Name}, {rows} x {columns}");
            compared += done;
        }
        bool supported = variant.Name == "RowBlockDot.SixteenShort512" ? System.Runtime.Intrinsics.X86.Avx512F.IsSupported
            : !variant.Name.StartsWith("RowBlockDot", StringComparison.Ordinal) || System.Runtime.Intrinsics.X86.Avx2.IsSupported;
        if (supported)
        {
            Assert.True(compared > 0, $"{variant.Name} computed nothing");
        }
    }

    private static void Iterations<T>(IterationVariant<T> variant)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(77);
        (int Rows, int Columns)[] shapes =
        [
            (1, 1), (2, 2), (4, 3), (3, 4), (8, 8), (16, 16), (5, 13), (17, 31), (40, 32), (9, 64), (33, 96), (100, 7),
            (random.Next(1, 301), random.Next(1, 301)), (random.Next(1, 301), random.Next(1, 40)), (4099, 5), (4_100, 33), (8_200, 9), (2, 4099),
            (16_500, 16),   // above FusedEpochRunner's parallel threshold: the two-thread runner really splits
            // Narrow rows over several blocks with a short last block of 13, 5 or 1 rows (by width): the fused epoch's
            // pipelined loop with both its four-row unrolls and their tails; 20 columns reach the 16-row short kernel.
            (61, 7), (61, 20),
        ];
        int compared = 0;
        foreach ((int rows, int columns) in shapes)
        {
            if (!variant.Fits(rows, columns)) continue;
            int offset = 1 + random.Next(3);
            T[] x = new T[offset + rows * columns];
            for (int i = offset; i < x.Length; i++) x[i] = T.CreateChecked(random.NextDouble() * 4 - 2);
            T[] y = new T[offset + rows];
            for (int i = offset; i < y.Length; i++) y[i] = T.CreateChecked(random.Next(2));
            T[] w = new T[offset + columns];
            for (int i = offset; i < w.Length; i++) w[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
            T bias = T.CreateChecked(0.1), rate = T.CreateChecked(0.37);
            var expected = new T[columns];
            var actual = new T[columns];
            T expectedBias = KernelVariants<T>.ReferenceIteration(x.AsSpan(offset), y.AsSpan(offset), w.AsSpan(offset), bias, rate, expected);
            T actualBias = variant.Body(x.AsSpan(offset), y.AsSpan(offset), w.AsSpan(offset), bias, rate, actual);
            string what = $"{variant.Name}, {typeof(T).Name}, {rows} x {columns}";
            TestData.AssertBitwiseEqual<T>(expected, actual, what);
            Assert.True(TestData.Hex(expectedBias) == TestData.Hex(actualBias), $"{what}: bias {expectedBias:R} vs {actualBias:R}");
            compared++;
        }
        Assert.True(compared > 0, $"{variant.Name} fitted no shape");
    }

    /// <summary>Values of mixed magnitudes, so that a different accumulation order shows in the last bits.</summary>
    private static T[] Scaled<T>(Random random, int length, bool specials)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] values = TestData.Values<T>(random, length, specials);
        double[] scales = [1e-3, 1, 1e3];
        for (int i = 0; i < length; i++) values[i] *= T.CreateChecked(scales[random.Next(3)]);
        return values;
    }
}
