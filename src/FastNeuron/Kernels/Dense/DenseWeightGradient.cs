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
internal static partial class DenseWeightGradient
{
    /// <remarks>
    /// <para><c>a</c>: The layer's inputs, (rows × inputs) with row stride <paramref name="aStride"/>.</para>
    /// <para><c>delta</c>: The layer's deltas, (rows × stride).</para>
    /// <para><c>weightGradient</c>: Δw, (inputs × stride).</para>
    /// <para><c>biasGradient</c>: Δb, (stride); written only when <paramref name="useBias"/>.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke<T, TVec, TOps>(ref T a, int aStride, int inputs, ref T delta, int stride, int rows, ref T weightGradient, ref T biasGradient, bool useBias)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec zero = TOps.Create(T.Zero);
        // Micro-tiles of 6 inputs × 4 vectors of units first: on AVX-512's 32 registers one tile (Tile6: per row, 4 δ
        // loads and 6 broadcasts feed 24 FMAs), on the 16-register widths two tiles of 6 inputs × 2 vectors side by side
        // (DenseWeightGradient.SixInputsTwoVectors.cs: 12 chains each); the inputs left over one at a time (Tile1). The
        // rest (vectors beyond a multiple of 4, the bias) go through the per-vector loop below: eight inputs at a time,
        // then four, then one. Every element's chain
        // is the same either way.
        int vectors = stride / TOps.Count;
        int tiled = vectors - vectors % TileVectors;
        nuint half = (nuint)(2 * TOps.Count);
        for (int v = 0; v < tiled; v += TileVectors)
        {
            int o = v * TOps.Count;
            ref T d = ref Unsafe.Add(ref delta, o);
            int k = 0;
            for (; k + 6 <= inputs; k += 6)
            {
                ref T ak = ref Unsafe.Add(ref a, k);
                ref T g = ref Unsafe.Add(ref weightGradient, k * stride + o);
                if (Unsafe.SizeOf<TVec>() == 64)
                {
                    Tile6<T, TVec, TOps>(ref ak, aStride, ref d, stride, rows, ref g);
                }
                else
                {
                    SixInputsTwoVectors<T, TVec, TOps>(ref ak, aStride, ref d, stride, rows, ref g);
                    SixInputsTwoVectors<T, TVec, TOps>(ref ak, aStride, ref Unsafe.Add(ref d, half), stride, rows, ref Unsafe.Add(ref g, half));
                }
            }
            for (; k < inputs; k++)
            {
                Tile1<T, TVec, TOps>(ref Unsafe.Add(ref a, k), aStride, ref d, stride, rows, ref Unsafe.Add(ref weightGradient, k * stride + o));
            }
        }
        for (int o = 0; o < stride; o += TOps.Count)
        {
            ref T dColumn = ref Unsafe.Add(ref delta, o);
            if (o < tiled * TOps.Count)
            {
                if (useBias) BiasGradient<T, TVec, TOps>(ref dColumn, stride, rows, ref Unsafe.Add(ref biasGradient, o));
                continue;
            }
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
            // Four inputs left (100 inputs: twelve eights and four): four chains, not four one-chain passes over the rows.
            if (k + 4 <= inputs)
            {
                TVec t0 = zero, t1 = zero, t2 = zero, t3 = zero;
                for (int chunk = 0; chunk < rows; chunk += Gradient.ChunkRows)
                {
                    int chunkEnd = Math.Min(rows, chunk + Gradient.ChunkRows);
                    TVec c0 = zero, c1 = zero, c2 = zero, c3 = zero;
                    for (int i = chunk; i < chunkEnd; i++)
                    {
                        TVec d = TOps.Load(ref dColumn, (nuint)(i * stride));
                        ref T ai = ref Unsafe.Add(ref a, i * aStride + k);
                        c0 = TOps.FusedMultiplyAdd(TOps.Create(ai), d, c0);
                        c1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref ai, 1)), d, c1);
                        c2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref ai, 2)), d, c2);
                        c3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref ai, 3)), d, c3);
                    }
                    if (chunk == 0)
                    {
                        (t0, t1, t2, t3) = (c0, c1, c2, c3);
                    }
                    else
                    {
                        t0 = TOps.Add(t0, c0); t1 = TOps.Add(t1, c1); t2 = TOps.Add(t2, c2); t3 = TOps.Add(t3, c3);
                    }
                }
                ref T g = ref Unsafe.Add(ref weightGradient, k * stride + o);
                TOps.Store(t0, ref g, 0);
                TOps.Store(t1, ref g, (nuint)stride);
                TOps.Store(t2, ref g, (nuint)(2 * stride));
                TOps.Store(t3, ref g, (nuint)(3 * stride));
                k += 4;
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
                BiasGradient<T, TVec, TOps>(ref dColumn, stride, rows, ref Unsafe.Add(ref biasGradient, o));
            }
        }
    }

    private const int TileVectors = 4;

    /// <summary>
    /// The count of inputs that <see cref="Invoke"/> takes in whole groups for a layer of <paramref name="stride"/> units
    /// at <paramref name="width"/>: 6 when the units are whole tiles of four vectors (every input goes through the
    /// 6-input tiles), 24 when some go through the per-vector loop (its groups of 8, and the tiles' 6). A caller that
    /// splits a layer's inputs into slices (one thread each) keeps every slice but the last a multiple of this;
    /// otherwise each slice ends in leftovers of four chains or fewer, each over all the rows (a full batch of 1,000
    /// rows in 12-input slices, four one-chain inputs each before the four-input group, took several times the
    /// unsliced Δw).
    /// </summary>
    public static int WholeInputGroup<T>(int stride, VectorWidth width)
        where T : unmanaged
    {
        int bytes = width switch
        {
            VectorWidth.Vector512 => 64,
            VectorWidth.Vector256 => 32,
            VectorWidth.Vector128 => 16,
            _ => Unsafe.SizeOf<T>(),
        };
        return stride / (bytes / Unsafe.SizeOf<T>()) % TileVectors == 0 ? 6 : 24;
    }

    /// <summary>Δb for one vector of units: Σᵢ δ[i, o] by plain additions, per chunk, the chunks added in order.</summary>
    private static void BiasGradient<T, TVec, TOps>(ref T dColumn, int stride, int rows, ref T biasGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec zero = TOps.Create(T.Zero), t = zero;
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
        TOps.Store(t, ref biasGradient, 0);
    }

    /// <summary>g = c for the first chunk, g = g + c after: the chunk fold, through memory (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate<T, TVec, TOps>(ref T gradient, nuint offset, TVec chunk, bool first)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        => TOps.Store(first ? chunk : TOps.Add(TOps.Load(ref gradient, offset), chunk), ref gradient, offset);

    /// <summary>Δw for 6 inputs × 4 vectors of units: per chunk, chains over its rows; chunk 0 stored, later chunks added to it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile6<T, TVec, TOps>(ref T a, int aStride, ref T delta, int stride, int rows, ref T gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        nuint n = (nuint)TOps.Count, s = (nuint)stride;
        for (int chunk = 0; chunk < rows; chunk += Gradient.ChunkRows)
        {
            int chunkEnd = Math.Min(rows, chunk + Gradient.ChunkRows);
            TVec c00 = TOps.Create(T.Zero), c01 = TOps.Create(T.Zero), c02 = TOps.Create(T.Zero), c03 = TOps.Create(T.Zero), c10 = TOps.Create(T.Zero), c11 = TOps.Create(T.Zero), c12 = TOps.Create(T.Zero), c13 = TOps.Create(T.Zero), c20 = TOps.Create(T.Zero), c21 = TOps.Create(T.Zero), c22 = TOps.Create(T.Zero), c23 = TOps.Create(T.Zero), c30 = TOps.Create(T.Zero), c31 = TOps.Create(T.Zero), c32 = TOps.Create(T.Zero), c33 = TOps.Create(T.Zero), c40 = TOps.Create(T.Zero), c41 = TOps.Create(T.Zero), c42 = TOps.Create(T.Zero), c43 = TOps.Create(T.Zero), c50 = TOps.Create(T.Zero), c51 = TOps.Create(T.Zero), c52 = TOps.Create(T.Zero), c53 = TOps.Create(T.Zero);
            // The rows' addresses advance by a stride each step: no multiply per row in the loop.
            ref T d = ref Unsafe.Add(ref delta, chunk * stride);
            ref T ai = ref Unsafe.Add(ref a, chunk * aStride);
            for (int i = chunk; i < chunkEnd; i++, d = ref Unsafe.Add(ref d, stride), ai = ref Unsafe.Add(ref ai, aStride))
            {
                TVec d0 = TOps.Load(ref d, 0), d1 = TOps.Load(ref d, n), d2 = TOps.Load(ref d, 2 * n), d3 = TOps.Load(ref d, 3 * n);
                TVec e0 = TOps.Create(Unsafe.Add(ref ai, 0));
                c00 = TOps.FusedMultiplyAdd(e0, d0, c00);
                c01 = TOps.FusedMultiplyAdd(e0, d1, c01);
                c02 = TOps.FusedMultiplyAdd(e0, d2, c02);
                c03 = TOps.FusedMultiplyAdd(e0, d3, c03);
                TVec e1 = TOps.Create(Unsafe.Add(ref ai, 1));
                c10 = TOps.FusedMultiplyAdd(e1, d0, c10);
                c11 = TOps.FusedMultiplyAdd(e1, d1, c11);
                c12 = TOps.FusedMultiplyAdd(e1, d2, c12);
                c13 = TOps.FusedMultiplyAdd(e1, d3, c13);
                TVec e2 = TOps.Create(Unsafe.Add(ref ai, 2));
                c20 = TOps.FusedMultiplyAdd(e2, d0, c20);
                c21 = TOps.FusedMultiplyAdd(e2, d1, c21);
                c22 = TOps.FusedMultiplyAdd(e2, d2, c22);
                c23 = TOps.FusedMultiplyAdd(e2, d3, c23);
                TVec e3 = TOps.Create(Unsafe.Add(ref ai, 3));
                c30 = TOps.FusedMultiplyAdd(e3, d0, c30);
                c31 = TOps.FusedMultiplyAdd(e3, d1, c31);
                c32 = TOps.FusedMultiplyAdd(e3, d2, c32);
                c33 = TOps.FusedMultiplyAdd(e3, d3, c33);
                TVec e4 = TOps.Create(Unsafe.Add(ref ai, 4));
                c40 = TOps.FusedMultiplyAdd(e4, d0, c40);
                c41 = TOps.FusedMultiplyAdd(e4, d1, c41);
                c42 = TOps.FusedMultiplyAdd(e4, d2, c42);
                c43 = TOps.FusedMultiplyAdd(e4, d3, c43);
                TVec e5 = TOps.Create(Unsafe.Add(ref ai, 5));
                c50 = TOps.FusedMultiplyAdd(e5, d0, c50);
                c51 = TOps.FusedMultiplyAdd(e5, d1, c51);
                c52 = TOps.FusedMultiplyAdd(e5, d2, c52);
                c53 = TOps.FusedMultiplyAdd(e5, d3, c53);
            }
            bool first = chunk == 0;
            Accumulate<T, TVec, TOps>(ref gradient, 0 * s + 0 * n, c00, first);
            Accumulate<T, TVec, TOps>(ref gradient, 0 * s + 1 * n, c01, first);
            Accumulate<T, TVec, TOps>(ref gradient, 0 * s + 2 * n, c02, first);
            Accumulate<T, TVec, TOps>(ref gradient, 0 * s + 3 * n, c03, first);
            Accumulate<T, TVec, TOps>(ref gradient, 1 * s + 0 * n, c10, first);
            Accumulate<T, TVec, TOps>(ref gradient, 1 * s + 1 * n, c11, first);
            Accumulate<T, TVec, TOps>(ref gradient, 1 * s + 2 * n, c12, first);
            Accumulate<T, TVec, TOps>(ref gradient, 1 * s + 3 * n, c13, first);
            Accumulate<T, TVec, TOps>(ref gradient, 2 * s + 0 * n, c20, first);
            Accumulate<T, TVec, TOps>(ref gradient, 2 * s + 1 * n, c21, first);
            Accumulate<T, TVec, TOps>(ref gradient, 2 * s + 2 * n, c22, first);
            Accumulate<T, TVec, TOps>(ref gradient, 2 * s + 3 * n, c23, first);
            Accumulate<T, TVec, TOps>(ref gradient, 3 * s + 0 * n, c30, first);
            Accumulate<T, TVec, TOps>(ref gradient, 3 * s + 1 * n, c31, first);
            Accumulate<T, TVec, TOps>(ref gradient, 3 * s + 2 * n, c32, first);
            Accumulate<T, TVec, TOps>(ref gradient, 3 * s + 3 * n, c33, first);
            Accumulate<T, TVec, TOps>(ref gradient, 4 * s + 0 * n, c40, first);
            Accumulate<T, TVec, TOps>(ref gradient, 4 * s + 1 * n, c41, first);
            Accumulate<T, TVec, TOps>(ref gradient, 4 * s + 2 * n, c42, first);
            Accumulate<T, TVec, TOps>(ref gradient, 4 * s + 3 * n, c43, first);
            Accumulate<T, TVec, TOps>(ref gradient, 5 * s + 0 * n, c50, first);
            Accumulate<T, TVec, TOps>(ref gradient, 5 * s + 1 * n, c51, first);
            Accumulate<T, TVec, TOps>(ref gradient, 5 * s + 2 * n, c52, first);
            Accumulate<T, TVec, TOps>(ref gradient, 5 * s + 3 * n, c53, first);
        }
    }

    /// <summary>Δw for 1 input × 4 vectors of units: per chunk, chains over its rows; chunk 0 stored, later chunks added to it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1<T, TVec, TOps>(ref T a, int aStride, ref T delta, int stride, int rows, ref T gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        nuint n = (nuint)TOps.Count, s = (nuint)stride;
        for (int chunk = 0; chunk < rows; chunk += Gradient.ChunkRows)
        {
            int chunkEnd = Math.Min(rows, chunk + Gradient.ChunkRows);
            TVec c00 = TOps.Create(T.Zero), c01 = TOps.Create(T.Zero), c02 = TOps.Create(T.Zero), c03 = TOps.Create(T.Zero);
            // The rows' addresses advance by a stride each step: no multiply per row in the loop.
            ref T d = ref Unsafe.Add(ref delta, chunk * stride);
            ref T ai = ref Unsafe.Add(ref a, chunk * aStride);
            for (int i = chunk; i < chunkEnd; i++, d = ref Unsafe.Add(ref d, stride), ai = ref Unsafe.Add(ref ai, aStride))
            {
                TVec d0 = TOps.Load(ref d, 0), d1 = TOps.Load(ref d, n), d2 = TOps.Load(ref d, 2 * n), d3 = TOps.Load(ref d, 3 * n);
                TVec e0 = TOps.Create(Unsafe.Add(ref ai, 0));
                c00 = TOps.FusedMultiplyAdd(e0, d0, c00);
                c01 = TOps.FusedMultiplyAdd(e0, d1, c01);
                c02 = TOps.FusedMultiplyAdd(e0, d2, c02);
                c03 = TOps.FusedMultiplyAdd(e0, d3, c03);
            }
            bool first = chunk == 0;
            Accumulate<T, TVec, TOps>(ref gradient, 0 * s + 0 * n, c00, first);
            Accumulate<T, TVec, TOps>(ref gradient, 0 * s + 1 * n, c01, first);
            Accumulate<T, TVec, TOps>(ref gradient, 0 * s + 2 * n, c02, first);
            Accumulate<T, TVec, TOps>(ref gradient, 0 * s + 3 * n, c03, first);
        }
    }
}

