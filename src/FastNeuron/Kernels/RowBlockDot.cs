using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FastNeuron.Kernels;

/// <summary>
/// The weighted sums of 8 consecutive float32 rows at once, with exactly the bits of <see cref="DotProduct"/>:
/// each row's 32 interleaved lanes are accumulated as usual, the tree levels that are lane-wise adds between
/// accumulators run per row, and the last three levels (inside one 8-lane vector) run for all 8 rows together
/// on a transposed layout: one shuffle tree instead of eight horizontal reductions.
/// </summary>
/// <remarks>
/// Every addition has the same two operands, in the same order, as in <see cref="DotProduct"/>'s scalar tree
/// (lane[l] + lane[l + h]); only where the operands sit in the registers changes. x86 with AVX2 only, for row
/// lengths that are a multiple of 32; other cases use the per-row kernels. The big-data epoch spends most of its
/// time here: a horizontal reduction per row costs more than the row's FMAs.
/// </remarks>
internal static partial class RowBlockDot
{
    public const int Rows = 8;

    public static bool IsSupported(int columns) => Avx2.IsSupported && columns >= 32 && columns % 32 == 0;

    /// <summary>Rows shorter than the 32 lanes are sequential chains; 8 of them run side by side, one per lane.</summary>
    public static bool IsSupportedShort(int columns) => Avx2.IsSupported && columns is >= 4 and < 32;

    /// <summary>
    /// z[r] for 8 rows shorter than 32: each row's sequential chain z = fma(x[j], w[j], z) from +0, with the 8 rows
    /// in the 8 lanes. Columns come 8 at a time through an 8 × 8 transpose, the rest one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> EightShort256(ref float first, int columns, ref float w) => EightShort256From(ref first, columns, ref w, 0, default);

    /// <summary>The chains of <see cref="EightShort256"/> continued from column <paramref name="j"/>, where they stand at <paramref name="z"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> EightShort256From(ref float first, int columns, ref float w, int j, Vector256<float> z)
    {
        for (; j + 8 <= columns; j += 8)
        {
            ref float at = ref Unsafe.Add(ref first, j);
            Vector256<float> r0 = Vector256.LoadUnsafe(ref at);
            Vector256<float> r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref at, columns));
            Vector256<float> r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref at, 2 * columns));
            Vector256<float> r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref at, 3 * columns));
            Vector256<float> r4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref at, 4 * columns));
            Vector256<float> r5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref at, 5 * columns));
            Vector256<float> r6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref at, 6 * columns));
            Vector256<float> r7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref at, 7 * columns));
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
            Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
            Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
            Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
            // Column j + k of the 8 rows, in column order: the chains advance one column at a time.
            z = Vector256.FusedMultiplyAdd(Avx.Permute2x128(u0, u4, 0x20), Vector256.Create(Unsafe.Add(ref w, j)), z);
            z = Vector256.FusedMultiplyAdd(Avx.Permute2x128(u1, u5, 0x20), Vector256.Create(Unsafe.Add(ref w, j + 1)), z);
            z = Vector256.FusedMultiplyAdd(Avx.Permute2x128(u2, u6, 0x20), Vector256.Create(Unsafe.Add(ref w, j + 2)), z);
            z = Vector256.FusedMultiplyAdd(Avx.Permute2x128(u3, u7, 0x20), Vector256.Create(Unsafe.Add(ref w, j + 3)), z);
            z = Vector256.FusedMultiplyAdd(Avx.Permute2x128(u0, u4, 0x31), Vector256.Create(Unsafe.Add(ref w, j + 4)), z);
            z = Vector256.FusedMultiplyAdd(Avx.Permute2x128(u1, u5, 0x31), Vector256.Create(Unsafe.Add(ref w, j + 5)), z);
            z = Vector256.FusedMultiplyAdd(Avx.Permute2x128(u2, u6, 0x31), Vector256.Create(Unsafe.Add(ref w, j + 6)), z);
            z = Vector256.FusedMultiplyAdd(Avx.Permute2x128(u3, u7, 0x31), Vector256.Create(Unsafe.Add(ref w, j + 7)), z);
        }
        for (; j < columns; j++)
        {
            Vector256<float> column = Vector256.Create(
                Unsafe.Add(ref first, j), Unsafe.Add(ref first, columns + j), Unsafe.Add(ref first, 2 * columns + j), Unsafe.Add(ref first, 3 * columns + j),
                Unsafe.Add(ref first, 4 * columns + j), Unsafe.Add(ref first, 5 * columns + j), Unsafe.Add(ref first, 6 * columns + j), Unsafe.Add(ref first, 7 * columns + j));
            z = Vector256.FusedMultiplyAdd(column, Vector256.Create(Unsafe.Add(ref w, j)), z);
        }
        return z;
    }

    /// <summary>z[r] = dot(row r, w) for rows r = 0..7 starting at <paramref name="first"/>, row stride <paramref name="columns"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Eight256(ref float first, int columns, ref float w) => Eight<Accumulate256>(ref first, columns, ref w);

    /// <summary>The same with Vector512 accumulators (two per row, as <see cref="DotProduct"/> at Vector512).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Eight512(ref float first, int columns, ref float w) => Eight<Accumulate512>(ref first, columns, ref w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Eight<TAccumulate>(ref float first, int columns, ref float w)
        where TAccumulate : IRowAccumulate
    {
        TAccumulate.Lanes(ref first, columns, ref w, out Vector256<float> b0, out Vector256<float> b1, out Vector256<float> b2, out Vector256<float> b3);
        TAccumulate.Lanes(ref Unsafe.Add(ref first, 4 * columns), columns, ref w, out Vector256<float> b4, out Vector256<float> b5, out Vector256<float> b6, out Vector256<float> b7);
        return TransposedTree(b0, b1, b2, b3, b4, b5, b6, b7);
    }

    /// <summary>Four rows' 32 accumulation lanes each, reduced by the lane-wise tree levels to 8.</summary>
    private interface IRowAccumulate
    {
        static abstract void Lanes(ref float row, int columns, ref float w, out Vector256<float> b0, out Vector256<float> b1, out Vector256<float> b2, out Vector256<float> b3);
    }

    private readonly struct Accumulate256 : IRowAccumulate
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Lanes(ref float row, int columns, ref float w, out Vector256<float> b0, out Vector256<float> b1, out Vector256<float> b2, out Vector256<float> b3)
        {
            Lanes256(ref row, columns, ref w, out b0, out b1);
            Lanes256(ref Unsafe.Add(ref row, 2 * columns), columns, ref w, out b2, out b3);
        }
    }

    private readonly struct Accumulate512 : IRowAccumulate
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Lanes(ref float row, int columns, ref float w, out Vector256<float> b0, out Vector256<float> b1, out Vector256<float> b2, out Vector256<float> b3)
            => Lanes512(ref row, columns, ref w, out b0, out b1, out b2, out b3);
    }

    /// <summary>
    /// Two rows' 32 lanes each, reduced to 8 by the tree's first two levels: (a0 + a2) + (a1 + a3) per row. The two rows
    /// share one loop so that their eight chains overlap: one row per loop left each row's four chains of
    /// columns ÷ 32 dependent fused multiply-adds waiting on their latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lanes256(ref float row, int columns, ref float w, out Vector256<float> first, out Vector256<float> second)
    {
        ref float next = ref Unsafe.Add(ref row, columns);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
        for (nuint j = 0; j < (nuint)columns; j += 32)
        {
            Vector256<float> w0 = Vector256.LoadUnsafe(ref w, j), w1 = Vector256.LoadUnsafe(ref w, j + 8);
            Vector256<float> w2 = Vector256.LoadUnsafe(ref w, j + 16), w3 = Vector256.LoadUnsafe(ref w, j + 24);
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, j), w0, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, j + 8), w1, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, j + 16), w2, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, j + 24), w3, a3);
            c0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref next, j), w0, c0);
            c1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref next, j + 8), w1, c1);
            c2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref next, j + 16), w2, c2);
            c3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref next, j + 24), w3, c3);
        }
        first = (a0 + a2) + (a1 + a3);
        second = (c0 + c2) + (c1 + c3);
    }

    /// <summary>
    /// Four rows' 32 lanes each as two Vector512 accumulators, reduced to 8 lanes: a0 + a1, then its halves. The four rows
    /// share one loop so that their eight chains overlap (see <see cref="Lanes256"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lanes512(ref float row, int columns, ref float w, out Vector256<float> b0, out Vector256<float> b1, out Vector256<float> b2, out Vector256<float> b3)
    {
        ref float row1 = ref Unsafe.Add(ref row, columns);
        ref float row2 = ref Unsafe.Add(ref row, 2 * columns);
        ref float row3 = ref Unsafe.Add(ref row, 3 * columns);
        Vector512<float> a0 = default, a1 = default, c0 = default, c1 = default;
        Vector512<float> d0 = default, d1 = default, e0 = default, e1 = default;
        for (nuint j = 0; j < (nuint)columns; j += 32)
        {
            Vector512<float> w0 = Vector512.LoadUnsafe(ref w, j), w1 = Vector512.LoadUnsafe(ref w, j + 16);
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, j), w0, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, j + 16), w1, a1);
            c0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row1, j), w0, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row1, j + 16), w1, c1);
            d0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row2, j), w0, d0);
            d1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row2, j + 16), w1, d1);
            e0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row3, j), w0, e0);
            e1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row3, j + 16), w1, e1);
        }
        b0 = Halves(a0 + a1);
        b1 = Halves(c0 + c1);
        b2 = Halves(d0 + d1);
        b3 = Halves(e0 + e1);
    }

    /// <summary>The tree's level h = 8 of a 16-lane vector: its lower half plus its upper half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Halves(Vector512<float> b) => b.GetLower() + b.GetUpper();

    /// <summary>
    /// For 8 rows' 8-lane vectors b_r, each z_r = ((b[0] + b[4]) + (b[2] + b[6])) + ((b[1] + b[5]) + (b[3] + b[7])):
    /// the tree's levels h = 4, 2, 1, computed on all rows at once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> TransposedTree(Vector256<float> b0, Vector256<float> b1, Vector256<float> b2, Vector256<float> b3,
        Vector256<float> b4, Vector256<float> b5, Vector256<float> b6, Vector256<float> b7)
    {
        // h = 4: c[l] = b[l] + b[l + 4]. Lanes 0–3 hold row r, lanes 4–7 row r + 1.
        Vector256<float> c01 = Avx.Permute2x128(b0, b1, 0x20) + Avx.Permute2x128(b0, b1, 0x31);
        Vector256<float> c23 = Avx.Permute2x128(b2, b3, 0x20) + Avx.Permute2x128(b2, b3, 0x31);
        Vector256<float> c45 = Avx.Permute2x128(b4, b5, 0x20) + Avx.Permute2x128(b4, b5, 0x31);
        Vector256<float> c67 = Avx.Permute2x128(b6, b7, 0x20) + Avx.Permute2x128(b6, b7, 0x31);
        // h = 2: d[l] = c[l] + c[l + 2]. Per 128-bit half: (d0, d1) of one row, then (d0, d1) of another.
        Vector256<float> d0123 = Avx.Shuffle(c01, c23, 0x44) + Avx.Shuffle(c01, c23, 0xEE);
        Vector256<float> d4567 = Avx.Shuffle(c45, c67, 0x44) + Avx.Shuffle(c45, c67, 0xEE);
        // h = 1: z = d0 + d1, giving rows (0, 2, 4, 6, 1, 3, 5, 7); then back into row order.
        Vector256<float> z = Avx.Shuffle(d0123, d4567, 0x88) + Avx.Shuffle(d0123, d4567, 0xDD);
        return Avx2.PermuteVar8x32(z, Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7));
    }
}
