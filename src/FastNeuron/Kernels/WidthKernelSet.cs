using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// Our kernels at one width, the lane type TVec with its lane operations TOps: at <see cref="ScalarOps{T}"/> the
/// Scalar backend (the reference), at Vector128/256/512 the Vector backend. <see cref="WidthDispatch"/> picks the
/// instantiation once, outside the training loop.
/// </summary>
internal readonly struct WidthKernelSet<T, TVec, TOps> : IKernelSet<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : struct
    where TOps : ISimdOps<TVec, T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WeightedSums(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, T bias, bool useBias, Span<T> destination)
    {
        int columns = weights.Length;
        if (columns < DotProduct.LaneCount<T>())
        {
            // Short rows are one sequential chain each (the contract for n < K); inline, with no call per row.
            ref T x = ref MemoryMarshal.GetReference(inputs);
            ref T w = ref MemoryMarshal.GetReference(weights);
            for (int i = 0; i < destination.Length; i++)
            {
                ref T row = ref Unsafe.Add(ref x, i * columns);
                T z = T.Zero;
                for (int j = 0; j < columns; j++)
                {
                    z = ScalarOps<T>.FusedMultiplyAdd(Unsafe.Add(ref row, j), Unsafe.Add(ref w, j), z);
                }
                destination[i] = useBias ? z + bias : z;
            }
            return;
        }
        for (int i = 0; i < destination.Length; i++)
        {
            T z = DotProduct.Invoke<T, TVec, TOps>(inputs.Slice(i * columns, columns), weights);
            destination[i] = useBias ? z + bias : z;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sigmoid(ReadOnlySpan<T> z, Span<T> destination)
        => ElementwiseDriver.Unary<T, TVec, TOps, SigmoidOperator>(z, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SigmoidDelta(ReadOnlySpan<T> y, ReadOnlySpan<T> o, Span<T> destination)
        => ElementwiseDriver.Binary<T, TVec, TOps, SigmoidDeltaOperator>(y, o, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, Span<T> gradient)
        => Kernels.Gradient.Invoke<T, TVec, TOps>(x, gradient.Length, delta, gradient);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void UpdateWeights(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination)
        => WeightUpdate.Invoke<T, TVec, TOps>(weights, gradient, learningRate, destination);
}
