using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>One row (a single sample) through a layer from its packed panels.</summary>
internal static partial class DenseForwardBlocked
{
    /// <summary>
    /// z (one row of <paramref name="stride"/> values) = x · W + bias from W packed by <see cref="Pack{T}"/>, with
    /// <see cref="DenseForward"/>'s bits: each element's four partials over k ≡ r (mod 4), in increasing k, then
    /// <c>((p₀ + p₁) + (p₂ + p₃)) + b</c>.
    /// </summary>
    /// <remarks>
    /// Groups of four output vectors on AVX-512 (sixteen chains) and two elsewhere (eight, within sixteen registers):
    /// per step m, input 4m + r of each residue stream r, so the four streams of each panel run side by side
    /// through consecutive memory. A single sample reads every weight once, from L2 for a layer beyond L1: the
    /// panels' streams keep more of it in flight than the rows of W do (784-256-128-10: see NOTES.md).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OneRow<T, TVec, TOps>(ref T x, int inputs, ref T packed, int stride, ref T bias, bool useBias, ref T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int count = TOps.Count, step = PanelUnits<T>();
        int vectors = stride / count;
        int v = 0;
        if (Unsafe.SizeOf<TVec>() == 64)
        {
            for (; v + 4 <= vectors; v += 4)
            {
                OneRowFourVectors<T, TVec, TOps>(ref x, inputs, ref packed, v * count, step, ref bias, useBias, ref z);
            }
        }
        for (; v + 2 <= vectors; v += 2)
        {
            OneRowTwoVectors<T, TVec, TOps>(ref x, inputs, ref packed, v * count, step, ref bias, useBias, ref z);
        }
        for (; v < vectors; v++)
        {
            TVec b = useBias ? TOps.Load(ref bias, (nuint)(v * count)) : TOps.Create(T.Zero);
            OneVector<T, TVec, TOps>(ref x, inputs, ref Column(ref packed, v * count, inputs, step), step, b, useBias, ref Unsafe.Add(ref z, v * count));
        }
    }

    /// <summary>Output vectors [unit, unit + 4·Count): sixteen chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneRowFourVectors<T, TVec, TOps>(ref T x, int inputs, ref T packed, int unit, int step, ref T bias, bool useBias, ref T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int count = TOps.Count;
        ref T w0 = ref Column(ref packed, unit, inputs, step);
        ref T w1 = ref Column(ref packed, unit + count, inputs, step);
        ref T w2 = ref Column(ref packed, unit + 2 * count, inputs, step);
        ref T w3 = ref Column(ref packed, unit + 3 * count, inputs, step);
        nuint r1 = (nuint)(ResidueStart(1, inputs) * step), r2 = (nuint)(ResidueStart(2, inputs) * step), r3 = (nuint)(ResidueStart(3, inputs) * step);
        TVec zero = TOps.Create(T.Zero);
        TVec p00 = zero, p01 = zero, p02 = zero, p03 = zero, p10 = zero, p11 = zero, p12 = zero, p13 = zero;
        TVec p20 = zero, p21 = zero, p22 = zero, p23 = zero, p30 = zero, p31 = zero, p32 = zero, p33 = zero;
        int whole = inputs >> 2;
        nuint at = 0;
        ref T xk = ref x;
        for (int m = 0; m < whole; m++, at += (nuint)step, xk = ref Unsafe.Add(ref xk, 4))
        {
            TVec e0 = TOps.Create(xk);
            p00 = TOps.FusedMultiplyAdd(e0, TOps.Load(ref w0, at), p00);
            p10 = TOps.FusedMultiplyAdd(e0, TOps.Load(ref w1, at), p10);
            p20 = TOps.FusedMultiplyAdd(e0, TOps.Load(ref w2, at), p20);
            p30 = TOps.FusedMultiplyAdd(e0, TOps.Load(ref w3, at), p30);
            TVec e1 = TOps.Create(Unsafe.Add(ref xk, 1));
            p01 = TOps.FusedMultiplyAdd(e1, TOps.Load(ref w0, r1 + at), p01);
            p11 = TOps.FusedMultiplyAdd(e1, TOps.Load(ref w1, r1 + at), p11);
            p21 = TOps.FusedMultiplyAdd(e1, TOps.Load(ref w2, r1 + at), p21);
            p31 = TOps.FusedMultiplyAdd(e1, TOps.Load(ref w3, r1 + at), p31);
            TVec e2 = TOps.Create(Unsafe.Add(ref xk, 2));
            p02 = TOps.FusedMultiplyAdd(e2, TOps.Load(ref w0, r2 + at), p02);
            p12 = TOps.FusedMultiplyAdd(e2, TOps.Load(ref w1, r2 + at), p12);
            p22 = TOps.FusedMultiplyAdd(e2, TOps.Load(ref w2, r2 + at), p22);
            p32 = TOps.FusedMultiplyAdd(e2, TOps.Load(ref w3, r2 + at), p32);
            TVec e3 = TOps.Create(Unsafe.Add(ref xk, 3));
            p03 = TOps.FusedMultiplyAdd(e3, TOps.Load(ref w0, r3 + at), p03);
            p13 = TOps.FusedMultiplyAdd(e3, TOps.Load(ref w1, r3 + at), p13);
            p23 = TOps.FusedMultiplyAdd(e3, TOps.Load(ref w2, r3 + at), p23);
            p33 = TOps.FusedMultiplyAdd(e3, TOps.Load(ref w3, r3 + at), p33);
        }
        // The last inputs % 4 (k = 4·whole + r, r < 3) close partials 0, 1, 2: each residue's stream ends there.
        int left = inputs & 3;
        if (left > 0)
        {
            TVec e = TOps.Create(Unsafe.Add(ref x, 4 * whole));
            p00 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w0, at), p00);
            p10 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w1, at), p10);
            p20 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w2, at), p20);
            p30 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w3, at), p30);
        }
        if (left > 1)
        {
            TVec e = TOps.Create(Unsafe.Add(ref x, 4 * whole + 1));
            p01 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w0, r1 + at), p01);
            p11 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w1, r1 + at), p11);
            p21 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w2, r1 + at), p21);
            p31 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w3, r1 + at), p31);
        }
        if (left > 2)
        {
            TVec e = TOps.Create(Unsafe.Add(ref x, 4 * whole + 2));
            p02 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w0, r2 + at), p02);
            p12 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w1, r2 + at), p12);
            p22 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w2, r2 + at), p22);
            p32 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w3, r2 + at), p32);
        }
        nuint n = (nuint)count;
        ref T b = ref Unsafe.Add(ref bias, unit);
        ref T zu = ref Unsafe.Add(ref z, unit);
        TOps.Store(Finish<T, TVec, TOps>(p00, p01, p02, p03, ref b, 0, useBias), ref zu, 0);
        TOps.Store(Finish<T, TVec, TOps>(p10, p11, p12, p13, ref b, n, useBias), ref zu, n);
        TOps.Store(Finish<T, TVec, TOps>(p20, p21, p22, p23, ref b, 2 * n, useBias), ref zu, 2 * n);
        TOps.Store(Finish<T, TVec, TOps>(p30, p31, p32, p33, ref b, 3 * n, useBias), ref zu, 3 * n);
    }

    /// <summary>Output vectors [unit, unit + 2·Count): eight chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneRowTwoVectors<T, TVec, TOps>(ref T x, int inputs, ref T packed, int unit, int step, ref T bias, bool useBias, ref T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int count = TOps.Count;
        ref T w0 = ref Column(ref packed, unit, inputs, step);
        ref T w1 = ref Column(ref packed, unit + count, inputs, step);
        nuint r1 = (nuint)(ResidueStart(1, inputs) * step), r2 = (nuint)(ResidueStart(2, inputs) * step), r3 = (nuint)(ResidueStart(3, inputs) * step);
        TVec zero = TOps.Create(T.Zero);
        TVec p00 = zero, p01 = zero, p02 = zero, p03 = zero, p10 = zero, p11 = zero, p12 = zero, p13 = zero;
        int whole = inputs >> 2;
        nuint at = 0;
        ref T xk = ref x;
        for (int m = 0; m < whole; m++, at += (nuint)step, xk = ref Unsafe.Add(ref xk, 4))
        {
            TVec e0 = TOps.Create(xk), e1 = TOps.Create(Unsafe.Add(ref xk, 1)), e2 = TOps.Create(Unsafe.Add(ref xk, 2)), e3 = TOps.Create(Unsafe.Add(ref xk, 3));
            p00 = TOps.FusedMultiplyAdd(e0, TOps.Load(ref w0, at), p00);
            p10 = TOps.FusedMultiplyAdd(e0, TOps.Load(ref w1, at), p10);
            p01 = TOps.FusedMultiplyAdd(e1, TOps.Load(ref w0, r1 + at), p01);
            p11 = TOps.FusedMultiplyAdd(e1, TOps.Load(ref w1, r1 + at), p11);
            p02 = TOps.FusedMultiplyAdd(e2, TOps.Load(ref w0, r2 + at), p02);
            p12 = TOps.FusedMultiplyAdd(e2, TOps.Load(ref w1, r2 + at), p12);
            p03 = TOps.FusedMultiplyAdd(e3, TOps.Load(ref w0, r3 + at), p03);
            p13 = TOps.FusedMultiplyAdd(e3, TOps.Load(ref w1, r3 + at), p13);
        }
        int left = inputs & 3;
        if (left > 0)
        {
            TVec e = TOps.Create(Unsafe.Add(ref x, 4 * whole));
            p00 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w0, at), p00);
            p10 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w1, at), p10);
        }
        if (left > 1)
        {
            TVec e = TOps.Create(Unsafe.Add(ref x, 4 * whole + 1));
            p01 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w0, r1 + at), p01);
            p11 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w1, r1 + at), p11);
        }
        if (left > 2)
        {
            TVec e = TOps.Create(Unsafe.Add(ref x, 4 * whole + 2));
            p02 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w0, r2 + at), p02);
            p12 = TOps.FusedMultiplyAdd(e, TOps.Load(ref w1, r2 + at), p12);
        }
        nuint n = (nuint)count;
        ref T b = ref Unsafe.Add(ref bias, unit);
        ref T zu = ref Unsafe.Add(ref z, unit);
        TOps.Store(Finish<T, TVec, TOps>(p00, p01, p02, p03, ref b, 0, useBias), ref zu, 0);
        TOps.Store(Finish<T, TVec, TOps>(p10, p11, p12, p13, ref b, n, useBias), ref zu, n);
    }

    /// <summary><c>((p₀ + p₁) + (p₂ + p₃)) + b</c> (no <c>+ b</c> without biases).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Finish<T, TVec, TOps>(TVec p0, TVec p1, TVec p2, TVec p3, ref T bias, nuint offset, bool useBias)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec sum = TOps.Add(TOps.Add(p0, p1), TOps.Add(p2, p3));
        return useBias ? TOps.Add(sum, TOps.Load(ref bias, offset)) : sum;
    }
}
