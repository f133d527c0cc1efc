using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    public static void Invoke<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (width)
        {
            case VectorWidth.Vector512: Vectorized<T, Vector512<T>, Vector512Ops<T>>(weights, gradient, learningRate, destination); break;
            case VectorWidth.Vector256: Vectorized<T, Vector256<T>, Vector256Ops<T>>(weights, gradient, learningRate, destination); break;
            case VectorWidth.Vector128: Vectorized<T, Vector128<T>, Vector128Ops<T>>(weights, gradient, learningRate, destination); break;
            default: Scalar(weights, gradient, learningRate, destination); break;
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
}
