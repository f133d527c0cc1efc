using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>The single-row forward pass's AVX-512 body: four output vectors at once.</summary>
internal static partial class DenseForward
{
    /// <summary>
    /// One row, output vectors [0, 4) at <paramref name="wColumn"/>: per element the four partials over k ≡ r (mod 4) of
    /// <see cref="DenseForward"/>'s contract, sixteen chains in flight.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneRowFourVectors<T, TVec, TOps>(ref T x, int inputs, ref T wColumn, int stride, ref T bias, bool useBias, ref T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec zero = TOps.Create(T.Zero);
        nuint n = (nuint)TOps.Count, s1 = (nuint)stride, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1;
        TVec p00 = zero, p01 = zero, p02 = zero, p03 = zero, p10 = zero, p11 = zero, p12 = zero, p13 = zero, p20 = zero, p21 = zero, p22 = zero, p23 = zero, p30 = zero, p31 = zero, p32 = zero, p33 = zero;
        ref T wk = ref wColumn;
        ref T xk = ref x;
        int k = 0;
        for (; k + 4 <= inputs; k += 4, wk = ref Unsafe.Add(ref wk, s4), xk = ref Unsafe.Add(ref xk, 4))
        {
            TVec e0 = TOps.Create(Unsafe.Add(ref xk, 0));
            p00 = TOps.FusedMultiplyAdd(e0, TOps.Load(ref wk, 0), p00);
            p10 = TOps.FusedMultiplyAdd(e0, TOps.Load(ref wk, n), p10);
            p20 = TOps.FusedMultiplyAdd(e0, TOps.Load(ref wk, 2 * n), p20);
            p30 = TOps.FusedMultiplyAdd(e0, TOps.Load(ref wk, 3 * n), p30);
            TVec e1 = TOps.Create(Unsafe.Add(ref xk, 1));
            p01 = TOps.FusedMultiplyAdd(e1, TOps.Load(ref wk, s1), p01);
            p11 = TOps.FusedMultiplyAdd(e1, TOps.Load(ref wk, s1 + 1 * n), p11);
            p21 = TOps.FusedMultiplyAdd(e1, TOps.Load(ref wk, s1 + 2 * n), p21);
            p31 = TOps.FusedMultiplyAdd(e1, TOps.Load(ref wk, s1 + 3 * n), p31);
            TVec e2 = TOps.Create(Unsafe.Add(ref xk, 2));
            p02 = TOps.FusedMultiplyAdd(e2, TOps.Load(ref wk, s2), p02);
            p12 = TOps.FusedMultiplyAdd(e2, TOps.Load(ref wk, s2 + 1 * n), p12);
            p22 = TOps.FusedMultiplyAdd(e2, TOps.Load(ref wk, s2 + 2 * n), p22);
            p32 = TOps.FusedMultiplyAdd(e2, TOps.Load(ref wk, s2 + 3 * n), p32);
            TVec e3 = TOps.Create(Unsafe.Add(ref xk, 3));
            p03 = TOps.FusedMultiplyAdd(e3, TOps.Load(ref wk, s3), p03);
            p13 = TOps.FusedMultiplyAdd(e3, TOps.Load(ref wk, s3 + 1 * n), p13);
            p23 = TOps.FusedMultiplyAdd(e3, TOps.Load(ref wk, s3 + 2 * n), p23);
            p33 = TOps.FusedMultiplyAdd(e3, TOps.Load(ref wk, s3 + 3 * n), p33);
        }
        // The last inputs % 4 go to partials 0, 1, 2 in turn: partial r still holds exactly the k ≡ r (mod 4).
        for (int r = 0; k < inputs; k++, r++)
        {
            ref T wt = ref Unsafe.Add(ref wk, r * stride);
            TVec f = TOps.Create(Unsafe.Add(ref x, k));
            if (r == 0) { p00 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 0 * n), p00); p10 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 1 * n), p10); p20 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 2 * n), p20); p30 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 3 * n), p30); }
            else if (r == 1) { p01 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 0 * n), p01); p11 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 1 * n), p11); p21 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 2 * n), p21); p31 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 3 * n), p31); }
            else { p02 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 0 * n), p02); p12 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 1 * n), p12); p22 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 2 * n), p22); p32 = TOps.FusedMultiplyAdd(f, TOps.Load(ref wt, 3 * n), p32); }
        }
        TVec z0 = TOps.Add(TOps.Add(p00, p01), TOps.Add(p02, p03));
        TVec z1 = TOps.Add(TOps.Add(p10, p11), TOps.Add(p12, p13));
        TVec z2 = TOps.Add(TOps.Add(p20, p21), TOps.Add(p22, p23));
        TVec z3 = TOps.Add(TOps.Add(p30, p31), TOps.Add(p32, p33));
        if (useBias)
        {
            z0 = TOps.Add(z0, TOps.Load(ref bias, 0 * n));
            z1 = TOps.Add(z1, TOps.Load(ref bias, 1 * n));
            z2 = TOps.Add(z2, TOps.Load(ref bias, 2 * n));
            z3 = TOps.Add(z3, TOps.Load(ref bias, 3 * n));
        }
        TOps.Store(z0, ref z, 0 * n);
        TOps.Store(z1, ref z, 1 * n);
        TOps.Store(z2, ref z, 2 * n);
        TOps.Store(z3, ref z, 3 * n);
    }
}
