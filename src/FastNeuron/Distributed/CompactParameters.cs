using System.Numerics;
using FastNeuron.Networks;

namespace FastNeuron.Distributed;

/// <summary>
/// A network's weights, biases or their gradients as one flat vector, the form that travels between machines: per
/// layer, its weights (inputs × units, row-major, numpy's orientation, no padding) then its biases (units). The
/// padded arrays the kernels use (<see cref="NetworkLayers{T}"/>) hold the same values plus padding lanes that are 0.
/// </summary>
internal static class CompactParameters
{
    /// <summary>Values in the compact vector of <paramref name="sizes"/> (inputs first).</summary>
    public static int Count(IReadOnlyList<int> sizes)
    {
        long count = 0;
        for (int l = 0; l + 1 < sizes.Count; l++) count += (long)sizes[l] * sizes[l + 1] + sizes[l + 1];
        if (count > Array.MaxLength) throw new NotSupportedException($"The network has {count:N0} parameters; a compact vector holds at most {Array.MaxLength:N0}.");
        return (int)count;
    }

    /// <summary>
    /// Part <paramref name="part"/> of per-layer padded arrays (each array holding parts of one layer's length, one
    /// after another) into <paramref name="destination"/>, compact.
    /// </summary>
    public static void Write<T>(NetworkLayers<T> layers, T[][] weights, T[][] biases, int part, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int at = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            int inputs = layers.Sizes[l], units = layers.Sizes[l + 1], stride = layers.Strides[l];
            ReadOnlySpan<T> w = weights[l].AsSpan(part * inputs * stride, inputs * stride);
            for (int k = 0; k < inputs; k++, at += units) w.Slice(k * stride, units).CopyTo(destination[at..]);
            biases[l].AsSpan(part * stride, units).CopyTo(destination[at..]);
            at += units;
        }
    }

    /// <summary>A compact <paramref name="source"/> into padded per-layer arrays, padding lanes set to 0.</summary>
    public static void Read<T>(NetworkLayers<T> layers, ReadOnlySpan<T> source, T[][] weights, T[][] biases)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int at = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            int inputs = layers.Sizes[l], units = layers.Sizes[l + 1], stride = layers.Strides[l];
            Span<T> w = weights[l];
            w.Clear();
            for (int k = 0; k < inputs; k++, at += units) source.Slice(at, units).CopyTo(w[(k * stride)..]);
            Span<T> b = biases[l];
            b.Clear();
            source.Slice(at, units).CopyTo(b);
            at += units;
        }
    }
}
