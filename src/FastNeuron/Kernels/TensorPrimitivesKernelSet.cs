using System.Numerics;
using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron.Kernels;

/// <summary>
/// The TensorPrimitives backend: <c>TensorPrimitives.Dot</c> and <c>TensorPrimitives.Sigmoid</c> for the
/// weighted sums and the activation, element-wise TensorPrimitives operations for the rest. Not bitwise
/// reproducible: Dot's order follows the hardware width and Sigmoid's exp is not ours (docs/numerics.md).
/// </summary>
internal readonly struct TensorPrimitivesKernelSet<T> : IKernelSet<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Elements per stack block of the kernels that need working memory (1 KiB of float64).</summary>
    private const int Block = 128;

    public static void WeightedSums(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, T bias, bool useBias, Span<T> destination)
    {
        int columns = weights.Length;
        for (int i = 0; i < destination.Length; i++)
        {
            T z = Tensor.Dot(inputs.Slice(i * columns, columns), weights);
            destination[i] = useBias ? z + bias : z;
        }
    }

    public static void Sigmoid(ReadOnlySpan<T> z, Span<T> destination) => Tensor.Sigmoid(z, destination);

    public static void SigmoidDelta(ReadOnlySpan<T> y, ReadOnlySpan<T> o, Span<T> destination)
    {
        Span<T> error = stackalloc T[Block];
        for (int start = 0; start < y.Length; start += Block)
        {
            int length = Math.Min(Block, y.Length - start);
            ReadOnlySpan<T> yBlock = y.Slice(start, length), oBlock = o.Slice(start, length);
            Span<T> d = destination.Slice(start, length), e = error[..length];
            Tensor.Subtract(T.One, oBlock, d);        // 1 − o
            Tensor.Multiply(oBlock, d, d);            // o·(1 − o)
            Tensor.Subtract(yBlock, oBlock, e);       // y − o
            Tensor.Multiply(e, d, d);
        }
    }

    public static void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, Span<T> gradient)
    {
        // The same chunked chains as our kernels, one fused multiply-add of a row per step: the bits match. Columns go
        // in blocks so that one chunk's partial fits on the stack; each column's chain is the same either way.
        int columns = gradient.Length;
        Span<T> partial = stackalloc T[Block];
        for (int block = 0; block < columns; block += Block)
        {
            int width = Math.Min(Block, columns - block);
            Span<T> sum = gradient.Slice(block, width), part = partial[..width];
            sum.Clear();
            for (int chunk = 0; chunk < delta.Length; chunk += Kernels.Gradient.ChunkRows)
            {
                int chunkEnd = Math.Min(delta.Length, chunk + Kernels.Gradient.ChunkRows);
                Span<T> target = chunk == 0 ? sum : part;
                target.Clear();
                for (int i = chunk; i < chunkEnd; i++)
                {
                    Tensor.FusedMultiplyAdd(x.Slice(i * columns + block, width), delta[i], target, target);
                }
                if (chunk != 0)
                {
                    Tensor.Add(sum, part, sum);
                }
            }
        }
    }

    public static void UpdateWeights(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination)
        => Tensor.MultiplyAdd(gradient, learningRate, weights, destination);
}
