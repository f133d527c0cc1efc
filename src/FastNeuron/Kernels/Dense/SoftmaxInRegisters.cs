using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>
/// The softmax of <see cref="SoftmaxByElements"/>, bit for bit, for widths of four lanes or more (in multiples of
/// four): each row's maximum and sums are taken from whole vectors by lane shuffles in registers, and four rows go
/// through each step side by side; the rows left over (fewer than four, a single sample) go element by element.
/// </summary>
/// <remarks>
/// <para>The maximum is exact in any order, so it is a lane-wise maximum over the row's vectors (lanes beyond the
/// units set to −∞) and then a butterfly across the lanes. The sum keeps the contract's order: lane r of a
/// four-lane group accumulates the eⱼ with j ≡ r (mod 4) in j order, one group of four after another
/// (<see cref="ISimdOps{TVec, T}.AddGroupsOfFour"/>), from +0, with the lanes beyond the units set to +0 (adding
/// +0 to a sum of exps, which are never −0, changes no bit); then s = (s₀ + s₁) + (s₂ + s₃).</para>
/// <para>Element by element, a row's maximum and sums are chains of dependent scalar steps read back from the
/// exps just stored; here a row is a few vector operations, and the four rows' chains overlap
/// (LargeNetworkBenchmarks.Mlp64_ThinkBatch1000: 42.2 → 38.0 µs on AVX-512, before-after-issue12-session4.md).</para>
/// </remarks>
internal static class SoftmaxInRegisters
{
    /// <summary>Whether this width has whole groups of four lanes.</summary>
    public static bool Fits<TVec, T, TOps>()
        where TVec : struct
        where T : unmanaged
        where TOps : ISimdOps<TVec, T>
        => TOps.Count >= 4 && TOps.Count % 4 == 0;

    /// <summary>
    /// Softmax of each row's first <paramref name="units"/> values, in place, over rows of <paramref name="stride"/>
    /// values (a multiple of the width); the padding lanes get values nobody reads, as in <see cref="SoftmaxByElements"/>.
    /// </summary>
    /// <remarks>
    /// Each method here inlines at most four exps: with more, the JIT's inlining budget ran out inside the exp and left
    /// calls to the lane operations in the loop (10.3 µs instead of 8 for 64-32-10's 1,000 rows on AVX-512).
    /// </remarks>
    public static void Invoke<T, TVec, TOps>(ref T values, int rows, int stride, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int whole = rows - rows % 4;
        if (whole > 0)
        {
            if (stride == TOps.Count) OneVectorRows<T, TVec, TOps>(ref values, whole, units);
            else FourRowsAtATime<T, TVec, TOps>(ref values, whole, stride, units);
        }
        // The last rows % 4 alone: element by element, whose short chains beat the shuffles' latency for one row
        // (NetworkBenchmarks.ThinkSoftmax_Vector, one row: NOTES.md, fourth session).
        if (whole < rows) SoftmaxByElements.Invoke<T, TVec, TOps>(ref Unsafe.Add(ref values, whole * stride), rows - whole, stride, units);
    }

    /// <summary>Rows of several vectors, four rows through each step side by side (<paramref name="rows"/> a multiple of four).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FourRowsAtATime<T, TVec, TOps>(ref T values, int rows, int stride, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        var shape = new RowShape<T, TVec, TOps>(units);
        for (int i = 0; i < rows; i += 4)
        {
            ref T z0 = ref Unsafe.Add(ref values, i * stride);
            ref T z1 = ref Unsafe.Add(ref z0, stride);
            ref T z2 = ref Unsafe.Add(ref z0, 2 * stride);
            ref T z3 = ref Unsafe.Add(ref z0, 3 * stride);
            TVec m0 = RowMaximum(ref z0, shape), m1 = RowMaximum(ref z1, shape), m2 = RowMaximum(ref z2, shape), m3 = RowMaximum(ref z3, shape);
            Exponentiate<T, TVec, TOps>(ref z0, stride, m0);
            Exponentiate<T, TVec, TOps>(ref z1, stride, m1);
            Exponentiate<T, TVec, TOps>(ref z2, stride, m2);
            Exponentiate<T, TVec, TOps>(ref z3, stride, m3);
            TVec s0 = RowSum(ref z0, shape), s1 = RowSum(ref z1, shape), s2 = RowSum(ref z2, shape), s3 = RowSum(ref z3, shape);
            Divide<T, TVec, TOps>(ref z0, stride, s0);
            Divide<T, TVec, TOps>(ref z1, stride, s1);
            Divide<T, TVec, TOps>(ref z2, stride, s2);
            Divide<T, TVec, TOps>(ref z3, stride, s3);
        }
    }

    /// <summary>
    /// Rows of one vector (up to 16 float32 units on AVX-512, 8 on AVX2; <paramref name="rows"/> a multiple of four):
    /// each row stays in a register throughout.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void OneVectorRows<T, TVec, TOps>(ref T values, int rows, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        var shape = new RowShape<T, TVec, TOps>(units);
        nuint n = (nuint)TOps.Count;
        for (int i = 0; i < rows; i += 4)
        {
            ref T z = ref Unsafe.Add(ref values, i * TOps.Count);
            TVec v0 = TOps.Load(ref z, 0), v1 = TOps.Load(ref z, n), v2 = TOps.Load(ref z, 2 * n), v3 = TOps.Load(ref z, 3 * n);
            TVec m0 = shape.MaximumOfLast(v0), m1 = shape.MaximumOfLast(v1), m2 = shape.MaximumOfLast(v2), m3 = shape.MaximumOfLast(v3);
            TVec e0 = Exp<T, TVec, TOps>(v0, m0), e1 = Exp<T, TVec, TOps>(v1, m1), e2 = Exp<T, TVec, TOps>(v2, m2), e3 = Exp<T, TVec, TOps>(v3, m3);
            TOps.Store(TOps.Divide(e0, TOps.SumOfFirstFourLanes(shape.AddLast(TOps.Create(T.Zero), e0))), ref z, 0);
            TOps.Store(TOps.Divide(e1, TOps.SumOfFirstFourLanes(shape.AddLast(TOps.Create(T.Zero), e1))), ref z, n);
            TOps.Store(TOps.Divide(e2, TOps.SumOfFirstFourLanes(shape.AddLast(TOps.Create(T.Zero), e2))), ref z, 2 * n);
            TOps.Store(TOps.Divide(e3, TOps.SumOfFirstFourLanes(shape.AddLast(TOps.Create(T.Zero), e3))), ref z, 3 * n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Exp<T, TVec, TOps>(TVec z, TVec max)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        => ExpOperator.Invoke<T, TVec, TOps>(TOps.Subtract(z, max));

    /// <summary>
    /// Where a row's units end: its whole vectors, and in its last vector the lanes that hold units (the others count
    /// as −∞ for the maximum and +0 for the sums) and the groups of four they reach.
    /// </summary>
    private readonly struct RowShape<T, TVec, TOps>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        /// <summary>The offset of the row's last vector that holds units; the vectors before it are all units.</summary>
        public readonly int Last;

        /// <summary>Groups of four in the last vector that hold units.</summary>
        public readonly int LastGroups;

        /// <summary>Lane indices at or above this, in the last vector, are beyond the units.</summary>
        private readonly TVec _limit;

        public RowShape(int units)
        {
            Last = (units - 1) / TOps.Count * TOps.Count;
            LastGroups = (units - Last + 3) / 4;
            _limit = TOps.Create(T.CreateTruncating(units - Last));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec UnitsOfLast(TVec last, TVec beyond) => TOps.SelectWhereGreaterThanOrEqual(TOps.LaneIndices, _limit, beyond, last);

        /// <summary>The maximum over the last vector's units, joined with <paramref name="max"/>, in every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec MaximumOfLast(TVec last, TVec max) => TOps.MaxOfAllLanes(TOps.Max(max, UnitsOfLast(last, TOps.Create(T.NegativeInfinity))));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec MaximumOfLast(TVec last) => TOps.MaxOfAllLanes(UnitsOfLast(last, TOps.Create(T.NegativeInfinity)));

        /// <summary><paramref name="sums"/> plus the last vector's groups of four, its lanes beyond the units as +0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec AddLast(TVec sums, TVec last) => TOps.AddGroupsOfFour(sums, UnitsOfLast(last, TOps.Create(T.Zero)), LastGroups);
    }

    /// <summary>The row's maximum over its units, in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec RowMaximum<T, TVec, TOps>(ref T z, in RowShape<T, TVec, TOps> shape)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec max = TOps.Create(T.NegativeInfinity);
        for (int v = 0; v < shape.Last; v += TOps.Count)
        {
            max = TOps.Max(max, TOps.Load(ref z, (nuint)v));
        }
        return shape.MaximumOfLast(TOps.Load(ref z, (nuint)shape.Last), max);
    }

    /// <summary>eⱼ = exp(zⱼ − m) over the whole padded row, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Exponentiate<T, TVec, TOps>(ref T z, int stride, TVec max)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        for (int v = 0; v < stride; v += TOps.Count)
        {
            TOps.Store(Exp<T, TVec, TOps>(TOps.Load(ref z, (nuint)v), max), ref z, (nuint)v);
        }
    }

    /// <summary>s = (s₀ + s₁) + (s₂ + s₃) of the row's exps, in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec RowSum<T, TVec, TOps>(ref T z, in RowShape<T, TVec, TOps> shape)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec sums = TOps.Create(T.Zero);
        for (int v = 0; v < shape.Last; v += TOps.Count)
        {
            sums = TOps.AddGroupsOfFour(sums, TOps.Load(ref z, (nuint)v), TOps.Count / 4);
        }
        return TOps.SumOfFirstFourLanes(shape.AddLast(sums, TOps.Load(ref z, (nuint)shape.Last)));
    }

    /// <summary>pⱼ = eⱼ / s over the whole padded row, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Divide<T, TVec, TOps>(ref T z, int stride, TVec sum)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        for (int v = 0; v < stride; v += TOps.Count)
        {
            TOps.Store(TOps.Divide(TOps.Load(ref z, (nuint)v), sum), ref z, (nuint)v);
        }
    }
}
