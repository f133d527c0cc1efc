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
        int j = 0;
        for (; j <= weights.Length - TOps.Count; j += TOps.Count)
        {
            TVec step = TOps.Multiply(rate, TOps.Load(ref gRef, (nuint)j));
            TOps.Store(TOps.Add(TOps.Load(ref wRef, (nuint)j), step), ref dRef, (nuint)j);
        }
        Scalar(weights[j..], gradient[j..], learningRate, destination[j..]);
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
