using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>The forward pass's AVX-512 micro-tile for layers that fit in cache: three rows × two output vectors.</summary>
internal static partial class DenseForward
{
    /// <summary>
    /// z for rows x0, x0 + xStride, x0 + 2·xStride and the two output vectors at <paramref name="wColumn"/>: per element
    /// the four partials over k ≡ r (mod 4) of <see cref="DenseForward"/>'s contract, 24 chains in flight. Per four
    /// inputs it loads 8 weight vectors and broadcasts 12 inputs for 24 FMAs, where four rows of one vector broadcast
    /// 16 inputs for 16 FMAs: the FMA units, not the loads, set the pace.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ThreeRowsTwoVectors<T, TVec, TOps>(ref T x0, int xStride, int inputs, ref T wColumn, int stride, ref T bias, bool useBias, ref T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec zero = TOps.Create(T.Zero);
        nuint n = (nuint)TOps.Count, s1 = (nuint)stride, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1;
        ref T x1 = ref Unsafe.Add(ref x0, xStride);
        ref T x2 = ref Unsafe.Add(ref x1, xStride);
        TVec a000 = zero, a001 = zero, a002 = zero, a003 = zero, a010 = zero, a011 = zero, a012 = zero, a013 = zero, a100 = zero, a101 = zero, a102 = zero, a103 = zero, a110 = zero, a111 = zero, a112 = zero, a113 = zero, a200 = zero, a201 = zero, a202 = zero, a203 = zero, a210 = zero, a211 = zero, a212 = zero, a213 = zero;
        ref T wk = ref wColumn;
        int k = 0;
        for (; k + 4 <= inputs; k += 4, wk = ref Unsafe.Add(ref wk, s4))
        {
            TVec w00 = TOps.Load(ref wk, 0), w01 = TOps.Load(ref wk, 0 + n);
            TVec e00 = TOps.Create(Unsafe.Add(ref x0, k + 0));
            a000 = TOps.FusedMultiplyAdd(e00, w00, a000);
            a010 = TOps.FusedMultiplyAdd(e00, w01, a010);
            TVec e10 = TOps.Create(Unsafe.Add(ref x1, k + 0));
            a100 = TOps.FusedMultiplyAdd(e10, w00, a100);
            a110 = TOps.FusedMultiplyAdd(e10, w01, a110);
            TVec e20 = TOps.Create(Unsafe.Add(ref x2, k + 0));
            a200 = TOps.FusedMultiplyAdd(e20, w00, a200);
            a210 = TOps.FusedMultiplyAdd(e20, w01, a210);
            TVec w10 = TOps.Load(ref wk, s1), w11 = TOps.Load(ref wk, s1 + n);
            TVec e01 = TOps.Create(Unsafe.Add(ref x0, k + 1));
            a001 = TOps.FusedMultiplyAdd(e01, w10, a001);
            a011 = TOps.FusedMultiplyAdd(e01, w11, a011);
            TVec e11 = TOps.Create(Unsafe.Add(ref x1, k + 1));
            a101 = TOps.FusedMultiplyAdd(e11, w10, a101);
            a111 = TOps.FusedMultiplyAdd(e11, w11, a111);
            TVec e21 = TOps.Create(Unsafe.Add(ref x2, k + 1));
            a201 = TOps.FusedMultiplyAdd(e21, w10, a201);
            a211 = TOps.FusedMultiplyAdd(e21, w11, a211);
            TVec w20 = TOps.Load(ref wk, s2), w21 = TOps.Load(ref wk, s2 + n);
            TVec e02 = TOps.Create(Unsafe.Add(ref x0, k + 2));
            a002 = TOps.FusedMultiplyAdd(e02, w20, a002);
            a012 = TOps.FusedMultiplyAdd(e02, w21, a012);
            TVec e12 = TOps.Create(Unsafe.Add(ref x1, k + 2));
            a102 = TOps.FusedMultiplyAdd(e12, w20, a102);
            a112 = TOps.FusedMultiplyAdd(e12, w21, a112);
            TVec e22 = TOps.Create(Unsafe.Add(ref x2, k + 2));
            a202 = TOps.FusedMultiplyAdd(e22, w20, a202);
            a212 = TOps.FusedMultiplyAdd(e22, w21, a212);
            TVec w30 = TOps.Load(ref wk, s3), w31 = TOps.Load(ref wk, s3 + n);
            TVec e03 = TOps.Create(Unsafe.Add(ref x0, k + 3));
            a003 = TOps.FusedMultiplyAdd(e03, w30, a003);
            a013 = TOps.FusedMultiplyAdd(e03, w31, a013);
            TVec e13 = TOps.Create(Unsafe.Add(ref x1, k + 3));
            a103 = TOps.FusedMultiplyAdd(e13, w30, a103);
            a113 = TOps.FusedMultiplyAdd(e13, w31, a113);
            TVec e23 = TOps.Create(Unsafe.Add(ref x2, k + 3));
            a203 = TOps.FusedMultiplyAdd(e23, w30, a203);
            a213 = TOps.FusedMultiplyAdd(e23, w31, a213);
        }
        // The last inputs % 4 go to partials 0, 1, 2 in turn: partial r still holds exactly the k ≡ r (mod 4).
        for (int r = 0; k < inputs; k++, r++)
        {
            ref T wt = ref Unsafe.Add(ref wk, r * stride);
            TVec u0 = TOps.Load(ref wt, 0), u1 = TOps.Load(ref wt, n);
            TVec f0 = TOps.Create(Unsafe.Add(ref x0, k)), f1 = TOps.Create(Unsafe.Add(ref x1, k)), f2 = TOps.Create(Unsafe.Add(ref x2, k));
            if (r == 0) { a000 = TOps.FusedMultiplyAdd(f0, u0, a000); a010 = TOps.FusedMultiplyAdd(f0, u1, a010); a100 = TOps.FusedMultiplyAdd(f1, u0, a100); a110 = TOps.FusedMultiplyAdd(f1, u1, a110); a200 = TOps.FusedMultiplyAdd(f2, u0, a200); a210 = TOps.FusedMultiplyAdd(f2, u1, a210); }
            else if (r == 1) { a001 = TOps.FusedMultiplyAdd(f0, u0, a001); a011 = TOps.FusedMultiplyAdd(f0, u1, a011); a101 = TOps.FusedMultiplyAdd(f1, u0, a101); a111 = TOps.FusedMultiplyAdd(f1, u1, a111); a201 = TOps.FusedMultiplyAdd(f2, u0, a201); a211 = TOps.FusedMultiplyAdd(f2, u1, a211); }
            else { a002 = TOps.FusedMultiplyAdd(f0, u0, a002); a012 = TOps.FusedMultiplyAdd(f0, u1, a012); a102 = TOps.FusedMultiplyAdd(f1, u0, a102); a112 = TOps.FusedMultiplyAdd(f1, u1, a112); a202 = TOps.FusedMultiplyAdd(f2, u0, a202); a212 = TOps.FusedMultiplyAdd(f2, u1, a212); }
        }
        TVec b0 = useBias ? TOps.Load(ref bias, 0) : zero, b1 = useBias ? TOps.Load(ref bias, n) : zero;
        TVec z00 = TOps.Add(TOps.Add(a000, a001), TOps.Add(a002, a003));
        TVec z01 = TOps.Add(TOps.Add(a010, a011), TOps.Add(a012, a013));
        TVec z10 = TOps.Add(TOps.Add(a100, a101), TOps.Add(a102, a103));
        TVec z11 = TOps.Add(TOps.Add(a110, a111), TOps.Add(a112, a113));
        TVec z20 = TOps.Add(TOps.Add(a200, a201), TOps.Add(a202, a203));
        TVec z21 = TOps.Add(TOps.Add(a210, a211), TOps.Add(a212, a213));
        if (useBias)
        {
            z00 = TOps.Add(z00, b0);
            z01 = TOps.Add(z01, b1);
            z10 = TOps.Add(z10, b0);
            z11 = TOps.Add(z11, b1);
            z20 = TOps.Add(z20, b0);
            z21 = TOps.Add(z21, b1);
        }
        TOps.Store(z00, ref z, 0);
        TOps.Store(z01, ref z, 0 + n);
        TOps.Store(z10, ref z, s1);
        TOps.Store(z11, ref z, s1 + n);
        TOps.Store(z20, ref z, s2);
        TOps.Store(z21, ref z, s2 + n);
    }
}
