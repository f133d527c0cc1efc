using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// The gradient step: each element becomes <c>w[j] + η·g[j]</c>, the product rounded, then the sum
/// (not fused, so that η = 1 gives exactly the seed's <c>w += adjustment</c>).
/// </summary>
internal static class WeightUpdate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scalar<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int j = 0; j < weights.Length; j++)
        {
            destination[j] = weights[j] + learningRate * gradient[j];
        }
    }

    /// <summary>destination = w + η·g at <paramref name="width"/> (null: <see cref="VectorWidths.Best"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination, VectorWidth? width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var action = new UpdateAction<T>(weights, gradient, learningRate, destination);
        WidthDispatch.Run<T, UpdateAction<T>>(width, ref action);
    }

    /// <summary>destination = w + η·g at TVec's width; at <see cref="ScalarOps{T}"/>, <see cref="Scalar{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<T, TVec, TOps>(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        if (TOps.Count == 1)
        {
            Scalar(weights, gradient, learningRate, destination);
        }
        else
        {
            Vectorized<T, TVec, TOps>(weights, gradient, learningRate, destination);
        }
    }

    private static void Vectorized<T, TVec, TOps>(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        ref T wRef = ref MemoryMarshal.GetReference(weights);
        ref T gRef = ref MemoryMarshal.GetReference(gradient);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int n = weights.Length;
        TVec rate = TOps.Create(learningRate);
        if (n < 16 * TOps.Count)
        {
            // Short spans: whole vectors from the start, four at a time, then the rest element by element. Their first
            // elements' misalignment costs less than setting up the long path would.
            int i = 0;
            for (; i <= n - 4 * TOps.Count; i += 4 * TOps.Count)
            {
                nuint v = (nuint)TOps.Count, a = (nuint)i;
                TVec r0 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a);
                TVec r1 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a + v);
                TVec r2 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a + 2 * v);
                TVec r3 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a + 3 * v);
                TOps.Store(r0, ref dRef, a);
                TOps.Store(r1, ref dRef, a + v);
                TOps.Store(r2, ref dRef, a + 2 * v);
                TOps.Store(r3, ref dRef, a + 3 * v);
            }
            for (; i <= n - TOps.Count; i += TOps.Count)
            {
                TOps.Store(Step<T, TVec, TOps>(ref wRef, ref gRef, rate, (nuint)i), ref dRef, (nuint)i);
            }
            if (i < n) Scalar(weights[i..], gradient[i..], learningRate, destination[i..]);
            return;
        }
        LongSpan<T, TVec, TOps>(ref wRef, ref gRef, ref dRef, n, rate);
    }

    /// <summary>At least 16 vectors: in a method of its own, so that the short spans' path stays small and cheap to enter.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LongSpan<T, TVec, TOps>(ref T wRef, ref T gRef, ref T dRef, int n, TVec rate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        // Long spans start their loops where the destination is aligned to the vector, so that no store (and, for arrays
        // laid out alike, no load) straddles two cache lines; the elements before are the first vector, and those after
        // the last whole vector the last one. Both are computed before anything is stored and stored after everything
        // else: the loops may compute some of their elements again, from the same inputs, so each element's operations
        // and result are the same either way, also when destination is weights.
        TVec head = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, 0), tail = default;
        int j = VectorAlignment.ElementsToBoundary<T, TVec>(ref dRef);
        bool ragged = (n - j) % TOps.Count != 0;
        nuint last = (nuint)(n - TOps.Count);
        if (ragged)
        {
            tail = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, last);
        }
        for (; j <= n - 8 * TOps.Count; j += 8 * TOps.Count)
        {
            // Every load of the eight vectors before any store: a store never sits between loads that could alias it by
            // address modulo 4 KB, which stalls a load until the store completes (destination may also be weights).
            nuint v = (nuint)TOps.Count, a = (nuint)j;
            TVec r0 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a);
            TVec r1 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a + v);
            TVec r2 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a + 2 * v);
            TVec r3 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a + 3 * v);
            TVec r4 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a + 4 * v);
            TVec r5 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a + 5 * v);
            TVec r6 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a + 6 * v);
            TVec r7 = Step<T, TVec, TOps>(ref wRef, ref gRef, rate, a + 7 * v);
            TOps.Store(r0, ref dRef, a);
            TOps.Store(r1, ref dRef, a + v);
            TOps.Store(r2, ref dRef, a + 2 * v);
            TOps.Store(r3, ref dRef, a + 3 * v);
            TOps.Store(r4, ref dRef, a + 4 * v);
            TOps.Store(r5, ref dRef, a + 5 * v);
            TOps.Store(r6, ref dRef, a + 6 * v);
            TOps.Store(r7, ref dRef, a + 7 * v);
        }
        for (; j <= n - TOps.Count; j += TOps.Count)
        {
            TOps.Store(Step<T, TVec, TOps>(ref wRef, ref gRef, rate, (nuint)j), ref dRef, (nuint)j);
        }
        if (ragged) TOps.Store(tail, ref dRef, last);
        TOps.Store(head, ref dRef, 0);
    }

    /// <summary>w + η·g for the vector at <paramref name="at"/>: the product rounded, then the sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Step<T, TVec, TOps>(ref T weights, ref T gradient, TVec rate, nuint at)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        => TOps.Add(TOps.Load(ref weights, at), TOps.Multiply(rate, TOps.Load(ref gradient, at)));

    private readonly ref struct UpdateAction<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _weights = weights;
        private readonly ReadOnlySpan<T> _gradient = gradient;
        private readonly T _learningRate = learningRate;
        private readonly Span<T> _destination = destination;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => Invoke<T, TVec, TOps>(_weights, _gradient, _learningRate, _destination);
    }
}
