using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>
/// The batched dense kernels behind a runtime <see cref="VectorWidth"/>: <see cref="WidthDispatch"/>, once per call and
/// outside the loops, picks the instantiation (the calls' arguments travel in DenseKernels.Actions.cs). Scalar is the reference; the widths are checked against it bit for bit (DenseKernelTests).
/// </summary>
internal static partial class DenseKernels
{
    /// <summary>z = x·w + bias; see <see cref="DenseForward"/>.</summary>
    /// <remarks>
    /// With <paramref name="allowPacking"/> off the row-major kernel runs even where blocking would pay: a worker
    /// thread given a part of a batch packs nothing into its own buffers (the same bits).
    /// </remarks>
    public static void Forward<T>(ReadOnlySpan<T> x, int xStride, int rows, int inputs, ReadOnlySpan<T> w, int stride, ReadOnlySpan<T> bias, bool useBias, Span<T> z, VectorWidth width, bool allowPacking = true)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (rows == 0) return;
        Require(x.Length >= (rows - 1) * xStride + inputs && w.Length >= inputs * stride && z.Length >= rows * stride && (!useBias || bias.Length >= stride) && stride % (DenseLayout.BlockBytes / Unsafe.SizeOf<T>()) == 0);
        if (allowPacking && DenseForwardBlocked.Pays<T>(rows, inputs, stride))
        {
            // Big layers, many rows: W packed into panels once per call, then the cache-blocked kernel (the same bits).
            ForwardPacked<T>(x, xStride, rows, inputs, PackWeights<T>(w, inputs, stride, 0), stride, bias, useBias, z, width);
            return;
        }
        var action = new ForwardAction<T>(x, xStride, rows, inputs, w, stride, bias, useBias, z);
        WidthDispatch.Run<T, ForwardAction<T>>(width, ref action);
    }

    /// <summary>
    /// W packed into panels (<see cref="DenseForwardBlocked.Pack{T}"/>) in this thread's buffer number
    /// <paramref name="slot"/> (one per layer of a multi-layer caller), valid until the thread packs into that slot again.
    /// </summary>
    public static ReadOnlySpan<T> PackWeights<T>(ReadOnlySpan<T> w, int inputs, int stride, int slot)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(w.Length >= inputs * stride && slot >= 0);
        Span<T> packed = PackBuffers<T>.Get(slot, inputs * stride);
        DenseForwardBlocked.Pack<T>(w, inputs, stride, packed);
        return packed;
    }

    /// <summary>z = x·W + bias from W packed by <see cref="PackWeights{T}"/>: the cache-blocked kernel, <see cref="DenseForward"/>'s bits.</summary>
    public static void ForwardPacked<T>(ReadOnlySpan<T> x, int xStride, int rows, int inputs, ReadOnlySpan<T> packed, int stride, ReadOnlySpan<T> bias, bool useBias, Span<T> z, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (rows == 0) return;
        Require(x.Length >= (rows - 1) * xStride + inputs && packed.Length >= inputs * stride && z.Length >= rows * stride && (!useBias || bias.Length >= stride) && stride % (DenseLayout.BlockBytes / Unsafe.SizeOf<T>()) == 0);
        Span<T> partials = stackalloc T[DenseForwardBlocked.ScratchValues<T>() + DenseLayout.BlockBytes / Unsafe.SizeOf<T>()];
        partials = partials[DenseLayout.ElementsToBoundary(partials)..];   // the tiles' partials: whole 64-byte vectors
        var blocked = new ForwardBlockedAction<T>(x, xStride, rows, inputs, packed, stride, bias, useBias, z, partials);
        WidthDispatch.Run<T, ForwardBlockedAction<T>>(width, ref blocked);
    }

    /// <summary>The weights this thread last packed into <paramref name="slot"/> (<paramref name="length"/> values).</summary>
    public static ReadOnlySpan<T> PackedWeights<T>(int slot, int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => PackBuffers<T>.Get(slot, length);

    /// <summary>
    /// Each thread's buffers for packed weights, grown to the largest layer packed in each slot and then reused. They
    /// are pinned and start on a 64-byte boundary, so that no 512-bit load of a panel straddles two cache lines: the
    /// unaligned start of an ordinary array cost up to 2× from one process to the next.
    /// </summary>
    private static class PackBuffers<T>
        where T : unmanaged
    {
        [ThreadStatic]
        private static T[][]? t_buffers;

        public static unsafe Span<T> Get(int slot, int length)
        {
            int pad = DenseLayout.BlockBytes / sizeof(T);
            T[][] buffers = t_buffers ??= [];
            if (buffers.Length <= slot) Array.Resize(ref t_buffers, slot + 1);
            buffers = t_buffers!;
            if (buffers[slot] is null || buffers[slot].Length < length + pad) buffers[slot] = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
            T[] buffer = buffers[slot];
            nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
            int offset = (int)(((nuint)DenseLayout.BlockBytes - address % (nuint)DenseLayout.BlockBytes) % (nuint)DenseLayout.BlockBytes) / sizeof(T);
            return buffer.AsSpan(offset, length);
        }
    }

    /// <summary>Δw = aᵀδ, Δb = Σ δ; see <see cref="DenseWeightGradient"/>.</summary>
    public static void WeightGradient<T>(ReadOnlySpan<T> a, int aStride, int inputs, ReadOnlySpan<T> delta, int stride, int rows, Span<T> weightGradient, Span<T> biasGradient, bool useBias, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(rows > 0 && a.Length >= (rows - 1) * aStride + inputs && delta.Length >= rows * stride && weightGradient.Length >= inputs * stride && (!useBias || biasGradient.Length >= stride));
        var action = new WeightGradientAction<T>(a, aStride, inputs, delta, stride, rows, weightGradient, biasGradient, useBias);
        WidthDispatch.Run<T, WeightGradientAction<T>>(width, ref action);
    }

    /// <summary>The deltas of a hidden layer with activation <paramref name="activation"/>; see <see cref="DenseHiddenDelta"/>.</summary>
    public static void HiddenDelta<T>(Activation activation, ReadOnlySpan<T> nextDelta, int nextStride, int nextUnits, ReadOnlySpan<T> transposedWeights, int stride, ReadOnlySpan<T> activations, Span<T> delta, int rows, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(nextDelta.Length >= rows * nextStride && transposedWeights.Length >= nextUnits * stride && activations.Length >= rows * stride && delta.Length >= rows * stride);
        switch (activation)
        {
            case Activation.Sigmoid: HiddenDelta<T, SigmoidFromOutputDerivative>(nextDelta, nextStride, nextUnits, transposedWeights, stride, activations, delta, rows, width); break;
            case Activation.Tanh: HiddenDelta<T, TanhFromOutputDerivative>(nextDelta, nextStride, nextUnits, transposedWeights, stride, activations, delta, rows, width); break;
            case Activation.Relu: HiddenDelta<T, ReluFromOutputDerivative>(nextDelta, nextStride, nextUnits, transposedWeights, stride, activations, delta, rows, width); break;
            case Activation.LeakyRelu: HiddenDelta<T, LeakyReluFromOutputDerivative>(nextDelta, nextStride, nextUnits, transposedWeights, stride, activations, delta, rows, width); break;
            default: HiddenDelta<T, LinearDerivative>(nextDelta, nextStride, nextUnits, transposedWeights, stride, activations, delta, rows, width); break;
        }
    }

    private static void HiddenDelta<T, TDerivative>(ReadOnlySpan<T> nextDelta, int nextStride, int nextUnits, ReadOnlySpan<T> transposedWeights, int stride, ReadOnlySpan<T> activations, Span<T> delta, int rows, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDerivative : IUnaryOperator
    {
        var action = new HiddenDeltaAction<T, TDerivative>(nextDelta, nextStride, nextUnits, transposedWeights, stride, activations, delta, rows);
        WidthDispatch.Run<T, HiddenDeltaAction<T, TDerivative>>(width, ref action);
    }

    /// <summary>
    /// A layer's activation, in place, over <paramref name="rows"/> padded rows of <paramref name="stride"/> values:
    /// element-wise over whole rows (a multiple of every width's lane count: no remainder loop), or, for softmax, row
    /// by row over the first <paramref name="units"/> values (see Softmax).
    /// </summary>
    public static void Activate<T>(Activation activation, Span<T> values, int rows, int stride, int units, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Require(values.Length >= rows * stride && units <= stride && stride % (DenseLayout.BlockBytes / Unsafe.SizeOf<T>()) == 0);
        var action = new ActivateAction<T>(activation, values, rows, stride, units);
        WidthDispatch.Run<T, ActivateAction<T>>(width, ref action);
    }

    /// <summary><see cref="Activate{T}"/> at one width, for callers that have already chosen it (the single-sample Think).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Activate<T, TVec, TOps>(Activation activation, ref T values, int rows, int stride, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int length = rows * stride;
        switch (activation)
        {
            case Activation.Sigmoid: Activate<T, TVec, TOps, SigmoidOperator>(ref values, length); break;
            case Activation.Tanh: Activate<T, TVec, TOps, TanhOperator>(ref values, length); break;
            case Activation.Relu: Activate<T, TVec, TOps, ReluOperator>(ref values, length); break;
            case Activation.LeakyRelu: Activate<T, TVec, TOps, LeakyReluOperator>(ref values, length); break;
            case Activation.Softmax: Softmax<T, TVec, TOps>(ref values, rows, stride, units); break;
        }
    }

    internal static void Activate<T, TVec, TOps, TOp>(ref T values, int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        where TOp : IUnaryOperator
    {
        for (int j = 0; j < length; j += TOps.Count)
        {
            TOps.Store(TOp.Invoke<T, TVec, TOps>(TOps.Load(ref values, (nuint)j)), ref values, (nuint)j);
        }
    }

    /// <summary>
    /// Softmax of each row's first <paramref name="units"/> values, in place (the contract is <see cref="SoftmaxByElements"/>'s):
    /// in registers where the width has groups of four lanes and there are four rows or more, element by element otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Softmax<T, TVec, TOps>(ref T values, int rows, int stride, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        if (SoftmaxInRegisters.Fits<TVec, T, TOps>() && rows >= 4) SoftmaxInRegisters.Invoke<T, TVec, TOps>(ref values, rows, stride, units);
        else SoftmaxByElements.Invoke<T, TVec, TOps>(ref values, rows, stride, units);
    }

    private static void Require(bool condition)
    {
        if (!condition) throw new ArgumentException("A dense kernel was called with spans shorter than their shapes need.");
    }
}
