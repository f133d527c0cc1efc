using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// The weighted sum Σ x[j]·w[j] in the one accumulation order that every width reproduces.
/// </summary>
/// <remarks>
/// With K = 128 bytes / sizeof(T) lanes (32 for float, 16 for double):
/// <list type="bullet">
/// <item>n &lt; K: a sequential fused chain, s = fma(x[j], w[j], s) from s = +0, j = 0, 1, ...</item>
/// <item>n ≥ K: K interleaved chains, lane[j mod K] = fma(x[j], w[j], lane[j mod K]) from +0; then a fixed
///   pairwise tree: for h = K/2, K/4, ..., 1: lane[l] = lane[l] + lane[l + h] for l &lt; h. The sum is lane[0].</item>
/// </list>
/// K lanes are one 1024-bit block: 8 Vector128, 4 Vector256 or 2 Vector512 accumulators, enough independent
/// chains to keep the FMA units busy at every width, and each tree level is one vector add between
/// accumulators or one fold of a vector's halves. Why not the hardware's natural order: it changes with
/// the width, and the bits must not.
/// </remarks>
internal static class DotProduct
{
    /// <summary>K, the number of interleaved accumulation lanes for T.</summary>
    public static int LaneCount<T>() => 128 / Unsafe.SizeOf<T>();

    public static T Scalar<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = LaneCount<T>();
        if (x.Length < lanes)
        {
            return SequentialChain(x, w);
        }
        Span<T> lane = stackalloc T[lanes];
        lane.Clear();
        for (int j = 0; j < x.Length; j++)
        {
            int l = j & (lanes - 1);
            lane[l] = ScalarOps<T>.FusedMultiplyAdd(x[j], w[j], lane[l]);
        }
        return LaneTree(lane);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Width128<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = LaneCount<T>();
        int n = x.Length;
        if (n < lanes)
        {
            return SequentialChain(x, w);
        }
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T wRef = ref MemoryMarshal.GetReference(w);
        nuint width = (nuint)System.Runtime.Intrinsics.Vector128<T>.Count;
        Vector128<T> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector128<T> a4 = default, a5 = default, a6 = default, a7 = default;
        int j = 0;
        for (; j <= n - lanes; j += lanes)
        {
            nuint o = (nuint)j;
            a0 = Vector128Ops<T>.FusedMultiplyAdd(Vector128.LoadUnsafe(ref xRef, o), Vector128.LoadUnsafe(ref wRef, o), a0);
            a1 = Vector128Ops<T>.FusedMultiplyAdd(Vector128.LoadUnsafe(ref xRef, o + width), Vector128.LoadUnsafe(ref wRef, o + width), a1);
            a2 = Vector128Ops<T>.FusedMultiplyAdd(Vector128.LoadUnsafe(ref xRef, o + 2 * width), Vector128.LoadUnsafe(ref wRef, o + 2 * width), a2);
            a3 = Vector128Ops<T>.FusedMultiplyAdd(Vector128.LoadUnsafe(ref xRef, o + 3 * width), Vector128.LoadUnsafe(ref wRef, o + 3 * width), a3);
            a4 = Vector128Ops<T>.FusedMultiplyAdd(Vector128.LoadUnsafe(ref xRef, o + 4 * width), Vector128.LoadUnsafe(ref wRef, o + 4 * width), a4);
            a5 = Vector128Ops<T>.FusedMultiplyAdd(Vector128.LoadUnsafe(ref xRef, o + 5 * width), Vector128.LoadUnsafe(ref wRef, o + 5 * width), a5);
            a6 = Vector128Ops<T>.FusedMultiplyAdd(Vector128.LoadUnsafe(ref xRef, o + 6 * width), Vector128.LoadUnsafe(ref wRef, o + 6 * width), a6);
            a7 = Vector128Ops<T>.FusedMultiplyAdd(Vector128.LoadUnsafe(ref xRef, o + 7 * width), Vector128.LoadUnsafe(ref wRef, o + 7 * width), a7);
        }
        if (j == n)
        {
            Vector128<T> b0 = a0 + a4, b1 = a1 + a5, b2 = a2 + a6, b3 = a3 + a7;
            return ReduceVector128((b0 + b2) + (b1 + b3));
        }
        return Tail128(x, w, j, a0, a1, a2, a3, a4, a5, a6, a7);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Tail128<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, int start, Vector128<T> a0, Vector128<T> a1, Vector128<T> a2, Vector128<T> a3, Vector128<T> a4, Vector128<T> a5, Vector128<T> a6, Vector128<T> a7)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        nuint width = (nuint)System.Runtime.Intrinsics.Vector128<T>.Count;
        Span<T> lane = stackalloc T[LaneCount<T>()];
        ref T laneRef = ref MemoryMarshal.GetReference(lane);
        a0.StoreUnsafe(ref laneRef, 0);
        a1.StoreUnsafe(ref laneRef, width);
        a2.StoreUnsafe(ref laneRef, 2 * width);
        a3.StoreUnsafe(ref laneRef, 3 * width);
        a4.StoreUnsafe(ref laneRef, 4 * width);
        a5.StoreUnsafe(ref laneRef, 5 * width);
        a6.StoreUnsafe(ref laneRef, 6 * width);
        a7.StoreUnsafe(ref laneRef, 7 * width);
        return FinishTail(x, w, start, lane);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Width256<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = LaneCount<T>();
        int n = x.Length;
        if (n < lanes)
        {
            return SequentialChain(x, w);
        }
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T wRef = ref MemoryMarshal.GetReference(w);
        nuint width = (nuint)System.Runtime.Intrinsics.Vector256<T>.Count;
        Vector256<T> a0 = default, a1 = default, a2 = default, a3 = default;
        int j = 0;
        for (; j <= n - lanes; j += lanes)
        {
            nuint o = (nuint)j;
            a0 = Vector256Ops<T>.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xRef, o), Vector256.LoadUnsafe(ref wRef, o), a0);
            a1 = Vector256Ops<T>.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xRef, o + width), Vector256.LoadUnsafe(ref wRef, o + width), a1);
            a2 = Vector256Ops<T>.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xRef, o + 2 * width), Vector256.LoadUnsafe(ref wRef, o + 2 * width), a2);
            a3 = Vector256Ops<T>.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xRef, o + 3 * width), Vector256.LoadUnsafe(ref wRef, o + 3 * width), a3);
        }
        if (j == n)
        {
            return ReduceVector256((a0 + a2) + (a1 + a3));
        }
        return Tail256(x, w, j, a0, a1, a2, a3);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Tail256<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, int start, Vector256<T> a0, Vector256<T> a1, Vector256<T> a2, Vector256<T> a3)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        nuint width = (nuint)System.Runtime.Intrinsics.Vector256<T>.Count;
        Span<T> lane = stackalloc T[LaneCount<T>()];
        ref T laneRef = ref MemoryMarshal.GetReference(lane);
        a0.StoreUnsafe(ref laneRef, 0);
        a1.StoreUnsafe(ref laneRef, width);
        a2.StoreUnsafe(ref laneRef, 2 * width);
        a3.StoreUnsafe(ref laneRef, 3 * width);
        return FinishTail(x, w, start, lane);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Width512<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = LaneCount<T>();
        int n = x.Length;
        if (n < lanes)
        {
            return SequentialChain(x, w);
        }
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T wRef = ref MemoryMarshal.GetReference(w);
        nuint width = (nuint)System.Runtime.Intrinsics.Vector512<T>.Count;
        Vector512<T> a0 = default, a1 = default;
        int j = 0;
        for (; j <= n - lanes; j += lanes)
        {
            nuint o = (nuint)j;
            a0 = Vector512Ops<T>.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xRef, o), Vector512.LoadUnsafe(ref wRef, o), a0);
            a1 = Vector512Ops<T>.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xRef, o + width), Vector512.LoadUnsafe(ref wRef, o + width), a1);
        }
        if (j == n)
        {
            Vector512<T> b = a0 + a1;
            return ReduceVector256(b.GetLower() + b.GetUpper());
        }
        return Tail512(x, w, j, a0, a1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Tail512<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, int start, Vector512<T> a0, Vector512<T> a1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        nuint width = (nuint)System.Runtime.Intrinsics.Vector512<T>.Count;
        Span<T> lane = stackalloc T[LaneCount<T>()];
        ref T laneRef = ref MemoryMarshal.GetReference(lane);
        a0.StoreUnsafe(ref laneRef, 0);
        a1.StoreUnsafe(ref laneRef, width);
        return FinishTail(x, w, start, lane);
    }

    public static T Invoke<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => width switch
        {
            VectorWidth.Vector512 => Width512(x, w),
            VectorWidth.Vector256 => Width256(x, w),
            VectorWidth.Vector128 => Width128(x, w),
            _ => Scalar(x, w),
        };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SequentialChain<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int j = 0; j < x.Length; j++)
        {
            sum = ScalarOps<T>.FusedMultiplyAdd(x[j], w[j], sum);
        }
        return sum;
    }

    /// <summary>The remaining n mod K elements go into lanes 0, 1, ... exactly as the scalar loop puts them.</summary>
    private static T FinishTail<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, int start, Span<T> lane)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int j = start, l = 0; j < x.Length; j++, l++)
        {
            lane[l] = ScalarOps<T>.FusedMultiplyAdd(x[j], w[j], lane[l]);
        }
        return LaneTree(lane);
    }

    private static T LaneTree<T>(Span<T> lane)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int half = lane.Length / 2; half >= 1; half /= 2)
        {
            for (int l = 0; l < half; l++)
            {
                lane[l] += lane[l + half];
            }
        }
        return lane[0];
    }

    /// <summary>The last tree levels inside one Vector256: fold the halves, then <see cref="ReduceVector128"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T ReduceVector256<T>(Vector256<T> v)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => ReduceVector128(v.GetLower() + v.GetUpper());

    /// <summary>The last tree levels: 4 float lanes as (v0 + v2) + (v1 + v3); 2 double lanes as v0 + v1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T ReduceVector128<T>(Vector128<T> v)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (System.Runtime.Intrinsics.Vector128<T>.Count == 4)
        {
            return (v.GetElement(0) + v.GetElement(2)) + (v.GetElement(1) + v.GetElement(3));
        }
        return v.GetElement(0) + v.GetElement(1);
    }
}
