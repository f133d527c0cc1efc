using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastNeuron.Common;
using FastNeuron.Kernels.Dense;
using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron.Networks;

/// <summary>
/// The forward pass, for inference and for training: a layer for a block of rows (the batched dense kernels, or
/// TensorPrimitives on that backend), whole blocks through every layer, and the single-sample path.
/// </summary>
internal static class NetworkForward
{
    /// <summary>Values in each of Think's two stack buffers: under 32 KB for both.</summary>
    public const int BufferValues = 2048;

    /// <summary>
    /// The outputs for row-major <paramref name="inputs"/> into <paramref name="destination"/> from the weights in
    /// <paramref name="parameters"/>; allocates nothing (layers wider than <see cref="BufferValues"/> units rent from
    /// the shared pool).
    /// </summary>
    public static void Think<T>(NetworkLayers<T> layers, ParameterSet<T> parameters, ReadOnlySpan<T> inputs, Span<T> destination, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Think(layers, parameters, inputs, destination, rows, null);

    /// <summary>
    /// <see cref="Think{T}(NetworkLayers{T}, ParameterSet{T}, ReadOnlySpan{T}, Span{T}, int)"/> for one part of a split
    /// batch when <paramref name="packed"/> is given: the layers the caller packed are read from its panels, the others
    /// row-major, and this thread packs nothing (the same bits either way).
    /// </summary>
    public static void Think<T>(NetworkLayers<T> layers, ParameterSet<T> parameters, ReadOnlySpan<T> inputs, Span<T> destination, int rows, CallerPackedWeights<T>? packed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (rows == 1 && layers.Backend != Backend.TensorPrimitives && layers.WidestStride <= BufferValues)
        {
            // One sample: one width dispatch, then the layers straight through the same kernels' single-row bodies.
            var one = new OneRow<T>(layers, parameters, inputs, destination);
            WidthDispatch.Run<T, OneRow<T>>(layers.Width, ref one);
            return;
        }
        int block = BlockRows(layers, rows);
        int values = block * layers.WidestStride;
        T[]? rented = null;
        Span<T> buffers = values <= BufferValues
            ? stackalloc T[2 * BufferValues + AlignmentSlack<T>()]
            : (rented = ArrayPool<T>.Shared.Rent(2 * values + AlignmentSlack<T>()));
        // Both buffers start on a 64-byte boundary (their strides are whole 64-byte blocks): wherever the stack or the
        // pool puts them, no vector load or store of an activation row then straddles two cache lines.
        buffers = buffers[DenseLayout.ElementsToBoundary(buffers)..];
        Span<T> a = buffers[..values], b = buffers.Slice(values, values);
        int inputCount = layers.InputCount, outputCount = layers.OutputCount;
        // Big layers are packed into panels once per call (slot l of this thread's buffers), not once per block.
        for (int first = 0; first < rows; first += block)
        {
            int count = Math.Min(block, rows - first);
            scoped ReadOnlySpan<T> x = inputs.Slice(first * inputCount, count * inputCount);
            int xStride = inputCount;
            Span<T> output = a;
            for (int l = 0; l < layers.Count; l++)
            {
                output = (l % 2 == 0) ? a : b;
                if (packed is not null)
                {
                    Layer(layers, l, parameters.Weights[l], parameters.Biases[l], x, xStride, count, output, packed.Layer(l));
                }
                else if (layers.Backend != Backend.TensorPrimitives && DenseForwardBlocked.Pays<T>(block, layers.Sizes[l], layers.Strides[l]))
                {
                    // A published set keeps its panels; otherwise this thread packs them for the call's first block.
                    ReadOnlySpan<T> panels = parameters.Panels(l, layers.Sizes[l], layers.Strides[l]);
                    if (panels.IsEmpty)
                    {
                        panels = first == 0
                            ? DenseKernels.PackWeights<T>(parameters.Weights[l], layers.Sizes[l], layers.Strides[l], l)
                            : DenseKernels.PackedWeights<T>(l, layers.Sizes[l] * layers.Strides[l]);
                    }
                    Layer(layers, l, parameters.Weights[l], parameters.Biases[l], x, xStride, count, output, panels);
                }
                else
                {
                    Layer(layers, l, parameters.RowMajor(l), parameters.Biases[l], x, xStride, count, output);
                }
                x = output;
                xStride = layers.Strides[l];
            }
            for (int i = 0; i < count; i++)
            {
                output.Slice(i * xStride, outputCount).CopyTo(destination.Slice((first + i) * outputCount, outputCount));
            }
        }
        if (rented is not null) ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>
    /// Rows pushed through the layers together: up to <see cref="SmallBlockRows"/>, as both buffers on the stack allow, unless a layer's
    /// weights outgrow L1 and the batch is large; then blocks of up to 256 rows (pooled buffers), so that the layer's
    /// cache-blocked kernel reads its weights once per 256 rows instead of once per 16.
    /// </summary>
    private static int BlockRows<T>(NetworkLayers<T> layers, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int small = Math.Clamp(BufferValues / layers.WidestStride, 1, SmallBlockRows);
        if (rows <= small) return small;
        for (int l = 0; l < layers.Count; l++)
        {
            if (DenseForwardBlocked.Pays<T>(Math.Min(rows, LargeBlockRows), layers.Sizes[l], layers.Strides[l])) return Math.Min(rows, LargeBlockRows);
        }
        return small;
    }

    private const int LargeBlockRows = 256;

    /// <summary>Extra values a buffer needs so that a 64-byte-aligned start fits in it.</summary>
    private static int AlignmentSlack<T>()
        where T : unmanaged
        => DenseLayout.BlockBytes / Unsafe.SizeOf<T>();

    /// <summary>
    /// A block of a small network's rows: a multiple of the AVX-512 forward tile's three rows and of the two-row
    /// tile; it beat 16, 18, 24 and 48 on 64-32-10's batch of 1,000 (LargeNetworkBenchmarks.Mlp64_ThinkBatch1000).
    /// </summary>
    private const int SmallBlockRows = 30;

    /// <summary>
    /// One layer for a block of rows: z = x·W + b, then the activation, into output (rows × stride), with layer
    /// <paramref name="layer"/>'s <paramref name="weights"/> and <paramref name="biases"/> from one parameter set.
    /// </summary>
    public static void Layer<T>(NetworkLayers<T> layers, int layer, ReadOnlySpan<T> weights, T[] biases, ReadOnlySpan<T> x, int xStride, int rows, Span<T> output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Layer(layers, layer, weights, biases, x, xStride, rows, output, default, allowPacking: true);

    /// <summary>
    /// <see cref="Layer{T}(NetworkLayers{T}, int, ReadOnlySpan{T}, T[], ReadOnlySpan{T}, int, int, Span{T})"/> from the layer's
    /// weights already packed into <paramref name="panels"/> when not empty (the cache-blocked kernel); when empty, the
    /// row-major kernel without packing anything on this thread.
    /// </summary>
    public static void Layer<T>(NetworkLayers<T> layers, int layer, ReadOnlySpan<T> weights, T[] biases, ReadOnlySpan<T> x, int xStride, int rows, Span<T> output, ReadOnlySpan<T> panels)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Layer(layers, layer, weights, biases, x, xStride, rows, output, panels, allowPacking: false);

    private static void Layer<T>(NetworkLayers<T> layers, int layer, ReadOnlySpan<T> weights, T[] biases, ReadOnlySpan<T> x, int xStride, int rows, Span<T> output, ReadOnlySpan<T> panels, bool allowPacking)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int stride = layers.Strides[layer], units = layers.Sizes[layer + 1], inputs = layers.Sizes[layer];
        Span<T> z = output[..(rows * stride)];
        if (layers.Backend == Backend.TensorPrimitives)
        {
            // TensorPrimitives: each row a sequential sweep over the inputs, z ← fma(W row k, x[i, k], z).
            for (int i = 0; i < rows; i++)
            {
                Span<T> row = z.Slice(i * stride, stride);
                if (layers.UseBias) biases.CopyTo(row); else row.Clear();
                for (int k = 0; k < inputs; k++)
                {
                    Tensor.FusedMultiplyAdd(weights.Slice(k * stride, stride), x[i * xStride + k], row, row);
                }
            }
            switch (layers.Activations[layer])
            {
                case Activation.Sigmoid: Tensor.Sigmoid(z, z); return;
                case Activation.Tanh: Tensor.Tanh(z, z); return;
                case Activation.Softmax:
                    for (int i = 0; i < rows; i++) Tensor.SoftMax(z.Slice(i * stride, units), z.Slice(i * stride, units));
                    return;
            }
        }
        else if (!panels.IsEmpty)
        {
            DenseKernels.ForwardPacked<T>(x, xStride, rows, inputs, panels, stride, biases, layers.UseBias, z, layers.Width);
        }
        else
        {
            DenseKernels.Forward<T>(x, xStride, rows, inputs, weights, stride, biases, layers.UseBias, z, layers.Width, allowPacking);
        }
        DenseKernels.Activate<T>(layers.Activations[layer], z, rows, stride, units, layers.Width);
    }

    /// <summary>A single sample through every layer at one width.</summary>
    private readonly ref struct OneRow<T>(NetworkLayers<T> layers, ParameterSet<T> parameters, ReadOnlySpan<T> input, Span<T> destination) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _input = input;
        private readonly Span<T> _destination = destination;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
        {
            // On a 64-byte boundary, as the batch's buffers: no vector load or store of an activation straddles two lines.
            Span<T> buffers = stackalloc T[2 * BufferValues + AlignmentSlack<T>()];
            buffers = buffers[DenseLayout.ElementsToBoundary(buffers)..];
            ref T a = ref MemoryMarshal.GetReference(buffers);
            ref T b = ref Unsafe.Add(ref a, BufferValues);
            scoped ref T x = ref MemoryMarshal.GetReference(_input);
            scoped ref T z = ref a;
            for (int l = 0; l < layers.Count; l++)
            {
                z = ref (l % 2 == 0) ? ref a : ref b;
                int stride = layers.Strides[l];
                ReadOnlySpan<T> panels = parameters.Panels(l, layers.Sizes[l], stride);
                if (!panels.IsEmpty)
                {
                    // Weights beyond L1: the published set's panels stream from L2 faster than the rows of W.
                    DenseForwardBlocked.OneRow<T, TVec, TOps>(ref x, layers.Sizes[l], ref MemoryMarshal.GetReference(panels), stride,
                        ref MemoryMarshal.GetArrayDataReference(parameters.Biases[l]), layers.UseBias, ref z);
                }
                else
                {
                    DenseForward.OneRow<T, TVec, TOps>(ref x, layers.Sizes[l], ref MemoryMarshal.GetReference(parameters.RowMajor(l)), stride,
                        ref MemoryMarshal.GetArrayDataReference(parameters.Biases[l]), layers.UseBias, ref z, 0, stride);
                }
                DenseKernels.Activate<T, TVec, TOps>(layers.Activations[l], ref z, 1, stride, layers.Sizes[l + 1]);
                x = ref z;
            }
            MemoryMarshal.CreateReadOnlySpan(ref z, layers.OutputCount).CopyTo(_destination);
        }
    }
}
