using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>
/// A dense layer's summed weight and bias gradients over a batch: Δw = aᵀδ and Δb = Σᵢ δ. Each element becomes
/// <c>Δw[k, o] = c₀ + c₁ + …</c> (added left to right), where chunk cⱼ is a sequential chain of fused multiply-adds
/// of a[i, k]·δ[i, o] over the chunk's rows in order from 0, chunks being <see cref="Gradient.ChunkRows"/> rows: the
/// neuron's gradient contract (docs/numerics.md), per weight. Δb[o] is the same with plain additions of δ[i, o].
/// Vectors run across o, so every width gives the scalar reference's bits.
/// </summary>
internal static class DenseWeightGradient
{
    /// <remarks>
    /// <para><c>a</c>: The layer's inputs, (rows × inputs) with row stride <paramref name="aStride"/>.</para>
    /// <para><c>delta</c>: The layer's deltas, (rows × stride).</para>
    /// <para><c>weightGradient</c>: Δw, (inputs × stride).</para>
    /// <para><c>biasGradient</c>: Δb, (stride); written only when <paramref name="useBias"/>.</para>
    /// </remarks>
    public static void Invoke<T, TVec, TOps>(ref T a, int aStride, int inputs, ref T delta, int stride, int rows, ref T weightGradient, ref T biasGradient, bool useBias)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec zero = TOps.Create(T.Zero);
        for (int o = 0; o < stride; o += TOps.Count)
        {
            ref T dColumn = ref Unsafe.Add(ref delta, o);
            int k = 0;
            // Eight inputs at a time: eight independent chains hide the FMA latency, and each δ load feeds eight FMAs.
            for (; k + 8 <= inputs; k += 8)
            {
                TVec t0 = zero, t1 = zero, t2 = zero, t3 = zero, t4 = zero, t5 = zero, t6 = zero, t7 = zero;
                for (int chunk = 0; chunk < rows; chunk += Gradient.ChunkRows)
                {
                    int chunkEnd = Math.Min(rows, chunk + Gradient.ChunkRows);
                    TVec c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
                    for (int i = chunk; i < chunkEnd; i++)
                    {
                        TVec d = TOps.Load(ref dColumn, (nuint)(i * stride));
                        ref T ai = ref Unsafe.Add(ref a, i * aStride + k);
                        c0 = TOps.FusedMultiplyAdd(TOps.Create(ai), d, c0);
                        c1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref ai, 1)), d, c1);
                        c2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref ai, 2)), d, c2);
                        c3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref ai, 3)), d, c3);
                        c4 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref ai, 4)), d, c4);
                        c5 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref ai, 5)), d, c5);
                        c6 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref ai, 6)), d, c6);
                        c7 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref ai, 7)), d, c7);
                    }
                    if (chunk == 0)
                    {
                        (t0, t1, t2, t3, t4, t5, t6, t7) = (c0, c1, c2, c3, c4, c5, c6, c7);
                    }
                    else
                    {
                        t0 = TOps.Add(t0, c0); t1 = TOps.Add(t1, c1); t2 = TOps.Add(t2, c2); t3 = TOps.Add(t3, c3);
                        t4 = TOps.Add(t4, c4); t5 = TOps.Add(t5, c5); t6 = TOps.Add(t6, c6); t7 = TOps.Add(t7, c7);
                    }
                }
                ref T g = ref Unsafe.Add(ref weightGradient, k * stride + o);
                TOps.Store(t0, ref g, 0);
                TOps.Store(t1, ref g, (nuint)stride);
                TOps.Store(t2, ref g, (nuint)(2 * stride));
                TOps.Store(t3, ref g, (nuint)(3 * stride));
                TOps.Store(t4, ref g, (nuint)(4 * stride));
                TOps.Store(t5, ref g, (nuint)(5 * stride));
                TOps.Store(t6, ref g, (nuint)(6 * stride));
                TOps.Store(t7, ref g, (nuint)(7 * stride));
            }
            for (; k < inputs; k++)
            {
                TVec t = zero;
                for (int chunk = 0; chunk < rows; chunk += Gradient.ChunkRows)
                {
                    int chunkEnd = Math.Min(rows, chunk + Gradient.ChunkRows);
                    TVec c = zero;
                    for (int i = chunk; i < chunkEnd; i++)
                    {
                        c = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref a, i * aStride + k)), TOps.Load(ref dColumn, (nuint)(i * stride)), c);
                    }
                    t = chunk == 0 ? c : TOps.Add(t, c);
                }
                TOps.Store(t, ref weightGradient, (nuint)(k * stride + o));
            }
            if (useBias)
            {
                TVec t = zero;
                for (int chunk = 0; chunk < rows; chunk += Gradient.ChunkRows)
                {
                    int chunkEnd = Math.Min(rows, chunk + Gradient.ChunkRows);
                    TVec c = zero;
                    for (int i = chunk; i < chunkEnd; i++)
                    {
                        c = TOps.Add(c, TOps.Load(ref dColumn, (nuint)(i * stride)));
                    }
                    t = chunk == 0 ? c : TOps.Add(t, c);
                }
                TOps.Store(t, ref biasGradient, (nuint)o);
            }
        }
    }
}
