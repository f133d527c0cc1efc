using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;
using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron.Kernels;

/// <summary>
/// The kernels one training iteration calls, as static members so that the trainer, instantiated per
/// kernel set, compiles to direct calls with no dispatch inside the loop. One implementation per backend.
/// </summary>
internal interface IKernelSet<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract string Name { get; }
    static abstract T Dot(ReadOnlySpan<T> x, ReadOnlySpan<T> w);
    static abstract void Sigmoid(ReadOnlySpan<T> z, Span<T> destination);
    /// <summary>destination[i] = (y[i] − o[i])·(o[i]·(1 − o[i])); scratch has at least y.Length elements.</summary>
    static abstract void SigmoidDelta(ReadOnlySpan<T> y, ReadOnlySpan<T> o, Span<T> destination, Span<T> scratch);
    /// <summary>gradient = Xᵀδ in the chunked order of <see cref="Kernels.Gradient"/>; scratch has gradient.Length elements.</summary>
    static abstract void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, Span<T> gradient, Span<T> scratch);
    static abstract void UpdateWeights(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination);
}

/// <summary>A compile-time vector width, so that width switches fold away in each instantiation.</summary>
internal interface IWidthTag
{
    static abstract VectorWidth Width { get; }
}

internal readonly struct ScalarTag : IWidthTag { public static VectorWidth Width => VectorWidth.Scalar; }
internal readonly struct Vector128Tag : IWidthTag { public static VectorWidth Width => VectorWidth.Vector128; }
internal readonly struct Vector256Tag : IWidthTag { public static VectorWidth Width => VectorWidth.Vector256; }
internal readonly struct Vector512Tag : IWidthTag { public static VectorWidth Width => VectorWidth.Vector512; }

/// <summary>Our kernels at one width: Scalar is the reference backend, the others the Vector backend.</summary>
internal readonly struct WidthKernelSet<T, TWidth> : IKernelSet<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TWidth : IWidthTag
{
    public static string Name => TWidth.Width.ToString();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Dot(ReadOnlySpan<T> x, ReadOnlySpan<T> w)
    {
        if (TWidth.Width == VectorWidth.Vector512) return DotProduct.Width512(x, w);
        if (TWidth.Width == VectorWidth.Vector256) return DotProduct.Width256(x, w);
        if (TWidth.Width == VectorWidth.Vector128) return DotProduct.Width128(x, w);
        return DotProduct.Scalar(x, w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sigmoid(ReadOnlySpan<T> z, Span<T> destination)
    {
        if (TWidth.Width == VectorWidth.Vector512) ElementwiseDriver.Unary512<T, SigmoidOperator<T>>(z, destination);
        else if (TWidth.Width == VectorWidth.Vector256) ElementwiseDriver.Unary256<T, SigmoidOperator<T>>(z, destination);
        else if (TWidth.Width == VectorWidth.Vector128) ElementwiseDriver.Unary128<T, SigmoidOperator<T>>(z, destination);
        else ElementwiseDriver.UnaryScalar<T, SigmoidOperator<T>>(z, destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SigmoidDelta(ReadOnlySpan<T> y, ReadOnlySpan<T> o, Span<T> destination, Span<T> scratch)
    {
        if (TWidth.Width == VectorWidth.Vector512) ElementwiseDriver.Binary512<T, SigmoidDeltaOperator<T>>(y, o, destination);
        else if (TWidth.Width == VectorWidth.Vector256) ElementwiseDriver.Binary256<T, SigmoidDeltaOperator<T>>(y, o, destination);
        else if (TWidth.Width == VectorWidth.Vector128) ElementwiseDriver.Binary128<T, SigmoidDeltaOperator<T>>(y, o, destination);
        else ElementwiseDriver.BinaryScalar<T, SigmoidDeltaOperator<T>>(y, o, destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, Span<T> gradient, Span<T> scratch)
        => Kernels.Gradient.Invoke(x, gradient.Length, delta, gradient, TWidth.Width);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UpdateWeights(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination)
        => WeightUpdate.Invoke(weights, gradient, learningRate, destination, TWidth.Width);
}

/// <summary>
/// The TensorPrimitives backend: <c>TensorPrimitives.Dot</c> and <c>TensorPrimitives.Sigmoid</c> for the
/// weighted sums and the activation, element-wise TensorPrimitives operations for the rest. Not bitwise
/// reproducible: Dot's order follows the hardware width and Sigmoid's exp is not ours (docs/numerics.md).
/// </summary>
internal readonly struct TensorPrimitivesKernelSet<T> : IKernelSet<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static string Name => "TensorPrimitives";

    public static T Dot(ReadOnlySpan<T> x, ReadOnlySpan<T> w) => Tensor.Dot(x, w);

    public static void Sigmoid(ReadOnlySpan<T> z, Span<T> destination) => Tensor.Sigmoid(z, destination);

    public static void SigmoidDelta(ReadOnlySpan<T> y, ReadOnlySpan<T> o, Span<T> destination, Span<T> scratch)
    {
        Span<T> error = scratch[..y.Length];
        Tensor.Subtract(T.One, o, destination);        // 1 − o
        Tensor.Multiply(o, destination, destination);  // o·(1 − o)
        Tensor.Subtract(y, o, error);                  // y − o
        Tensor.Multiply(error, destination, destination);
    }

    public static void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, Span<T> gradient, Span<T> scratch)
    {
        // The same chunked chains as our kernels, one fused multiply-add of a row per step: the bits match.
        int columns = gradient.Length;
        Span<T> partial = scratch[..columns];
        for (int chunk = 0; chunk < delta.Length; chunk += Kernels.Gradient.ChunkRows)
        {
            int chunkEnd = Math.Min(delta.Length, chunk + Kernels.Gradient.ChunkRows);
            Span<T> target = chunk == 0 ? gradient : partial;
            target.Clear();
            for (int i = chunk; i < chunkEnd; i++)
            {
                Tensor.FusedMultiplyAdd(x.Slice(i * columns, columns), delta[i], target, target);
            }
            if (chunk != 0)
            {
                Tensor.Add(gradient, partial, gradient);
            }
        }
    }

    public static void UpdateWeights(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination)
        => Tensor.MultiplyAdd(gradient, learningRate, weights, destination);
}
