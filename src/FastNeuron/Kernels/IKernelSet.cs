using System.Numerics;

namespace FastNeuron.Kernels;

/// <summary>
/// The kernels one training iteration calls, as static members so that the trainer, instantiated per
/// kernel set, compiles to direct calls with no dispatch inside the loop. One implementation per backend:
/// <see cref="WidthKernelSet{T, TVec, TOps}"/> (ours, at one width) and <see cref="TensorPrimitivesKernelSet{T}"/>.
/// </summary>
internal interface IKernelSet<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>z[i] = dot(row i, w), plus b when <paramref name="useBias"/> (adding +0 would turn −0 into +0).</summary>
    static abstract void WeightedSums(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, T bias, bool useBias, Span<T> destination);

    static abstract void Sigmoid(ReadOnlySpan<T> z, Span<T> destination);

    /// <summary>destination[i] = (y[i] − o[i])·(o[i]·(1 − o[i])).</summary>
    static abstract void SigmoidDelta(ReadOnlySpan<T> y, ReadOnlySpan<T> o, Span<T> destination);

    /// <summary>gradient = Xᵀδ in the chunked order of <see cref="Kernels.Gradient"/>.</summary>
    static abstract void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, Span<T> gradient);

    static abstract void UpdateWeights(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination);
}
