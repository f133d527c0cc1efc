using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>
/// Backpropagation through a dense layer to the layer below it: the below layer's deltas. Each element becomes
/// <c>δ[i, k] = (Σₒ δnext[i, o]·W[k, o]) · f'(a[i, k])</c>, the sum a sequential chain of fused multiply-adds over
/// o = 0, 1, … starting from 0, then one rounded product with the derivative computed from the output a.
/// Vectors run across k (the transposed weights make a row per o contiguous across k), so every width gives the
/// scalar reference's bits.
/// </summary>
internal static class DenseHiddenDelta
{
    /// <remarks>
    /// <para><c>nextDelta</c>: The layer above's deltas, (rows × nextStride).</para>
    /// <para><c>nextUnits</c>: The layer above's real units: the chain's length.</para>
    /// <para><c>transposedWeights</c>: The layer above's weights transposed, (nextUnits × stride).</para>
    /// <para><c>activations</c>: This layer's outputs a, (rows × stride).</para>
    /// <para><c>delta</c>: This layer's deltas, (rows × stride).</para>
    /// </remarks>
    public static void Invoke<T, TVec, TOps, TDerivative>(ref T nextDelta, int nextStride, int nextUnits, ref T transposedWeights, int stride, ref T activations, ref T delta, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        where TDerivative : IUnaryOperator
    {
        TVec zero = TOps.Create(T.Zero);
        for (int k = 0; k < stride; k += TOps.Count)
        {
            ref T wColumn = ref Unsafe.Add(ref transposedWeights, k);
            int i = 0;
            for (; i + 4 <= rows; i += 4)
            {
                ref T d0 = ref Unsafe.Add(ref nextDelta, i * nextStride);
                ref T d1 = ref Unsafe.Add(ref d0, nextStride);
                ref T d2 = ref Unsafe.Add(ref d1, nextStride);
                ref T d3 = ref Unsafe.Add(ref d2, nextStride);
                TVec s0 = zero, s1 = zero, s2 = zero, s3 = zero;
                for (int o = 0; o < nextUnits; o++)
                {
                    TVec w = TOps.Load(ref wColumn, (nuint)(o * stride));
                    s0 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref d0, o)), w, s0);
                    s1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref d1, o)), w, s1);
                    s2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref d2, o)), w, s2);
                    s3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref d3, o)), w, s3);
                }
                nuint at = (nuint)(i * stride + k);
                TOps.Store(TOps.Multiply(s0, TDerivative.Invoke<T, TVec, TOps>(TOps.Load(ref activations, at))), ref delta, at);
                at += (nuint)stride;
                TOps.Store(TOps.Multiply(s1, TDerivative.Invoke<T, TVec, TOps>(TOps.Load(ref activations, at))), ref delta, at);
                at += (nuint)stride;
                TOps.Store(TOps.Multiply(s2, TDerivative.Invoke<T, TVec, TOps>(TOps.Load(ref activations, at))), ref delta, at);
                at += (nuint)stride;
                TOps.Store(TOps.Multiply(s3, TDerivative.Invoke<T, TVec, TOps>(TOps.Load(ref activations, at))), ref delta, at);
            }
            for (; i < rows; i++)
            {
                ref T d0 = ref Unsafe.Add(ref nextDelta, i * nextStride);
                TVec s0 = zero;
                for (int o = 0; o < nextUnits; o++)
                {
                    s0 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref d0, o)), TOps.Load(ref wColumn, (nuint)(o * stride)), s0);
                }
                nuint at = (nuint)(i * stride + k);
                TOps.Store(TOps.Multiply(s0, TDerivative.Invoke<T, TVec, TOps>(TOps.Load(ref activations, at))), ref delta, at);
            }
        }
    }
}
