using System.Numerics;
using FastNeuron.Common;
using FastNeuron.Kernels;

namespace FastNeuron;

/// <summary>
/// The neuron's kernels over spans, one call per operation, at a chosen <see cref="VectorWidth"/>
/// (null: the widest the hardware accelerates). Every width returns the bits of
/// <see cref="VectorWidth.Scalar"/>; docs/numerics.md says which bits those are. Nothing here allocates.
/// </summary>
public static class NeuronKernels
{
    /// <summary>The weighted sum Σ inputs[j]·weights[j] in FastNeuron's fixed accumulation order.</summary>
    public static T WeightedSum<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Checks.SameLength(inputs.Length, nameof(inputs), weights.Length, nameof(weights));
        return DotProduct.Invoke(inputs, weights, width ?? VectorWidths.Best);
    }

    /// <summary>
    /// For row-major <paramref name="inputs"/> of rows × weights.Length values, each destination[i] becomes the
    /// weighted sum of row i.
    /// </summary>
    public static void WeightedSums<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = Checks.Rows(inputs.Length, nameof(inputs), weights.Length, nameof(weights));
        Checks.DestinationLength(destination.Length, rows);
        WeightedSumsCore(inputs, weights, destination[..rows], width ?? VectorWidths.Best);
    }

    /// <summary>Each destination[i] becomes σ(x[i]) = 1 / (1 + exp(−x[i])). destination may be x.</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Checks.DestinationLength(destination.Length, x.Length);
        ElementwiseDriver.Unary<T, SigmoidOperator<T>>(x, destination, width ?? VectorWidths.Best);
    }

    /// <summary>Each destination[i] becomes exp(x[i]) by FastNeuron's exp (the one inside <see cref="Sigmoid{T}"/>).</summary>
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Checks.DestinationLength(destination.Length, x.Length);
        ElementwiseDriver.Unary<T, ExpOperator<T>>(x, destination, width ?? VectorWidths.Best);
    }

    /// <summary>Each destination[i] becomes o·(1 − o) for o = outputs[i]: σ' from σ's output.</summary>
    public static void SigmoidFromOutputDerivative<T>(ReadOnlySpan<T> outputs, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Checks.DestinationLength(destination.Length, outputs.Length);
        ElementwiseDriver.Unary<T, SigmoidFromOutputDerivativeOperator<T>>(outputs, destination, width ?? VectorWidths.Best);
    }

    /// <summary>Each destination[i] becomes (targets[i] − outputs[i])·(outputs[i]·(1 − outputs[i])): the error times σ'.</summary>
    public static void SigmoidDelta<T>(ReadOnlySpan<T> targets, ReadOnlySpan<T> outputs, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Checks.SameLength(targets.Length, nameof(targets), outputs.Length, nameof(outputs));
        Checks.DestinationLength(destination.Length, targets.Length);
        ElementwiseDriver.Binary<T, SigmoidDeltaOperator<T>>(targets, outputs, destination, width ?? VectorWidths.Best);
    }

    /// <summary>
    /// The gradient Xᵀδ: for row-major <paramref name="inputs"/> of deltas.Length × destination.Length values,
    /// each destination[j] becomes Σ_i inputs[i, j]·deltas[i], in the chunked order of docs/numerics.md.
    /// </summary>
    public static void Gradient<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> deltas, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if ((long)deltas.Length * destination.Length != inputs.Length)
        {
            throw new ArgumentException(
                $"inputs has {inputs.Length} values but deltas × destination is {deltas.Length} rows × {destination.Length} columns = {(long)deltas.Length * destination.Length}.",
                nameof(inputs));
        }
        Kernels.Gradient.Invoke(inputs, destination.Length, deltas, destination, width ?? VectorWidths.Best);
    }

    /// <summary>Each destination[j] becomes weights[j] + learningRate·gradient[j] (product rounded, then sum). destination may be weights.</summary>
    public static void UpdateWeights<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Checks.SameLength(weights.Length, nameof(weights), gradient.Length, nameof(gradient));
        Checks.DestinationLength(destination.Length, weights.Length);
        WeightUpdate.Invoke(weights, gradient, learningRate, destination, width ?? VectorWidths.Best);
    }

    internal static void WeightedSumsCore<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, Span<T> destination, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (width)
        {
            case VectorWidth.Vector512: WeightedSums<T, WidthKernelSet<T, Vector512Tag>>(inputs, weights, default, false, destination); break;
            case VectorWidth.Vector256: WeightedSums<T, WidthKernelSet<T, Vector256Tag>>(inputs, weights, default, false, destination); break;
            case VectorWidth.Vector128: WeightedSums<T, WidthKernelSet<T, Vector128Tag>>(inputs, weights, default, false, destination); break;
            default: WeightedSums<T, WidthKernelSet<T, ScalarTag>>(inputs, weights, default, false, destination); break;
        }
    }

    /// <summary>z[i] = dot(row i, w), plus b when <paramref name="useBias"/> (adding +0 would turn −0 into +0).</summary>
    internal static void WeightedSums<T, TKernels>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, T bias, bool useBias, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TKernels : IKernelSet<T>
    {
        int columns = weights.Length;
        ref T x = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(inputs);
        ref T w = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(weights);
        if (columns < DotProduct.LaneCount<T>() && typeof(TKernels) != typeof(TensorPrimitivesKernelSet<T>))
        {
            // Short rows are one sequential chain each (the contract for n < K); inline, with no call per row.
            for (int i = 0; i < destination.Length; i++)
            {
                ref T row = ref System.Runtime.CompilerServices.Unsafe.Add(ref x, i * columns);
                T z = T.Zero;
                for (int j = 0; j < columns; j++)
                {
                    z = ScalarOps<T>.FusedMultiplyAdd(System.Runtime.CompilerServices.Unsafe.Add(ref row, j), System.Runtime.CompilerServices.Unsafe.Add(ref w, j), z);
                }
                destination[i] = useBias ? z + bias : z;
            }
            return;
        }
        for (int i = 0; i < destination.Length; i++)
        {
            T z = TKernels.Dot(inputs.Slice(i * columns, columns), weights);
            destination[i] = useBias ? z + bias : z;
        }
    }
}
