using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

internal static partial class FusedEpoch
{
    /// <summary>
    /// p[j] = fma(x[r, j], δ[r], p[j]) for the block's rows r in order, every column j: the chunk chains' next
    /// <paramref name="count"/> links, for X of four column vectors or more. A method of its own because inlined into the
    /// chunk loop, beside the sums and the sigmoid, it exhausted the JIT's inlining budget and left calls to the lane
    /// operations in its loops; one call per block is then small beside the block's work.
    /// </summary>
    /// <remarks>
    /// While it runs from L1, each row's pass asks the cache for the same columns of the row one block further on, for
    /// the first <paramref name="aheadCount"/> rows (those of the next block in the chunk, the next it will read; rows this
    /// wide are not pipelined), so that those sums find their rows in L1 instead of waiting on L2 or L3 (LargeBatchBenchmarks'
    /// 4,096 × 256, read from L3). The requests are spread over the passes, a few lines per row. Data bigger than
    /// <see cref="PrefetchAboveBytes"/> comes from memory, where that lead is too short when spread out: the chunk loop asks
    /// for it in one burst per block instead and passes 0 here.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddBlockProducts<T, TVec, TOps>(ref T xRef, int columns, ref T dRef, int count, ref T pRef, int aheadCount)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int block = TOps.Count;
        // Column vectors outer, the block's rows inner: each partial stays in a register across the block. Eight, then
        // four column vectors per pass are as many independent chains, so their fused multiply-adds overlap instead of
        // each waiting on the one before it: one chain per pass left the epoch bound by their latency (LargeBatchBenchmarks'
        // 4,096 × 256). The eight are written out beside the four because the chains must sit side by side in one loop.
        int j = 0;
        for (; j <= columns - 8 * block; j += 8 * block)
        {
            ref T p = ref Unsafe.Add(ref pRef, j);
            TVec a0 = TOps.Load(ref p, 0);
            TVec a1 = TOps.Load(ref p, (nuint)block);
            TVec a2 = TOps.Load(ref p, (nuint)(2 * block));
            TVec a3 = TOps.Load(ref p, (nuint)(3 * block));
            TVec a4 = TOps.Load(ref p, (nuint)(4 * block));
            TVec a5 = TOps.Load(ref p, (nuint)(5 * block));
            TVec a6 = TOps.Load(ref p, (nuint)(6 * block));
            TVec a7 = TOps.Load(ref p, (nuint)(7 * block));
            for (int r = 0; r < count; r++)
            {
                ref T xr = ref Unsafe.Add(ref xRef, r * columns + j);
                if (r < aheadCount)
                {
                    PrefetchLines((byte*)Unsafe.AsPointer(ref Unsafe.Add(ref xr, block * columns)), 8 * block * sizeof(T));
                }
                TVec d = TOps.Create(Unsafe.Add(ref dRef, r));
                a0 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, 0), d, a0);
                a1 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)block), d, a1);
                a2 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)(2 * block)), d, a2);
                a3 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)(3 * block)), d, a3);
                a4 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)(4 * block)), d, a4);
                a5 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)(5 * block)), d, a5);
                a6 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)(6 * block)), d, a6);
                a7 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)(7 * block)), d, a7);
            }
            TOps.Store(a0, ref p, 0);
            TOps.Store(a1, ref p, (nuint)block);
            TOps.Store(a2, ref p, (nuint)(2 * block));
            TOps.Store(a3, ref p, (nuint)(3 * block));
            TOps.Store(a4, ref p, (nuint)(4 * block));
            TOps.Store(a5, ref p, (nuint)(5 * block));
            TOps.Store(a6, ref p, (nuint)(6 * block));
            TOps.Store(a7, ref p, (nuint)(7 * block));
        }
        for (; j <= columns - 4 * block; j += 4 * block)
        {
            ref T p = ref Unsafe.Add(ref pRef, j);
            TVec a0 = TOps.Load(ref p, 0);
            TVec a1 = TOps.Load(ref p, (nuint)block);
            TVec a2 = TOps.Load(ref p, (nuint)(2 * block));
            TVec a3 = TOps.Load(ref p, (nuint)(3 * block));
            for (int r = 0; r < count; r++)
            {
                ref T xr = ref Unsafe.Add(ref xRef, r * columns + j);
                if (r < aheadCount)
                {
                    PrefetchLines((byte*)Unsafe.AsPointer(ref Unsafe.Add(ref xr, block * columns)), 4 * block * sizeof(T));
                }
                TVec d = TOps.Create(Unsafe.Add(ref dRef, r));
                a0 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, 0), d, a0);
                a1 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)block), d, a1);
                a2 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)(2 * block)), d, a2);
                a3 = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)(3 * block)), d, a3);
            }
            TOps.Store(a0, ref p, 0);
            TOps.Store(a1, ref p, (nuint)block);
            TOps.Store(a2, ref p, (nuint)(2 * block));
            TOps.Store(a3, ref p, (nuint)(3 * block));
        }
        AddRemainingColumns<T, TVec, TOps>(ref xRef, columns, ref dRef, count, ref pRef, j);
    }

    /// <summary>
    /// Asks for the cache lines of [<paramref name="address"/>, + <paramref name="bytes"/>) (x86; a hint, so an address the
    /// collector has since moved costs a useless request, never a fault or a wrong value).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchLines(byte* address, int bytes)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            for (int offset = 0; offset < bytes; offset += 64)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(address + offset);
            }
        }
    }

    /// <summary>
    /// The products of columns [<paramref name="j"/>, columns) one column vector, then one column, at a time: all of them
    /// for X narrower than four column vectors, inlined into the chunk loop (a block's products are then a few dozen
    /// fused multiply-adds, little beside a call), and what the groups leave otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRemainingColumns<T, TVec, TOps>(ref T xRef, int columns, ref T dRef, int count, ref T pRef, int j)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int block = TOps.Count;
        for (; j <= columns - block; j += block)
        {
            TVec acc = TOps.Load(ref pRef, (nuint)j);
            int r = 0;
            for (; r <= count - 4; r += 4)
            {
                ref T xr = ref Unsafe.Add(ref xRef, r * columns + j);
                acc = TOps.FusedMultiplyAdd(TOps.Load(ref xr, 0), TOps.Create(Unsafe.Add(ref dRef, r)), acc);
                acc = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)columns), TOps.Create(Unsafe.Add(ref dRef, r + 1)), acc);
                acc = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)(2 * columns)), TOps.Create(Unsafe.Add(ref dRef, r + 2)), acc);
                acc = TOps.FusedMultiplyAdd(TOps.Load(ref xr, (nuint)(3 * columns)), TOps.Create(Unsafe.Add(ref dRef, r + 3)), acc);
            }
            for (; r < count; r++)
            {
                acc = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, (nuint)(r * columns + j)), TOps.Create(Unsafe.Add(ref dRef, r)), acc);
            }
            TOps.Store(acc, ref pRef, (nuint)j);
        }
        for (; j < columns; j++)
        {
            T acc = Unsafe.Add(ref pRef, j);
            for (int r = 0; r < count; r++)
            {
                acc = ScalarOps<T>.FusedMultiplyAdd(Unsafe.Add(ref xRef, r * columns + j), Unsafe.Add(ref dRef, r), acc);
            }
            Unsafe.Add(ref pRef, j) = acc;
        }
    }
}
