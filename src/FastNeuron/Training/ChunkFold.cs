using System.Numerics;
using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron.Training;

/// <summary>
/// The ordered fold of chunk partials that makes every thread count give the one-thread bits (docs/numerics.md,
/// "Gradient Xᵀδ"): sum = p₀, then sum = sum + p_c for c = 1, 2, … in chunk order, element by element.
/// </summary>
internal static class ChunkFold
{
    /// <summary>
    /// Folds <paramref name="chunks"/> partials stored chunk-major in <paramref name="partials"/>, each
    /// <paramref name="sum"/>.Length long, into <paramref name="sum"/>.
    /// </summary>
    public static void InOrder<T>(ReadOnlySpan<T> partials, int chunks, Span<T> sum)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => InOrder(partials, chunks, sum.Length, sum);

    /// <summary>
    /// <see cref="InOrder{T}(ReadOnlySpan{T}, int, Span{T})"/> for partials <paramref name="stride"/> values apart
    /// (each padded to whole cache lines); the same sums.
    /// </summary>
    public static void InOrder<T>(ReadOnlySpan<T> partials, int chunks, int stride, Span<T> sum)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int length = sum.Length;
        if (chunks < 1 || stride < length || partials.Length < (long)(chunks - 1) * stride + length)
        {
            throw new ArgumentException($"{chunks} partials of {length}, {stride} apart, need {(long)(chunks - 1) * stride + length} values; there are {partials.Length}.", nameof(partials));
        }
        partials[..length].CopyTo(sum);
        for (int chunk = 1; chunk < chunks; chunk++)
        {
            // Element-wise adds: TensorPrimitives' width cannot change a bit.
            Tensor.Add(sum, partials.Slice(chunk * stride, length), sum);
        }
    }
}
