using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>
/// The batched forward pass of a dense layer, before its activation: z = x·W + b for a block of rows.
/// Each element becomes <c>z[i, o] = ((p₀ + p₁) + (p₂ + p₃)) + b[o]</c>, where partial pᵣ is a sequential chain of
/// fused multiply-adds over the inputs k ≡ r (mod 4) in increasing k, starting from 0 (without a bias, the final
/// addition is skipped). That order is fixed per element and independent of the vector width, because the vectors
/// run across outputs: every lane does exactly what the scalar reference does for its element.
/// </summary>
/// <remarks>
/// Why four partials: a single-sample call has no other rows to overlap with, so a single chain over 64 inputs
/// would cost 64 FMA latencies; four chains cut that to 16. In batches the rows give the overlap: the four partials
/// of three rows fill twelve of AVX2's sixteen registers (DenseForward.ThreeRowsOneVector.cs), of four rows sixteen
/// of AVX-512's 32, and the rows left over go two at a time (eight accumulators), then one.
/// </remarks>
internal static partial class DenseForward
{
    /// <summary>Rows per tile: a tile of x (64 rows × up to 64 float inputs) stays in L1 while every output block reads it.</summary>
    private const int TileRows = 64;

    /// <summary>
    /// z (rows × stride) = x (rows × inputs, row stride <paramref name="xStride"/>) · w (inputs × stride) + bias (stride).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke<T, TVec, TOps>(ref T x, int xStride, int rows, int inputs, ref T w, int stride, ref T bias, bool useBias, ref T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec zero = TOps.Create(T.Zero);
        nuint s1 = (nuint)stride, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1;
        for (int tile = 0; tile < rows; tile += TileRows)
        {
            int tileEnd = Math.Min(rows, tile + TileRows);
            int firstSingle = 0;
            if (Unsafe.SizeOf<TVec>() == 64)
            {
                // AVX-512: three rows × two output vectors share each load (DenseForward.ThreeRowsTwoVectors.cs); the
                // tile's last one or two rows of those vectors go a row at a time.
                int triplesEnd = tile + (tileEnd - tile) / 3 * 3;
                int pairsEnd = stride / (2 * TOps.Count) * 2 * TOps.Count;
                if (triplesEnd > tile && pairsEnd > 0)
                {
                    for (int o = 0; o < pairsEnd; o += 2 * TOps.Count)
                    {
                        for (int i = tile; i < triplesEnd; i += 3)
                        {
                            ThreeRowsTwoVectors<T, TVec, TOps>(ref Unsafe.Add(ref x, i * xStride), xStride, inputs, ref Unsafe.Add(ref w, o), stride,
                                ref Unsafe.Add(ref bias, o), useBias, ref Unsafe.Add(ref z, i * stride + o));
                        }
                    }
                    for (int i = triplesEnd; i < tileEnd; i++)
                    {
                        OneRow<T, TVec, TOps>(ref Unsafe.Add(ref x, i * xStride), inputs, ref w, stride, ref bias, useBias, ref Unsafe.Add(ref z, i * stride), 0, pairsEnd);
                    }
                    firstSingle = pairsEnd;
                }
            }
            for (int o = firstSingle; o < stride; o += TOps.Count)
            {
                TVec b = useBias ? TOps.Load(ref bias, (nuint)o) : zero;
                ref T wColumn = ref Unsafe.Add(ref w, o);
                int i = tile;
                if (Unsafe.SizeOf<TVec>() == 64)
                {
                    // AVX-512's 32 registers hold four rows' sixteen partials: each weight load then feeds four FMAs.
                    for (; i + 4 <= tileEnd; i += 4)
                    {
                        FourRows<T, TVec, TOps>(ref Unsafe.Add(ref x, i * xStride), xStride, inputs, ref wColumn, stride, b, useBias, ref Unsafe.Add(ref z, i * stride + o));
                    }
                }
                else
                {
                    // The 16-register widths hold three rows' twelve (DenseForward.ThreeRowsOneVector.cs), six rows at a
                    // time so that the rows left for the pairs keep the tile's parity (its odd last row goes below).
                    for (; i + 6 <= tileEnd; i += 6)
                    {
                        ThreeRowsOneVector<T, TVec, TOps>(ref Unsafe.Add(ref x, i * xStride), xStride, inputs, ref wColumn, stride, b, useBias, ref Unsafe.Add(ref z, i * stride + o));
                        ThreeRowsOneVector<T, TVec, TOps>(ref Unsafe.Add(ref x, (i + 3) * xStride), xStride, inputs, ref wColumn, stride, b, useBias, ref Unsafe.Add(ref z, (i + 3) * stride + o));
                    }
                }
                for (; i + 2 <= tileEnd; i += 2)
                {
                    ref T x0 = ref Unsafe.Add(ref x, i * xStride);
                    ref T x1 = ref Unsafe.Add(ref x0, xStride);
                    TVec p00 = zero, p01 = zero, p02 = zero, p03 = zero;
                    TVec p10 = zero, p11 = zero, p12 = zero, p13 = zero;
                    // Walk refs rather than recomputing indices: the loop body is then loads and FMAs, not address arithmetic.
                    ref T wk = ref wColumn;
                    ref T x0k = ref x0;
                    ref T x1k = ref x1;
                    int k = 0;
                    for (; k + 4 <= inputs; k += 4)
                    {
                        TVec w0 = TOps.Load(ref wk, 0);
                        TVec w1 = TOps.Load(ref wk, s1);
                        TVec w2 = TOps.Load(ref wk, s2);
                        TVec w3 = TOps.Load(ref wk, s3);
                        p00 = TOps.FusedMultiplyAdd(TOps.Create(x0k), w0, p00);
                        p10 = TOps.FusedMultiplyAdd(TOps.Create(x1k), w0, p10);
                        p01 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0k, 1)), w1, p01);
                        p11 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1k, 1)), w1, p11);
                        p02 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0k, 2)), w2, p02);
                        p12 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1k, 2)), w2, p12);
                        p03 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0k, 3)), w3, p03);
                        p13 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1k, 3)), w3, p13);
                        wk = ref Unsafe.Add(ref wk, s4);
                        x0k = ref Unsafe.Add(ref x0k, 4);
                        x1k = ref Unsafe.Add(ref x1k, 4);
                    }
                    // The last inputs % 4 go to partials 0, 1, 2 in turn: partial r still holds exactly the k ≡ r (mod 4).
                    if (k < inputs)
                    {
                        TVec wt = TOps.Load(ref wColumn, (nuint)(k * stride));
                        p00 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0, k)), wt, p00);
                        p10 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1, k)), wt, p10);
                        if (k + 1 < inputs)
                        {
                            wt = TOps.Load(ref wColumn, (nuint)((k + 1) * stride));
                            p01 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0, k + 1)), wt, p01);
                            p11 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1, k + 1)), wt, p11);
                            if (k + 2 < inputs)
                            {
                                wt = TOps.Load(ref wColumn, (nuint)((k + 2) * stride));
                                p02 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0, k + 2)), wt, p02);
                                p12 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1, k + 2)), wt, p12);
                            }
                        }
                    }
                    TVec z0 = TOps.Add(TOps.Add(p00, p01), TOps.Add(p02, p03));
                    TVec z1 = TOps.Add(TOps.Add(p10, p11), TOps.Add(p12, p13));
                    if (useBias)
                    {
                        z0 = TOps.Add(z0, b);
                        z1 = TOps.Add(z1, b);
                    }
                    TOps.Store(z0, ref z, (nuint)(i * stride + o));
                    TOps.Store(z1, ref z, (nuint)((i + 1) * stride + o));
                }
            }
            if ((tileEnd - tile) % 2 != 0 && firstSingle < stride)
            {
                OneRow<T, TVec, TOps>(ref Unsafe.Add(ref x, (tileEnd - 1) * xStride), inputs, ref w, stride, ref bias, useBias, ref Unsafe.Add(ref z, (tileEnd - 1) * stride), firstSingle, stride);
            }
        }
    }

    /// <summary>Four rows of one output vector: z = ((p₀ + p₁) + (p₂ + p₃)) + b per row, as in the two-row loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRows<T, TVec, TOps>(ref T x0, int xStride, int inputs, ref T wColumn, int stride, TVec b, bool useBias, ref T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec zero = TOps.Create(T.Zero);
        nuint s1 = (nuint)stride, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1;
        ref T x1 = ref Unsafe.Add(ref x0, xStride);
        ref T x2 = ref Unsafe.Add(ref x1, xStride);
        ref T x3 = ref Unsafe.Add(ref x2, xStride);
        TVec a0 = zero, a1 = zero, a2 = zero, a3 = zero, b0 = zero, b1 = zero, b2 = zero, b3 = zero;
        TVec c0 = zero, c1 = zero, c2 = zero, c3 = zero, d0 = zero, d1 = zero, d2 = zero, d3 = zero;
        ref T wk = ref wColumn;
        int k = 0;
        for (; k + 4 <= inputs; k += 4)
        {
            TVec w0 = TOps.Load(ref wk, 0), w1 = TOps.Load(ref wk, s1), w2 = TOps.Load(ref wk, s2), w3 = TOps.Load(ref wk, s3);
            a0 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0, k)), w0, a0);
            b0 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1, k)), w0, b0);
            c0 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x2, k)), w0, c0);
            d0 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x3, k)), w0, d0);
            a1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0, k + 1)), w1, a1);
            b1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1, k + 1)), w1, b1);
            c1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x2, k + 1)), w1, c1);
            d1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x3, k + 1)), w1, d1);
            a2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0, k + 2)), w2, a2);
            b2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1, k + 2)), w2, b2);
            c2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x2, k + 2)), w2, c2);
            d2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x3, k + 2)), w2, d2);
            a3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x0, k + 3)), w3, a3);
            b3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x1, k + 3)), w3, b3);
            c3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x2, k + 3)), w3, c3);
            d3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x3, k + 3)), w3, d3);
            wk = ref Unsafe.Add(ref wk, s4);
        }
        for (int r = 0; k < inputs; k++, r++)
        {
            TVec wt = TOps.Load(ref wk, (nuint)r * s1);
            TVec e0 = TOps.Create(Unsafe.Add(ref x0, k)), e1 = TOps.Create(Unsafe.Add(ref x1, k));
            TVec e2 = TOps.Create(Unsafe.Add(ref x2, k)), e3 = TOps.Create(Unsafe.Add(ref x3, k));
            if (r == 0) { a0 = TOps.FusedMultiplyAdd(e0, wt, a0); b0 = TOps.FusedMultiplyAdd(e1, wt, b0); c0 = TOps.FusedMultiplyAdd(e2, wt, c0); d0 = TOps.FusedMultiplyAdd(e3, wt, d0); }
            else if (r == 1) { a1 = TOps.FusedMultiplyAdd(e0, wt, a1); b1 = TOps.FusedMultiplyAdd(e1, wt, b1); c1 = TOps.FusedMultiplyAdd(e2, wt, c1); d1 = TOps.FusedMultiplyAdd(e3, wt, d1); }
            else { a2 = TOps.FusedMultiplyAdd(e0, wt, a2); b2 = TOps.FusedMultiplyAdd(e1, wt, b2); c2 = TOps.FusedMultiplyAdd(e2, wt, c2); d2 = TOps.FusedMultiplyAdd(e3, wt, d2); }
        }
        TVec z0 = TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3));
        TVec z1 = TOps.Add(TOps.Add(b0, b1), TOps.Add(b2, b3));
        TVec z2 = TOps.Add(TOps.Add(c0, c1), TOps.Add(c2, c3));
        TVec z3 = TOps.Add(TOps.Add(d0, d1), TOps.Add(d2, d3));
        if (useBias)
        {
            z0 = TOps.Add(z0, b);
            z1 = TOps.Add(z1, b);
            z2 = TOps.Add(z2, b);
            z3 = TOps.Add(z3, b);
        }
        TOps.Store(z0, ref z, 0);
        TOps.Store(z1, ref z, s1);
        TOps.Store(z2, ref z, s2);
        TOps.Store(z3, ref z, s3);
    }

    /// <summary>
    /// One row (a single-sample call, or a tile's odd last row): two output vectors at a time, so that eight chains
    /// are in flight even though there is no second row to overlap with.
    /// </summary>
    internal static void OneRow<T, TVec, TOps>(ref T x, int inputs, ref T w, int stride, ref T bias, bool useBias, ref T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        => OneRow<T, TVec, TOps>(ref x, inputs, ref w, stride, ref bias, useBias, ref z, 0, stride);

    /// <summary><see cref="OneRow{T, TVec, TOps}(ref T, int, ref T, int, ref T, bool, ref T)"/> for the outputs [from, end) only.</summary>
    internal static void OneRow<T, TVec, TOps>(ref T x, int inputs, ref T w, int stride, ref T bias, bool useBias, ref T z, int from, int end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec zero = TOps.Create(T.Zero);
        nuint s1 = (nuint)stride, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1;
        int o = from;
        if (Unsafe.SizeOf<TVec>() == 64)
        {
            // AVX-512: four output vectors at a time, sixteen chains, and 256 contiguous bytes of each weight row per
            // input: a single sample streams its weights from L2, and more bytes in flight per row keep it busy.
            for (; o + 4 * TOps.Count <= end; o += 4 * TOps.Count)
            {
                OneRowFourVectors<T, TVec, TOps>(ref x, inputs, ref Unsafe.Add(ref w, o), stride, ref Unsafe.Add(ref bias, o), useBias, ref Unsafe.Add(ref z, o));
            }
        }
        for (; o + 2 * TOps.Count <= end; o += 2 * TOps.Count)
        {
            ref T wColumn = ref Unsafe.Add(ref w, o);
            nuint next = (nuint)TOps.Count;
            TVec p0 = zero, p1 = zero, p2 = zero, p3 = zero, q0 = zero, q1 = zero, q2 = zero, q3 = zero;
            ref T wk4 = ref wColumn;
            ref T xk4 = ref x;
            int k = 0;
            for (; k + 4 <= inputs; k += 4)
            {
                TVec x0 = TOps.Create(xk4), x1 = TOps.Create(Unsafe.Add(ref xk4, 1));
                TVec x2 = TOps.Create(Unsafe.Add(ref xk4, 2)), x3 = TOps.Create(Unsafe.Add(ref xk4, 3));
                p0 = TOps.FusedMultiplyAdd(x0, TOps.Load(ref wk4, 0), p0);
                q0 = TOps.FusedMultiplyAdd(x0, TOps.Load(ref wk4, next), q0);
                p1 = TOps.FusedMultiplyAdd(x1, TOps.Load(ref wk4, s1), p1);
                q1 = TOps.FusedMultiplyAdd(x1, TOps.Load(ref wk4, s1 + next), q1);
                p2 = TOps.FusedMultiplyAdd(x2, TOps.Load(ref wk4, s2), p2);
                q2 = TOps.FusedMultiplyAdd(x2, TOps.Load(ref wk4, s2 + next), q2);
                p3 = TOps.FusedMultiplyAdd(x3, TOps.Load(ref wk4, s3), p3);
                q3 = TOps.FusedMultiplyAdd(x3, TOps.Load(ref wk4, s3 + next), q3);
                wk4 = ref Unsafe.Add(ref wk4, s4);
                xk4 = ref Unsafe.Add(ref xk4, 4);
            }
            for (int r = 0; k < inputs; k++, r++)
            {
                ref T wk = ref Unsafe.Add(ref wColumn, k * stride);
                TVec xk = TOps.Create(Unsafe.Add(ref x, k));
                if (r == 0) { p0 = TOps.FusedMultiplyAdd(xk, TOps.Load(ref wk, 0), p0); q0 = TOps.FusedMultiplyAdd(xk, TOps.Load(ref wk, next), q0); }
                else if (r == 1) { p1 = TOps.FusedMultiplyAdd(xk, TOps.Load(ref wk, 0), p1); q1 = TOps.FusedMultiplyAdd(xk, TOps.Load(ref wk, next), q1); }
                else { p2 = TOps.FusedMultiplyAdd(xk, TOps.Load(ref wk, 0), p2); q2 = TOps.FusedMultiplyAdd(xk, TOps.Load(ref wk, next), q2); }
            }
            TVec z0 = TOps.Add(TOps.Add(p0, p1), TOps.Add(p2, p3));
            TVec z1 = TOps.Add(TOps.Add(q0, q1), TOps.Add(q2, q3));
            if (useBias)
            {
                z0 = TOps.Add(z0, TOps.Load(ref bias, (nuint)o));
                z1 = TOps.Add(z1, TOps.Load(ref bias, (nuint)o + next));
            }
            TOps.Store(z0, ref z, (nuint)o);
            TOps.Store(z1, ref z, (nuint)o + next);
        }
        for (; o < end; o += TOps.Count)
        {
            ref T wColumn = ref Unsafe.Add(ref w, o);
            TVec p0 = zero, p1 = zero, p2 = zero, p3 = zero;
            ref T wk4 = ref wColumn;
            ref T xk4 = ref x;
            int k = 0;
            for (; k + 4 <= inputs; k += 4)
            {
                p0 = TOps.FusedMultiplyAdd(TOps.Create(xk4), TOps.Load(ref wk4, 0), p0);
                p1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref xk4, 1)), TOps.Load(ref wk4, s1), p1);
                p2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref xk4, 2)), TOps.Load(ref wk4, s2), p2);
                p3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref xk4, 3)), TOps.Load(ref wk4, s3), p3);
                wk4 = ref Unsafe.Add(ref wk4, s4);
                xk4 = ref Unsafe.Add(ref xk4, 4);
            }
            for (int r = 0; k < inputs; k++, r++)
            {
                TVec wk = TOps.Load(ref wColumn, (nuint)(k * stride));
                TVec xk = TOps.Create(Unsafe.Add(ref x, k));
                if (r == 0) p0 = TOps.FusedMultiplyAdd(xk, wk, p0);
                else if (r == 1) p1 = TOps.FusedMultiplyAdd(xk, wk, p1);
                else p2 = TOps.FusedMultiplyAdd(xk, wk, p2);
            }
            TVec z0 = TOps.Add(TOps.Add(p0, p1), TOps.Add(p2, p3));
            if (useBias)
            {
                z0 = TOps.Add(z0, TOps.Load(ref bias, (nuint)o));
            }
            TOps.Store(z0, ref z, (nuint)o);
        }
    }
}
