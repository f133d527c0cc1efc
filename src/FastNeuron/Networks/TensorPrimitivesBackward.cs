using System.Numerics;
using FastNeuron.Kernels;
using FastNeuron.Training;
using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron.Networks;

/// <summary>
/// The <see cref="Backend.TensorPrimitives"/> backend's backward pass and optimizer steps: every step that
/// TensorPrimitives has the operations for runs on them. Hidden deltas are <c>FusedMultiplyAdd</c> sweeps over the
/// transposed weights times the derivative from <c>Multiply</c>/<c>Subtract</c> (sigmoid, tanh, linear); Δw and Δb
/// are <c>FusedMultiplyAdd</c>/<c>Add</c> sweeps over the rows; SGD, momentum and Adam are element-wise TensorPrimitives
/// operations. ReLU and leaky ReLU derivatives (a select TensorPrimitives lacks) and iRprop− (sign selects) return
/// false, and the caller runs FastNeuron's kernels. Each sweep is the same sequence of roundings as FastNeuron's
/// kernel for that step, so only the forward pass (TensorPrimitives' sigmoid, tanh and softmax) moves bits.
/// </summary>
internal static class TensorPrimitivesBackward
{
    /// <summary>δ[i, k] = (Σₒ δnext[i, o]·Wᵀ[o, k])·f'(a[i, k]) over rows × stride; false when f' has no TensorPrimitives form.</summary>
    public static bool HiddenDelta<T>(Activation activation, ReadOnlySpan<T> nextDelta, int nextStride, int nextUnits, ReadOnlySpan<T> transposedWeights,
        int stride, ReadOnlySpan<T> activations, Span<T> delta, int rows, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (activation is not (Activation.Sigmoid or Activation.Tanh or Activation.Linear)) return false;
        Span<T> derivative = scratch[..stride];
        for (int i = 0; i < rows; i++)
        {
            Span<T> row = delta.Slice(i * stride, stride);
            row.Clear();
            for (int o = 0; o < nextUnits; o++)
            {
                Tensor.FusedMultiplyAdd(transposedWeights.Slice(o * stride, stride), nextDelta[i * nextStride + o], row, row);
            }
            ReadOnlySpan<T> a = activations.Slice(i * stride, stride);
            if (activation == Activation.Sigmoid)
            {
                Tensor.Subtract(T.One, a, derivative);      // 1 − o
                Tensor.Multiply(a, derivative, derivative); // o·(1 − o)
                Tensor.Multiply(row, derivative, row);
            }
            else if (activation == Activation.Tanh)
            {
                Tensor.Multiply(a, a, derivative);          // o·o
                Tensor.Subtract(T.One, derivative, derivative);
                Tensor.Multiply(row, derivative, row);
            }
        }
        return true;
    }

    /// <summary>
    /// Δw[k, o] = Σᵢ a[i, k]·δ[i, o] and Δb[o] = Σᵢ δ[i, o], each a chain over the rows of every 4,096-row chunk from +0,
    /// the chunks added in order; <paramref name="scratch"/> holds a chunk's partial when rows span several.
    /// </summary>
    public static void WeightGradient<T>(ReadOnlySpan<T> a, int aStride, int inputs, ReadOnlySpan<T> delta, int stride, int rows,
        Span<T> weightGradient, Span<T> biasGradient, bool useBias, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int weights = inputs * stride;
        for (int chunk = 0; chunk < rows; chunk += Gradient.ChunkRows)
        {
            Span<T> w = chunk == 0 ? weightGradient[..weights] : scratch[..weights];
            Span<T> b = chunk == 0 ? biasGradient[..stride] : scratch.Slice(weights, stride);
            w.Clear();
            b.Clear();
            int end = Math.Min(rows, chunk + Gradient.ChunkRows);
            for (int i = chunk; i < end; i++)
            {
                ReadOnlySpan<T> d = delta.Slice(i * stride, stride);
                for (int k = 0; k < inputs; k++)
                {
                    Span<T> column = w.Slice(k * stride, stride);
                    Tensor.FusedMultiplyAdd(d, a[i * aStride + k], column, column);
                }
                if (useBias) Tensor.Add(b, d, b);
            }
            if (chunk != 0)
            {
                Tensor.Add(weightGradient[..weights], w, weightGradient[..weights]);
                if (useBias) Tensor.Add(biasGradient[..stride], b, biasGradient[..stride]);
            }
        }
    }

    /// <summary>
    /// One SGD, momentum or Adam step into <paramref name="destination"/>, as <see cref="OptimizerSteps"/> defines it;
    /// false for iRprop−. <paramref name="scratch"/> holds two arrays as long as the weights.
    /// </summary>
    public static bool Step<T>(Optimizer optimizer, ReadOnlySpan<T> w, ReadOnlySpan<T> summed, Span<T> first, Span<T> second,
        in StepConstants<T> c, Span<T> destination, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = w.Length;
        Span<T> g = scratch[..n], t = scratch.Slice(n, n);
        switch (optimizer)
        {
            case Optimizer.Sgd:
                Tensor.Multiply(summed[..n], c.Scale, g);                 // g = summed·scale
                Tensor.Multiply(g, c.Rate, t);                           // rate·g
                Tensor.Add(w, t, destination[..n]);
                return true;
            case Optimizer.Momentum:
                Tensor.Multiply(summed[..n], c.Scale, g);
                Tensor.Multiply(g, c.Rate, t);                           // rate·g
                Tensor.Multiply(first[..n], c.Momentum, first[..n]);      // μ·v
                Tensor.Add(first[..n], t, first[..n]);                    // v = μ·v + rate·g
                Tensor.Add(w, first[..n], destination[..n]);
                return true;
            case Optimizer.Adam:
                T beta1 = T.CreateChecked(0.9), beta2 = T.CreateChecked(0.999);
                Tensor.Multiply(summed[..n], c.Scale, g);
                Tensor.Multiply(g, T.One - beta1, t);                    // (1 − β₁)·g
                Tensor.Multiply(first[..n], beta1, first[..n]);
                Tensor.Add(first[..n], t, first[..n]);                    // m
                Tensor.Multiply(g, g, t);
                Tensor.Multiply(t, T.One - beta2, t);                    // (1 − β₂)·g²
                Tensor.Multiply(second[..n], beta2, second[..n]);
                Tensor.Add(second[..n], t, second[..n]);                  // v
                Tensor.Divide(second[..n], c.Correction2, t);
                Tensor.Sqrt(t, t);
                Tensor.Add(t, T.CreateChecked(1e-8), t);                 // √(v/c₂) + ε
                Tensor.Divide(first[..n], c.Correction1, g);
                Tensor.Multiply(g, c.Rate, g);                           // rate·(m/c₁)
                Tensor.Divide(g, t, g);
                Tensor.Add(w, g, destination[..n]);
                return true;
            default:
                return false;
        }
    }
}
