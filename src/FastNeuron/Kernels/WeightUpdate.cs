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
        TVec rate = TOps.Create(learningRate);
        // Element by element first until the destination is aligned to the vector, so that no store (and, for arrays
        // laid out alike, no load) straddles two cache lines: each element's operations are the same either way.
        int j = weights.Length >= 16 * TOps.Count ? ElementsToAlignment<T, TVec>(ref dRef) : 0;
        if (j > 0) Scalar(weights[..j], gradient[..j], learningRate, destination[..j]);
        for (; j <= weights.Length - 4 * TOps.Count; j += 4 * TOps.Count)
        {
            nuint a = (nuint)j, b = a + (nuint)TOps.Count, c = b + (nuint)TOps.Count, d = c + (nuint)TOps.Count;
            TVec s0 = TOps.Multiply(rate, TOps.Load(ref gRef, a)), s1 = TOps.Multiply(rate, TOps.Load(ref gRef, b));
            TVec s2 = TOps.Multiply(rate, TOps.Load(ref gRef, c)), s3 = TOps.Multiply(rate, TOps.Load(ref gRef, d));
            TOps.Store(TOps.Add(TOps.Load(ref wRef, a), s0), ref dRef, a);
            TOps.Store(TOps.Add(TOps.Load(ref wRef, b), s1), ref dRef, b);
            TOps.Store(TOps.Add(TOps.Load(ref wRef, c), s2), ref dRef, c);
            TOps.Store(TOps.Add(TOps.Load(ref wRef, d), s3), ref dRef, d);
        }
        for (; j <= weights.Length - TOps.Count; j += TOps.Count)
        {
            TVec step = TOps.Multiply(rate, TOps.Load(ref gRef, (nuint)j));
            TOps.Store(TOps.Add(TOps.Load(ref wRef, (nuint)j), step), ref dRef, (nuint)j);
        }
        if (j < weights.Length) Scalar(weights[j..], gradient[j..], learningRate, destination[j..]);
    }

    /// <summary>Elements before <paramref name="destination"/> reaches a multiple of TVec's size in memory (0 for scalars).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe int ElementsToAlignment<T, TVec>(ref T destination)
        where T : unmanaged
        where TVec : struct
    {
        int size = Unsafe.SizeOf<TVec>();
        if (size <= Unsafe.SizeOf<T>()) return 0;
        // The address only decides speed: a GC move between here and the loop costs alignment, never bits.
        nuint misalignment = (nuint)Unsafe.AsPointer(ref destination) % (nuint)size;
        return misalignment == 0 ? 0 : (int)(((nuint)size - misalignment) / (nuint)Unsafe.SizeOf<T>());
    }

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
