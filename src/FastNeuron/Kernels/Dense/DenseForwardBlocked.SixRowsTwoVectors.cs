using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>The blocked forward pass's micro-tile for the 16-register widths (AVX2, Vector128): six rows × two vectors of units.</summary>
internal static partial class DenseForwardBlocked
{
    /// <summary>
    /// 6 rows × 2 vectors: partial r for every (row, vector) over k ≡ r (mod 4), into the scratch; then the sums.
    /// Twelve chains in flight, with 2 weight loads and 6 broadcasts per input: 15 of the 16 registers. The 2 × 4 tile
    /// before it had eight chains, exactly what two FMA units of four cycles' latency need, and measured about 86% of
    /// the AVX2 FMA peak at 784 × 256, packing aside (DenseStepBenchmarks.Forward784x256 under DOTNET_EnableAVX512=0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SixRowsTwoVectors<T, TVec, TOps>(ref T x, int xStride, int inputs, ref T w0, ref T w1, int step,
        ref T bias, bool useBias, ref T z, int zStride, ref T partials)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        nuint n = (nuint)TOps.Count, s1 = (nuint)step;
        ref T x1 = ref Unsafe.Add(ref x, 1 * xStride);
        ref T x2 = ref Unsafe.Add(ref x, 2 * xStride);
        ref T x3 = ref Unsafe.Add(ref x, 3 * xStride);
        ref T x4 = ref Unsafe.Add(ref x, 4 * xStride);
        ref T x5 = ref Unsafe.Add(ref x, 5 * xStride);
        for (int r = 0; r < 4; r++)
        {
            TVec a00 = TOps.Create(T.Zero), a01 = TOps.Create(T.Zero), a10 = TOps.Create(T.Zero), a11 = TOps.Create(T.Zero), a20 = TOps.Create(T.Zero), a21 = TOps.Create(T.Zero), a30 = TOps.Create(T.Zero), a31 = TOps.Create(T.Zero), a40 = TOps.Create(T.Zero), a41 = TOps.Create(T.Zero), a50 = TOps.Create(T.Zero), a51 = TOps.Create(T.Zero);
            nuint offset = (nuint)(ResidueStart(r, inputs) * step);
            for (int k = r; k < inputs; k += 4)
            {
                TVec v0 = TOps.Load(ref w0, offset), v1 = TOps.Load(ref w1, offset);
                TVec e0 = TOps.Create(Unsafe.Add(ref x, k));
                a00 = TOps.FusedMultiplyAdd(e0, v0, a00);
                a01 = TOps.FusedMultiplyAdd(e0, v1, a01);
                TVec e1 = TOps.Create(Unsafe.Add(ref x1, k));
                a10 = TOps.FusedMultiplyAdd(e1, v0, a10);
                a11 = TOps.FusedMultiplyAdd(e1, v1, a11);
                TVec e2 = TOps.Create(Unsafe.Add(ref x2, k));
                a20 = TOps.FusedMultiplyAdd(e2, v0, a20);
                a21 = TOps.FusedMultiplyAdd(e2, v1, a21);
                TVec e3 = TOps.Create(Unsafe.Add(ref x3, k));
                a30 = TOps.FusedMultiplyAdd(e3, v0, a30);
                a31 = TOps.FusedMultiplyAdd(e3, v1, a31);
                TVec e4 = TOps.Create(Unsafe.Add(ref x4, k));
                a40 = TOps.FusedMultiplyAdd(e4, v0, a40);
                a41 = TOps.FusedMultiplyAdd(e4, v1, a41);
                TVec e5 = TOps.Create(Unsafe.Add(ref x5, k));
                a50 = TOps.FusedMultiplyAdd(e5, v0, a50);
                a51 = TOps.FusedMultiplyAdd(e5, v1, a51);
                offset += s1;
            }
            ref T slot = ref Unsafe.Add(ref partials, r * 12 * TOps.Count);
            TOps.Store(a00, ref slot, 0 * n);
            TOps.Store(a01, ref slot, 1 * n);
            TOps.Store(a10, ref slot, 2 * n);
            TOps.Store(a11, ref slot, 3 * n);
            TOps.Store(a20, ref slot, 4 * n);
            TOps.Store(a21, ref slot, 5 * n);
            TOps.Store(a30, ref slot, 6 * n);
            TOps.Store(a31, ref slot, 7 * n);
            TOps.Store(a40, ref slot, 8 * n);
            TOps.Store(a41, ref slot, 9 * n);
            TOps.Store(a50, ref slot, 10 * n);
            TOps.Store(a51, ref slot, 11 * n);
        }
        CombinePartials<T, TVec, TOps>(ref partials, 6, 2, ref bias, useBias, ref z, zStride);
    }
}
