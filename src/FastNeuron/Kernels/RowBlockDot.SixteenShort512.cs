using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FastNeuron.Kernels;

internal static partial class RowBlockDot
{
    /// <summary>
    /// Rows of 16 to 31 float32 values, 16 at once with AVX-512: what <see cref="SixteenShort512"/> accepts.
    /// </summary>
    public static bool IsSupportedSixteenShort(int columns) => Avx512F.IsSupported && columns is >= 16 and < 32;

    /// <summary>
    /// z[r] for 16 rows shorter than 32, the chains of <see cref="EightShort256"/> with the 16 rows in the 16 lanes: the
    /// first 16 columns come through one 16 × 16 transpose (64 shuffles for 256 values, where two 8 × 8 transposes per
    /// 8 columns take 128), the rest continue as two groups of 8 rows.
    /// </summary>
    /// <remarks>Each lane's chain is fma(x[r, j], w[j], z) for j = 0, 1, ... in order, from +0: the same bits as <see cref="DotProduct"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SixteenShort512(ref float first, int columns, ref float w)
    {
        // Four groups of four rows: after two unpack levels, item k of group g holds rows 4g .. 4g + 3 of column 4L + k
        // in its 128-bit lane L.
        (Vector512<float> u00, Vector512<float> u01, Vector512<float> u02, Vector512<float> u03) = FourRows(ref first, columns);
        (Vector512<float> u10, Vector512<float> u11, Vector512<float> u12, Vector512<float> u13) = FourRows(ref Unsafe.Add(ref first, 4 * columns), columns);
        (Vector512<float> u20, Vector512<float> u21, Vector512<float> u22, Vector512<float> u23) = FourRows(ref Unsafe.Add(ref first, 8 * columns), columns);
        (Vector512<float> u30, Vector512<float> u31, Vector512<float> u32, Vector512<float> u33) = FourRows(ref Unsafe.Add(ref first, 12 * columns), columns);
        // Across the groups, 128-bit lanes: a = (g0.L0, g0.L1, g1.L0, g1.L1) and b = (g2.L0, g2.L1, g3.L0, g3.L1) give
        // column L = 0 as (a.0, a.2, b.0, b.2) and L = 1 as (a.1, a.3, b.1, b.3); the same with lanes 2 and 3 (0xEE).
        Vector512<float> z = EightColumns(
            Avx512F.Shuffle4x128(u00, u10, 0x44), Avx512F.Shuffle4x128(u01, u11, 0x44), Avx512F.Shuffle4x128(u02, u12, 0x44), Avx512F.Shuffle4x128(u03, u13, 0x44),
            Avx512F.Shuffle4x128(u20, u30, 0x44), Avx512F.Shuffle4x128(u21, u31, 0x44), Avx512F.Shuffle4x128(u22, u32, 0x44), Avx512F.Shuffle4x128(u23, u33, 0x44),
            ref w, default);
        z = EightColumns(
            Avx512F.Shuffle4x128(u00, u10, 0xEE), Avx512F.Shuffle4x128(u01, u11, 0xEE), Avx512F.Shuffle4x128(u02, u12, 0xEE), Avx512F.Shuffle4x128(u03, u13, 0xEE),
            Avx512F.Shuffle4x128(u20, u30, 0xEE), Avx512F.Shuffle4x128(u21, u31, 0xEE), Avx512F.Shuffle4x128(u22, u32, 0xEE), Avx512F.Shuffle4x128(u23, u33, 0xEE),
            ref Unsafe.Add(ref w, 8), z);
        return SixteenShort512Rest(ref first, columns, ref w, z);
    }

    /// <summary>
    /// Continues z over columns 16 and up, in order: rows 0–7 and 8–15 as two groups of 8 (<see cref="EightShort256"/>'s loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SixteenShort512Rest(ref float first, int columns, ref float w, Vector512<float> z)
    {
        if (columns == 16)
        {
            return z;
        }
        Vector256<float> lower = EightShort256From(ref first, columns, ref w, 16, z.GetLower());
        Vector256<float> upper = EightShort256From(ref Unsafe.Add(ref first, 8 * columns), columns, ref w, 16, z.GetUpper());
        return Vector512.Create(lower, upper);
    }

    /// <summary>
    /// Eight columns into the chains, in order: column L·4 + k (L = 0, 1) is (a_k.L, a_k.L + 2, b_k.L, b_k.L + 2) in
    /// 128-bit lanes, weighted by <paramref name="w"/>[L·4 + k].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> EightColumns(Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3,
        Vector512<float> b0, Vector512<float> b1, Vector512<float> b2, Vector512<float> b3, ref float w, Vector512<float> z)
    {
        z = Vector512.FusedMultiplyAdd(Avx512F.Shuffle4x128(a0, b0, 0x88), Vector512.Create(w), z);
        z = Vector512.FusedMultiplyAdd(Avx512F.Shuffle4x128(a1, b1, 0x88), Vector512.Create(Unsafe.Add(ref w, 1)), z);
        z = Vector512.FusedMultiplyAdd(Avx512F.Shuffle4x128(a2, b2, 0x88), Vector512.Create(Unsafe.Add(ref w, 2)), z);
        z = Vector512.FusedMultiplyAdd(Avx512F.Shuffle4x128(a3, b3, 0x88), Vector512.Create(Unsafe.Add(ref w, 3)), z);
        z = Vector512.FusedMultiplyAdd(Avx512F.Shuffle4x128(a0, b0, 0xDD), Vector512.Create(Unsafe.Add(ref w, 4)), z);
        z = Vector512.FusedMultiplyAdd(Avx512F.Shuffle4x128(a1, b1, 0xDD), Vector512.Create(Unsafe.Add(ref w, 5)), z);
        z = Vector512.FusedMultiplyAdd(Avx512F.Shuffle4x128(a2, b2, 0xDD), Vector512.Create(Unsafe.Add(ref w, 6)), z);
        return Vector512.FusedMultiplyAdd(Avx512F.Shuffle4x128(a3, b3, 0xDD), Vector512.Create(Unsafe.Add(ref w, 7)), z);
    }

    /// <summary>Columns 0–15 of four rows, unpacked twice: item k holds, in 128-bit lane L, column 4L + k of the four rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>) FourRows(ref float row, int columns)
    {
        Vector512<float> r0 = Vector512.LoadUnsafe(ref row);
        Vector512<float> r1 = Vector512.LoadUnsafe(ref Unsafe.Add(ref row, columns));
        Vector512<float> r2 = Vector512.LoadUnsafe(ref Unsafe.Add(ref row, 2 * columns));
        Vector512<float> r3 = Vector512.LoadUnsafe(ref Unsafe.Add(ref row, 3 * columns));
        Vector512<double> t0 = Avx512F.UnpackLow(r0, r1).AsDouble(), t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();
        Vector512<double> t2 = Avx512F.UnpackLow(r2, r3).AsDouble(), t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();
        return (Avx512F.UnpackLow(t0, t2).AsSingle(), Avx512F.UnpackHigh(t0, t2).AsSingle(),
            Avx512F.UnpackLow(t1, t3).AsSingle(), Avx512F.UnpackHigh(t1, t3).AsSingle());
    }
}
