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
    public static void Scalar<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int j = 0; j < weights.Length; j++)
        {
            destination[j] = weights[j] + learningRate * gradient[j];
        }
    }

    /// <summary>destination = w + η·g at <paramref name="width"/>.</summary>
    public static void Invoke<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination, VectorWidth width)
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
        int length = weights.Length, count = TOps.Count;
        if (length < 2 * count)
        {
            int k = 0;
            for (; k <= length - count; k += count)
            {
                TOps.Store(TOps.Add(TOps.Load(ref wRef, (nuint)k), TOps.Multiply(rate, TOps.Load(ref gRef, (nuint)k))), ref dRef, (nuint)k);
            }
            Scalar(weights[k..], gradient[k..], learningRate, destination[k..]);
            return;
        }
        // The first and last vectors are computed before anything is stored and stored last (TensorPrimitives' way):
        // the vectors between start where the destination is aligned, so no store straddles two cache lines, and the
        // elements the ends overlap are computed twice from the same inputs, so an update in place (destination the
        // weights) is still each element's w + η·g once. No element goes element by element.
        TVec first = TOps.Add(TOps.Load(ref wRef, 0), TOps.Multiply(rate, TOps.Load(ref gRef, 0)));
        nuint lastAt = (nuint)(length - count);
        TVec last = TOps.Add(TOps.Load(ref wRef, lastAt), TOps.Multiply(rate, TOps.Load(ref gRef, lastAt)));
        int j = ElementsToAlignment<T, TVec>(ref dRef);
        if (j == 0) j = count;
        for (; j <= length - 4 * count; j += 4 * count)
        {
            nuint a = (nuint)j, b = a + (nuint)count, c = b + (nuint)count, d = c + (nuint)count;
            TVec s0 = TOps.Multiply(rate, TOps.Load(ref gRef, a)), s1 = TOps.Multiply(rate, TOps.Load(ref gRef, b));
            TVec s2 = TOps.Multiply(rate, TOps.Load(ref gRef, c)), s3 = TOps.Multiply(rate, TOps.Load(ref gRef, d));
            TOps.Store(TOps.Add(TOps.Load(ref wRef, a), s0), ref dRef, a);
            TOps.Store(TOps.Add(TOps.Load(ref wRef, b), s1), ref dRef, b);
            TOps.Store(TOps.Add(TOps.Load(ref wRef, c), s2), ref dRef, c);
            TOps.Store(TOps.Add(TOps.Load(ref wRef, d), s3), ref dRef, d);
        }
        for (; j <= length - count; j += count)
        {
            TVec step = TOps.Multiply(rate, TOps.Load(ref gRef, (nuint)j));
            TOps.Store(TOps.Add(TOps.Load(ref wRef, (nuint)j), step), ref dRef, (nuint)j);
        }
        TOps.Store(last, ref dRef, lastAt);
        TOps.Store(first, ref dRef, 0);
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
