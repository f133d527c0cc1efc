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
internal static class FusedEpoch
{
    /// <summary>Writes the chunk's gradient partial into <paramref name="partial"/> and returns its Σδ.</summary>
    public static T Chunk<T, TVec, TOps>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, T bias, bool useBias, Span<T> partial, bool prefetch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int rows = y.Length;
        int columns = w.Length;
        int block = TOps.Count;
        Span<T> deltas = stackalloc T[block];
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T yRef = ref MemoryMarshal.GetReference(y);
        ref T dRef = ref MemoryMarshal.GetReference(deltas);
        ref T pRef = ref MemoryMarshal.GetReference(partial);
        partial[..columns].Clear();
        T biasPartial = T.Zero;
        // float32 rows that are whole 1024-bit blocks, at 256 or 512 bits: 8 rows' sums per shuffle tree.
        bool wide = typeof(T) == typeof(float) && TOps.Count >= Vector256<T>.Count;
        bool shortRows = wide && RowBlockDot.IsSupportedShort(columns);
        bool rowBlocks = shortRows || (wide && RowBlockDot.IsSupported(columns));
        ref float wFloat = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(w));
        int prefetchRows = prefetch ? Math.Max(block, PrefetchBytesAhead / (columns * Unsafe.SizeOf<T>())) : 0;

        for (int first = 0; first < rows; first += block)
        {
            int count = Math.Min(block, rows - first);
            if (prefetchRows > 0)
            {
                Prefetch(x, (first + prefetchRows) * columns, count * columns);
            }
            if (rowBlocks && count == block)
            {
                for (int r = 0; r < block; r += RowBlockDot.Rows)
                {
                    ref float rows8 = ref Unsafe.As<T, float>(ref Unsafe.Add(ref xRef, (first + r) * columns));
                    Vector256<float> z = shortRows ? RowBlockDot.EightShort256(ref rows8, columns, ref wFloat)
                        : TOps.Count == Vector512<T>.Count ? RowBlockDot.Eight512(ref rows8, columns, ref wFloat)
                        : RowBlockDot.Eight256(ref rows8, columns, ref wFloat);
                    if (useBias)
                    {
                        z += Vector256.Create(Unsafe.BitCast<T, float>(bias));
                    }
                    z.StoreUnsafe(ref Unsafe.As<T, float>(ref dRef), (nuint)r);
                }
            }
            else
            {
                for (int r = 0; r < count; r++)
                {
                    T z = DotProduct.Invoke<T, TVec, TOps>(x.Slice((first + r) * columns, columns), w);
                    Unsafe.Add(ref dRef, r) = useBias ? z + bias : z;
                }
            }
            if (count == block)
            {
                TVec o = SigmoidOperator.Invoke<T, TVec, TOps>(TOps.Load(ref dRef, 0));
                TOps.Store(SigmoidDeltaOperator.Invoke<T, TVec, TOps>(TOps.Load(ref yRef, (nuint)first), o), ref dRef, 0);
            }
            else
            {
                for (int r = 0; r < count; r++)
                {
                    T o = SigmoidOperator.Invoke<T, T, ScalarOps<T>>(Unsafe.Add(ref dRef, r));
                    Unsafe.Add(ref dRef, r) = SigmoidDeltaOperator.Invoke<T, T, ScalarOps<T>>(Unsafe.Add(ref yRef, first + r), o);
                }
            }
            if (useBias)
            {
                for (int r = 0; r < count; r++)
                {
                    biasPartial += Unsafe.Add(ref dRef, r);
                }
            }

            // Column vectors outer, the block's rows inner: each partial stays in a register across the block.
            int j = 0;
            for (; j <= columns - block; j += block)
            {
                TVec acc = TOps.Load(ref pRef, (nuint)j);
                for (int r = 0; r < count; r++)
                {
                    acc = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, (nuint)((first + r) * columns + j)), TOps.Create(Unsafe.Add(ref dRef, r)), acc);
                }
                TOps.Store(acc, ref pRef, (nuint)j);
            }
            for (; j < columns; j++)
            {
                T acc = Unsafe.Add(ref pRef, j);
                for (int r = 0; r < count; r++)
                {
                    acc = ScalarOps<T>.FusedMultiplyAdd(Unsafe.Add(ref xRef, (first + r) * columns + j), Unsafe.Add(ref dRef, r), acc);
                }
                Unsafe.Add(ref pRef, j) = acc;
            }
        }
        return biasPartial;
    }

    /// <summary>
    /// How far ahead the epoch asks for rows, at least one block of rows: 4 KB. 16 KB was slower on the Zen 5 VM:
    /// LargeBatchBenchmarks' 1,000,000 × 64 went 8.64 → 7.81 ms on one thread with 4 KB (fused-epoch-and-seed-session4.md).
    /// </summary>
    private const int PrefetchBytesAhead = 4 * 1024;

    /// <summary>
    /// Data smaller than this is assumed to be in cache after the first epoch, where prefetches only cost
    /// (on this project's machine, in-cache epochs were about a third slower with them).
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
        byte* address = (byte*)Unsafe.AsPointer(ref Unsafe.AsRef(in x[start]));
        int bytes = length * sizeof(T);
        for (int offset = 0; offset < bytes; offset += 64)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(address + offset);
        }
    }
}
