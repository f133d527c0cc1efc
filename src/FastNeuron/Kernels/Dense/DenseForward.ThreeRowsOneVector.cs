using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>The row-major forward pass's micro-tile for the 16-register widths (AVX2, Vector128): three rows × one output vector.</summary>
internal static partial class DenseForward
{
    /// <summary>
    /// Three rows of one output vector: z = ((p₀ + p₁) + (p₂ + p₃)) + b per row, as in the two-row loop. Twelve chains
    /// in flight (14 of the 16 registers), with 4 weight loads and 12 broadcasts per four inputs: 1.33 loads per FMA,
    /// where two rows need 1.5 and have the eight chains that two FMA units of four cycles' latency need, no more.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ThreeRowsOneVector<T, TVec, TOps>(ref T x0, int xStride, int inputs, ref T wColumn, int stride, TVec b, bool useBias, ref T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec zero = TOps.Create(T.Zero);
        nuint s1 = (nuint)stride, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1;
        ref T x1 = ref Unsafe.Add(ref x0, xStride);
        ref T x2 = ref Unsafe.Add(ref x1, xStride);
        TVec a0 = zero, a1 = zero, a2 = zero, a3 = zero, b0 = zero, b1 = zero, b2 = zero, b3 = zero, c0 = zero, c1 = zero, c2 = zero, c3 = zero;
        ref T wk = ref wColumn;
        int k = 0;
        for (; k + 4 <= inputs; k += 4)
        {
            TVec w0 = TOps.Load(ref wk, 0);
            a0 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0, k)), w0, a0);
            b0 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1, k)), w0, b0);
            c0 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x2, k)), w0, c0);
            TVec w1 = TOps.Load(ref wk, s1);
            a1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0, k + 1)), w1, a1);
            b1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1, k + 1)), w1, b1);
            c1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x2, k + 1)), w1, c1);
            TVec w2 = TOps.Load(ref wk, s2);
            a2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0, k + 2)), w2, a2);
            b2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1, k + 2)), w2, b2);
            c2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x2, k + 2)), w2, c2);
            TVec w3 = TOps.Load(ref wk, s3);
            a3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0, k + 3)), w3, a3);
            b3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1, k + 3)), w3, b3);
            c3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x2, k + 3)), w3, c3);
            wk = ref Unsafe.Add(ref wk, s4);
        }
        // The last inputs % 4 go to partials 0, 1, 2 in turn: partial r still holds exactly the k ≡ r (mod 4).
        for (int r = 0; k < inputs; k++, r++)
        {
            TVec wt = TOps.Load(ref wk, (nuint)r * s1);
            TVec e0 = TOps.Create(Unsafe.Add(ref x0, k)), e1 = TOps.Create(Unsafe.Add(ref x1, k)), e2 = TOps.Create(Unsafe.Add(ref x2, k));
            if (r == 0) { a0 = TOps.FusedMultiplyAdd(e0, wt, a0); b0 = TOps.FusedMultiplyAdd(e1, wt, b0); c0 = TOps.FusedMultiplyAdd(e2, wt, c0); }
            else if (r == 1) { a1 = TOps.FusedMultiplyAdd(e0, wt, a1); b1 = TOps.FusedMultiplyAdd(e1, wt, b1); c1 = TOps.FusedMultiplyAdd(e2, wt, c1); }
            else { a2 = TOps.FusedMultiplyAdd(e0, wt, a2); b2 = TOps.FusedMultiplyAdd(e1, wt, b2); c2 = TOps.FusedMultiplyAdd(e2, wt, c2); }
        }
        TVec z0 = TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3));
        TVec z1 = TOps.Add(TOps.Add(b0, b1), TOps.Add(b2, b3));
        TVec z2 = TOps.Add(TOps.Add(c0, c1), TOps.Add(c2, c3));
        if (useBias)
        {
            z0 = TOps.Add(z0, b);
            z1 = TOps.Add(z1, b);
            z2 = TOps.Add(z2, b);
        }
        TOps.Store(z0, ref z, 0);
        TOps.Store(z1, ref z, s1);
        TOps.Store(z2, ref z, s2);
    }
}
