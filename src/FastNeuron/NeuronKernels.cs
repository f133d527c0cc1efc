using System.Numerics;
using System.Runtime.CompilerServices;
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
        return DotProduct.Invoke(inputs, weights, width);
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
        WeightedSumsCore(inputs, weights, destination[..rows], width);
    }

    /// <summary>Each destination[i] becomes σ(x[i]) = 1 / (1 + exp(−x[i])). destination may be x.</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Checks.DestinationLength(destination.Length, x.Length);
        ElementwiseDriver.Unary<T, SigmoidOperator>(x, destination, width);
    }

    /// <summary>Each destination[i] becomes exp(x[i]) by FastNeuron's exp (the one inside <see cref="Sigmoid{T}"/>).</summary>
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Checks.DestinationLength(destination.Length, x.Length);
        ElementwiseDriver.Unary<T, ExpOperator>(x, destination, width);
    }

    /// <summary>Each destination[i] becomes o·(1 − o) for o = outputs[i]: σ' from σ's output.</summary>
    public static void SigmoidFromOutputDerivative<T>(ReadOnlySpan<T> outputs, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Checks.DestinationLength(destination.Length, outputs.Length);
        ElementwiseDriver.Unary<T, Kernels.SigmoidFromOutputDerivative>(outputs, destination, width);
    }

    /// <summary>Each destination[i] becomes (targets[i] − outputs[i])·(outputs[i]·(1 − outputs[i])): the error times σ'.</summary>
    public static void SigmoidDelta<T>(ReadOnlySpan<T> targets, ReadOnlySpan<T> outputs, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Checks.SameLength(targets.Length, nameof(targets), outputs.Length, nameof(outputs));
        Checks.DestinationLength(destination.Length, targets.Length);
        ElementwiseDriver.Binary<T, SigmoidDeltaOperator>(targets, outputs, destination, width);
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
        Kernels.Gradient.Invoke(inputs, destination.Length, deltas, destination, width);
    }

    /// <summary>Each destination[j] becomes weights[j] + learningRate·gradient[j] (product rounded, then sum). destination may be weights.</summary>
    public static void UpdateWeights<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradient, T learningRate, Span<T> destination, VectorWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Checks.SameLength(weights.Length, nameof(weights), gradient.Length, nameof(gradient));
        Checks.DestinationLength(destination.Length, weights.Length);
        WeightUpdate.Invoke(weights, gradient, learningRate, destination, width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void WeightedSumsCore<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, Span<T> destination, VectorWidth? width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var action = new WeightedSumsAction<T>(inputs, weights, destination);
        WidthDispatch.Run<T, WeightedSumsAction<T>>(width, ref action);
    }

    private readonly ref struct WeightedSumsAction<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> weights, Span<T> destination) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _inputs = inputs, _weights = weights;
        private readonly Span<T> _destination = destination;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => WidthKernelSet<T, TVec, TOps>.WeightedSums(_inputs, _weights, default, false, _destination);
    }
}
