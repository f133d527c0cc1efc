using System.Numerics;
using System.Runtime.Intrinsics;
using FastNeuron.Common;
using FastNeuron.Kernels.Dense;

namespace FastNeuron.Tests;

/// <summary>
/// The softmax in registers (Kernels/Dense/SoftmaxInRegisters.cs) against its element-by-element twin
/// (SoftmaxByElements at one lane), bit for bit, at every width and both precisions: unit counts around every group of
/// four and every vector, row counts around its blocks of four rows, and rows of special values. Vector256/512 run in
/// software where the CPU lacks them. Also the lane operations it is built from, against their one-lane definitions.
/// </summary>
[Trait("Category", "Verification")]
public class SoftmaxInRegistersTests
{
    public static TheoryData<VectorWidth> Widths() => [VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512];

    private static readonly int[] UnitCounts = [1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 15, 16, 17, 20, 31, 33, 64, 100];

    [Theory, MemberData(nameof(Widths))]
    public void EveryShapeMatchesTheElementByElementForm(VectorWidth width)
    {
        AssertEveryShape<float>(width, new Random(61));
        AssertEveryShape<double>(width, new Random(62));
    }

    [Theory, MemberData(nameof(Widths))]
    public void RowsOfSpecialValuesMatchTheElementByElementForm(VectorWidth width)
    {
        AssertSpecialRows<float>(width);
        AssertSpecialRows<double>(width);
    }

    [Fact]
    public void TheLaneOperationsMatchTheirOneLaneDefinitions()
    {
        AssertLaneOperations<float, Vector128<float>, Vector128Ops<float>>();
        AssertLaneOperations<float, Vector256<float>, Vector256Ops<float>>();
        AssertLaneOperations<float, Vector512<float>, Vector512Ops<float>>();
        AssertLaneOperations<double, Vector256<double>, Vector256Ops<double>>();
        AssertLaneOperations<double, Vector512<double>, Vector512Ops<double>>();
        // Max over the pairs that T.Max orders specially: ±0 both ways round, NaN on either side, infinities.
        AssertMaxLikeTMax<float, Vector128<float>, Vector128Ops<float>>();
        AssertMaxLikeTMax<float, Vector256<float>, Vector256Ops<float>>();
        AssertMaxLikeTMax<float, Vector512<float>, Vector512Ops<float>>();
        AssertMaxLikeTMax<double, Vector128<double>, Vector128Ops<double>>();
        AssertMaxLikeTMax<double, Vector256<double>, Vector256Ops<double>>();
        AssertMaxLikeTMax<double, Vector512<double>, Vector512Ops<double>>();
    }

    [Fact]
    public void WidthsWithoutGroupsOfFourTakeTheElementByElementForm()
    {
        Assert.True(SoftmaxInRegisters.Fits<Vector128<float>, float, Vector128Ops<float>>());
        Assert.True(SoftmaxInRegisters.Fits<Vector256<double>, double, Vector256Ops<double>>());
        Assert.False(SoftmaxInRegisters.Fits<Vector128<double>, double, Vector128Ops<double>>());
        Assert.False(SoftmaxInRegisters.Fits<float, float, ScalarOps<float>>());
    }

    private static void AssertEveryShape<T>(VectorWidth width, Random random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (int units in UnitCounts)
        {
            int stride = DenseLayout.Stride<T>(units);
            for (int rows = 1; rows <= 9; rows++)
            {
                // Wide spreads, so that some exps underflow to +0 and some rows have a dominant unit.
                T[] z = Enumerable.Range(0, rows * stride).Select(_ => T.CreateChecked((random.NextDouble() * 2 - 1) * (random.Next(3) == 0 ? 200 : 4))).ToArray();
                AssertSameAsElementByElement(z, rows, stride, units, width, $"{typeof(T).Name}, {units} units, {rows} rows at {width}");
            }
        }
    }

    private static void AssertSpecialRows<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T inf = T.PositiveInfinity, nan = T.NaN, big = T.CreateChecked(80), tiny = T.Epsilon;
        T[][] rows =
        [
            [T.NegativeZero, T.Zero, T.NegativeZero, T.Zero, T.NegativeZero, T.Zero, T.NegativeZero, T.Zero, T.NegativeZero, T.Zero],
            [-inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf],
            [-inf, T.One, -inf, T.One, -inf, -inf, -inf, -inf, -inf, T.One],
            [inf, T.One, T.Zero, -inf, T.One, T.One, T.One, T.One, T.One, T.One],
            [T.One, nan, T.One, T.One, T.One, T.One, T.One, T.One, T.One, T.One],
            [big, -big, big, -big, big, -big, big, -big, big, -big],
            [tiny, -tiny, tiny, T.Zero, T.NegativeZero, tiny, tiny, tiny, tiny, -tiny],
            [T.CreateChecked(3), T.CreateChecked(3), T.CreateChecked(3), T.CreateChecked(3), T.CreateChecked(3), T.CreateChecked(3), T.CreateChecked(3), T.CreateChecked(3), T.CreateChecked(3), T.CreateChecked(3)],
            [T.CreateChecked(-745), T.CreateChecked(-100), T.CreateChecked(-104), T.CreateChecked(-103.5), T.CreateChecked(-87.5), T.CreateChecked(-150), T.CreateChecked(-87), T.CreateChecked(-88), T.CreateChecked(-90), T.CreateChecked(-700)],
        ];
        foreach (int units in new[] { 1, 3, 4, 5, 9, 10 })
        {
            int stride = DenseLayout.Stride<T>(units);
            var z = new T[rows.Length * stride];
            for (int i = 0; i < rows.Length; i++) rows[i].AsSpan(0, units).CopyTo(z.AsSpan(i * stride));
            AssertSameAsElementByElement(z, rows.Length, stride, units, width, $"special {typeof(T).Name} rows of {units} at {width}");
        }
    }

    private static void AssertSameAsElementByElement<T>(T[] z, int rows, int stride, int units, VectorWidth width, string what)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] reference = (T[])z.Clone(), vector = (T[])z.Clone();
        SoftmaxByElements.Invoke<T, T, ScalarOps<T>>(ref reference[0], rows, stride, units);
        DenseKernels.Activate<T>(Activation.Softmax, vector, rows, stride, units, width);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < units; j++)
            {
                T expected = reference[i * stride + j], actual = vector[i * stride + j];
                // docs/numerics.md: a NaN is NaN at every width, its sign and payload are not part of the contract.
                if (T.IsNaN(expected) && T.IsNaN(actual)) continue;
                Assert.True(TestData.Hex(expected) == TestData.Hex(actual),
                    $"{what}: row {i}, unit {j}: element by element {expected:R} ({TestData.Hex(expected)}), in registers {actual:R} ({TestData.Hex(actual)})");
            }
        }
    }

    private static void AssertLaneOperations<T, TVec, TOps>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        var random = new Random(63);
        int count = TOps.Count;
        for (int attempt = 0; attempt < 50; attempt++)
        {
            T[] a = Enumerable.Range(0, count).Select(_ => T.CreateChecked(random.NextDouble() * 10 - 5)).ToArray();
            T[] b = Enumerable.Range(0, count).Select(_ => T.CreateChecked(random.NextDouble() * 10 - 5)).ToArray();
            TVec va = TOps.Load(ref a[0], 0), vb = TOps.Load(ref b[0], 0);

            var max = new T[count];
            TOps.Store(TOps.MaxOfAllLanes(va), ref max[0], 0);
            Assert.All(max, m => Assert.Equal(TestData.Hex(a.Aggregate(T.Max)), TestData.Hex(m)));

            var indices = new T[count];
            TOps.Store(TOps.LaneIndices, ref indices[0], 0);
            Assert.Equal(Enumerable.Range(0, count).Select(T.CreateChecked), indices);

            for (int groups = 1; groups <= count / 4; groups++)
            {
                var summed = new T[count];
                TOps.Store(TOps.AddGroupsOfFour(va, vb, groups), ref summed[0], 0);
                for (int lane = 0; lane < count; lane++)
                {
                    T expected = a[lane];
                    for (int g = 0; g < groups; g++) expected += b[4 * g + lane % 4];
                    Assert.Equal(TestData.Hex(expected), TestData.Hex(summed[lane]));
                }
            }

            var four = new T[count];
            TOps.Store(TOps.SumOfFirstFourLanes(va), ref four[0], 0);
            Assert.All(four, s => Assert.Equal(TestData.Hex((a[0] + a[1]) + (a[2] + a[3])), TestData.Hex(s)));
        }
    }

    private static void AssertMaxLikeTMax<T, TVec, TOps>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        T[] specials = [T.NegativeZero, T.Zero, T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.One, -T.One, T.Epsilon];
        foreach (T left in specials)
        {
            foreach (T right in specials)
            {
                var result = new T[TOps.Count];
                TOps.Store(TOps.Max(TOps.Create(left), TOps.Create(right)), ref result[0], 0);
                T expected = T.Max(left, right);
                if (T.IsNaN(expected)) Assert.True(T.IsNaN(result[0]), $"Max({left}, {right}) at {typeof(TVec).Name}");
                else Assert.Equal(TestData.Hex(expected), TestData.Hex(result[0]));
            }
        }
    }
}
