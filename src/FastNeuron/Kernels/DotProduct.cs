using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// K lanes are one 1024-bit block: 8 Vector128, 4 Vector256 or 2 Vector512 accumulators, one generic body for all,, enough independent
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

    /// <summary>The weighted sum at <paramref name="width"/> (null: <see cref="VectorWidths.Best"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, VectorWidth? width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var func = new DotFunc<T>(x, w);
        return WidthDispatch.Run<T, DotFunc<T>, T>(width, ref func);
    }

    /// <summary>
    /// The weighted sum at TVec's width: K / TOps.Count accumulators (8 Vector128, 4 Vector256 or 2 Vector512), each
    /// TVec lane one of the K chains; then the tree's levels between accumulators, then
    /// <see cref="ISimdOps{TVec, T}.PairwiseSum"/> inside the last one. At <see cref="ScalarOps{T}"/>, <see cref="Scalar{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke<T, TVec, TOps>(ReadOnlySpan<T> x, ReadOnlySpan<T> w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int lanes = LaneCount<T>();
        int n = x.Length;
        if (n < lanes)
        {
            return SequentialChain(x, w);
        }
        if (TOps.Count == 1)
        {
            return Scalar(x, w);
        }
        // Constants to the JIT: each instantiation keeps only its own accumulators.
        int accumulators = lanes / TOps.Count;
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T wRef = ref MemoryMarshal.GetReference(w);
        nuint width = (nuint)TOps.Count;
        TVec a0 = TOps.Create(T.Zero), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int j = 0;
        for (; j <= n - lanes; j += lanes)
        {
            nuint o = (nuint)j;
            a0 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, o), TOps.Load(ref wRef, o), a0);
            a1 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, o + width), TOps.Load(ref wRef, o + width), a1);
            if (accumulators >= 4)
            {
                a2 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, o + 2 * width), TOps.Load(ref wRef, o + 2 * width), a2);
                a3 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, o + 3 * width), TOps.Load(ref wRef, o + 3 * width), a3);
            }
            if (accumulators == 8)
            {
                a4 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, o + 4 * width), TOps.Load(ref wRef, o + 4 * width), a4);
                a5 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, o + 5 * width), TOps.Load(ref wRef, o + 5 * width), a5);
                a6 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, o + 6 * width), TOps.Load(ref wRef, o + 6 * width), a6);
                a7 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, o + 7 * width), TOps.Load(ref wRef, o + 7 * width), a7);
            }
        }
        if (j != n)
        {
            // Accumulators this width does not use are passed as a0 (ignored), so that no extra vector stays live.
            return Tail<T, TVec, TOps>(x, w, j, a0, a1, accumulators >= 4 ? a2 : a0, accumulators >= 4 ? a3 : a0,
                accumulators == 8 ? a4 : a0, accumulators == 8 ? a5 : a0, accumulators == 8 ? a6 : a0, accumulators == 8 ? a7 : a0);
        }
        // The tree levels between accumulators: lane[l] + lane[l + h] is accumulator k + accumulator k + h/Count.
        if (accumulators == 8)
        {
            a0 = TOps.Add(a0, a4);
            a1 = TOps.Add(a1, a5);
            a2 = TOps.Add(a2, a6);
            a3 = TOps.Add(a3, a7);
        }
        if (accumulators >= 4)
        {
            a0 = TOps.Add(a0, a2);
            a1 = TOps.Add(a1, a3);
        }
        return TOps.PairwiseSum(TOps.Add(a0, a1));
    }

    /// <summary>n mod K ≠ 0: the accumulators go to memory as K lanes, and the rest finishes as the scalar loop does.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Tail<T, TVec, TOps>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, int start, TVec a0, TVec a1, TVec a2, TVec a3, TVec a4, TVec a5, TVec a6, TVec a7)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int lanes = LaneCount<T>();
        nuint width = (nuint)TOps.Count;
        Span<T> lane = stackalloc T[lanes];
        ref T laneRef = ref MemoryMarshal.GetReference(lane);
        TOps.Store(a0, ref laneRef, 0);
        TOps.Store(a1, ref laneRef, width);
        if (lanes / TOps.Count >= 4)
        {
            TOps.Store(a2, ref laneRef, 2 * width);
            TOps.Store(a3, ref laneRef, 3 * width);
        }
        if (lanes / TOps.Count == 8)
        {
            TOps.Store(a4, ref laneRef, 4 * width);
            TOps.Store(a5, ref laneRef, 5 * width);
            TOps.Store(a6, ref laneRef, 6 * width);
            TOps.Store(a7, ref laneRef, 7 * width);
        }
        return FinishTail(x, w, start, lane);
    }

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

    private readonly ref struct DotFunc<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w) : IWidthFunc<T, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _x = x;
        private readonly ReadOnlySpan<T> _w = w;

        public T Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => Invoke<T, TVec, TOps>(_x, _w);
    }
}
