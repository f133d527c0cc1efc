using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// One pass over one gradient chunk (≤ <see cref="Gradient.ChunkRows"/> rows): each row is read once, while it
/// is still in L1, for z = x·w (+ b), o = σ(z), δ = (y − o)·(o(1 − o)) and the chunk's gradient partial
/// p[j] = Σ x[i, j]·δ[i] and Σδ. Textbook code (numpy's) reads X twice per epoch: once for Xw, once for Xᵀδ.
/// </summary>
/// <remarks>
/// The bits are those of WeightedSums, Sigmoid, SigmoidDelta and the chunk chains of <see cref="Gradient"/>
/// (docs/numerics.md): rows go in blocks of one vector, the sigmoid and delta are element-wise, and each column's
/// partial is the same sequential fused chain over the chunk's rows in order.
/// </remarks>
internal static partial class FusedEpoch
{
    /// <summary>Writes the chunk's gradient partial into <paramref name="partial"/> and returns its Σδ.</summary>
    /// <remarks>
    /// The loop is instantiated once per way of computing a block's sums (<see cref="IBlockSums"/>), so each
    /// instantiation inlines one body: with every body in one loop the JIT's inlining budget ran out, and the loop called
    /// the sums, the sigmoid and the lane operations (under AVX2 the 100,000 × 16 epoch went 381 → 479 µs).
    /// </remarks>
    public static T Chunk<T, TVec, TOps>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, T bias, bool useBias, Span<T> partial, bool prefetch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int columns = w.Length;
        // float32 at 256 or 512 bits: 8 rows' (or 16 short rows') sums per shuffle tree; otherwise row by row.
        if (typeof(T) == typeof(float) && TOps.Count >= Vector256<T>.Count)
        {
            if (TOps.Count == Vector512<float>.Count && RowBlockDot.IsSupportedSixteenShort(columns))
            {
                return Run<T, TVec, TOps, SixteenShortRows>(x, y, w, bias, useBias, partial, prefetch);
            }
            if (RowBlockDot.IsSupportedShort(columns))
            {
                return Run<T, TVec, TOps, EightRows<Short256, Short256>>(x, y, w, bias, useBias, partial, prefetch);
            }
            if (RowBlockDot.IsSupported(columns))
            {
                return Run<T, TVec, TOps, EightRows<Wide256, Wide512>>(x, y, w, bias, useBias, partial, prefetch);
            }
        }
        return Run<T, TVec, TOps, RowByRow>(x, y, w, bias, useBias, partial, prefetch);
    }

    private static T Run<T, TVec, TOps, TSums>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, T bias, bool useBias, Span<T> partial, bool prefetch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        where TSums : IBlockSums
    {
        int rows = y.Length;
        int columns = w.Length;
        int block = TOps.Count;
        // Two blocks' deltas: a pipelined loop computes block b's while it adds block b − 1's products (below).
        Span<T> deltas = stackalloc T[2 * block];
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T yRef = ref MemoryMarshal.GetReference(y);
        ref T pRef = ref MemoryMarshal.GetReference(partial);
        partial[..columns].Clear();
        T biasPartial = T.Zero;
        int prefetchRows = prefetch ? Math.Max(block, PrefetchBytesAhead / (columns * Unsafe.SizeOf<T>())) : 0;
        int blocks = (rows + block - 1) / block;
        // Narrow rows are software-pipelined by one block (lag 1): step b computes block b's deltas, then adds block
        // b − 1's products and Σδ. Each column's partial (and Σδ) is one chain through every block in turn; a narrow row
        // has few column vectors, so that chain is short on work and long on latency (16 float columns at 512 bits are one
        // vector: 16 dependent fused multiply-adds per block), and in this order it runs while the next block's sums and
        // sigmoid, which do not depend on it, fill the rest of the machine. Wide rows keep the plain order (lag 0): their
        // products are many independent chains already, and one more block of rows in flight would crowd L1 (256 float
        // columns at 512 bits make a block of 16 KB). The arithmetic and its order per element are the same either way.
        int lag = columns < 4 * block ? 1 : 0;
        for (int b = 0; b < blocks + lag; b++)
        {
            if (b < blocks)
            {
                int first = b * block;
                int count = Math.Min(block, rows - first);
                Span<T> next = deltas.Slice((b & 1) * block, block);
                if (prefetchRows > 0)
                {
                    Prefetch(x, (first + prefetchRows) * columns, count * columns);
                }
                if (count == block)
                {
                    // The block's sums stay in a register on their way to the sigmoid: stored as two halves and loaded as one
                    // vector, they could not be forwarded from the store buffer and waited for it.
                    TVec z = TSums.Sums<T, TVec, TOps>(x, first, w, next);
                    if (useBias)
                    {
                        z = TOps.Add(z, TOps.Create(bias));
                    }
                    TVec o = SigmoidOperator.Invoke<T, TVec, TOps>(z);
                    TOps.Store(SigmoidDeltaOperator.Invoke<T, TVec, TOps>(TOps.Load(ref yRef, (nuint)first), o), ref MemoryMarshal.GetReference(next), 0);
                }
                else
                {
                    ShortBlockDeltas<T, TVec, TOps>(x.Slice(first * columns, count * columns), y.Slice(first, count), w, bias, useBias, next);
                }
            }
            if (b >= lag)
            {
                int first = (b - lag) * block;
                int count = Math.Min(block, rows - first);
                ref T dRef = ref Unsafe.Add(ref MemoryMarshal.GetReference(deltas), ((b - lag) & 1) * block);
                if (useBias)
                {
                    T sum = biasPartial;
                    int r = 0;
                    for (; r <= count - 4; r += 4)
                    {
                        sum += Unsafe.Add(ref dRef, r);
                        sum += Unsafe.Add(ref dRef, r + 1);
                        sum += Unsafe.Add(ref dRef, r + 2);
                        sum += Unsafe.Add(ref dRef, r + 3);
                    }
                    for (; r < count; r++)
                    {
                        sum += Unsafe.Add(ref dRef, r);
                    }
                    biasPartial = sum;
                }
                if (columns >= 4 * block)
                {
                    // Wide rows (lag 0): the products ask for the next block's rows, unless the burst above does (AddBlockProducts).
                    int aheadCount = prefetchRows > 0 ? 0 : Math.Clamp(rows - first - block, 0, block);
                    Debug.Assert(aheadCount == 0 || first + block + aheadCount <= rows, "prefetches stay inside the chunk's rows");
                    AddBlockProducts<T, TVec, TOps>(ref Unsafe.Add(ref xRef, first * columns), columns, ref dRef, count, ref pRef, aheadCount);
                }
                else
                {
                    AddRemainingColumns<T, TVec, TOps>(ref Unsafe.Add(ref xRef, first * columns), columns, ref dRef, count, ref pRef, 0);
                }
            }
        }
        return biasPartial;
    }

    /// <summary>
    /// δ for a chunk's last block when it is shorter than a vector: row by row. A method of its own, called once per
    /// chunk at most, so that its inlined sums and sigmoid do not use up the JIT's inlining budget for the chunk loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ShortBlockDeltas<T, TVec, TOps>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, T bias, bool useBias, Span<T> deltas)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int columns = w.Length;
        for (int r = 0; r < y.Length; r++)
        {
            T z = DotProduct.Invoke<T, TVec, TOps>(x.Slice(r * columns, columns), w);
            T o = SigmoidOperator.Invoke<T, T, ScalarOps<T>>(useBias ? z + bias : z);
            deltas[r] = SigmoidDeltaOperator.Invoke<T, T, ScalarOps<T>>(y[r], o);
        }
    }

    /// <summary>
    /// How far ahead the epoch asks for rows, at least one block of rows: 4 KB. 16 KB was slower on the Zen 5 VM:
    /// LargeBatchBenchmarks' 1,000,000 × 64 went 8.64 → 7.81 ms on one thread with 4 KB (fused-epoch-and-seed-session4.md).
    /// </summary>
    private const int PrefetchBytesAhead = 4 * 1024;

    /// <summary>
    /// Data smaller than this is assumed to be in cache after the first epoch, where a burst of prefetches per block only
    /// costs (on this project's machine, in-cache epochs were about a third slower with them); there the block products of
    /// rows of four vectors or more ask for the next block's rows a few lines at a time instead (AddBlockProducts), and
    /// narrower rows are left to the hardware.
    /// </summary>
    public const long PrefetchAboveBytes = 16L * 1024 * 1024;

    /// <summary>
    /// Asks the cache for x[start .. start + length) ahead of use (x86 only; elsewhere the hardware prefetcher is
    /// left alone). A single-pass epoch does little work per byte, and without this the next rows' loads wait on
    /// memory behind each row's dependent chain (on this project's machine it cut the 1,000,000 × 64 epoch by about a third).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(ReadOnlySpan<T> x, int start, int length)
        where T : unmanaged
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported || start + length > x.Length)
        {
            return;
        }
        PrefetchLines((byte*)Unsafe.AsPointer(ref Unsafe.AsRef(in x[start])), length * sizeof(T));
    }
}
