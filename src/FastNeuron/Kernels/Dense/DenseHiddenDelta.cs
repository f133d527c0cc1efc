using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>
/// Backpropagation through a dense layer to the layer below it: the below layer's deltas. Each element becomes
/// <c>δ[i, k] = (Σₒ δnext[i, o]·W[k, o]) · f'(a[i, k])</c>, the sum a sequential chain of fused multiply-adds over
/// o = 0, 1, … starting from 0, then one rounded product with the derivative computed from the output a.
/// Vectors run across k (the transposed weights make a row per o contiguous across k), so every width gives the
/// scalar reference's bits. Micro-tiles of 6 rows × 4 vectors keep 24 chains in flight on AVX-512
/// (DenseHiddenDelta.Tiles.cs), two of 6 rows × 2 vectors 12 each on the 16-register widths
/// (DenseHiddenDelta.SixRowsTwoVectors.cs); the rest goes a vector at a time, four rows and then one at a time.
/// Every element's chain is the same either way.
/// </summary>
internal static partial class DenseHiddenDelta
{
    /// <remarks>
    /// <para><c>nextDelta</c>: The layer above's deltas, (rows × nextStride).</para>
    /// <para><c>nextUnits</c>: The layer above's real units: the chain's length.</para>
    /// <para><c>transposedWeights</c>: The layer above's weights transposed, (nextUnits × stride).</para>
    /// <para><c>activations</c>: This layer's outputs a, (rows × stride).</para>
    /// <para><c>delta</c>: This layer's deltas, (rows × stride).</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke<T, TVec, TOps, TDerivative>(ref T nextDelta, int nextStride, int nextUnits, ref T transposedWeights, int stride, ref T activations, ref T delta, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        where TDerivative : IUnaryOperator
    {
        int vectors = stride / TOps.Count;
        int tiled = vectors - vectors % TileVectors;
        int half = 2 * TOps.Count;
        for (int v = 0; v < tiled; v += TileVectors)
        {
            int k = v * TOps.Count;
            int i = 0;
            for (; i + 6 <= rows; i += 6)
            {
                ref T d = ref Unsafe.Add(ref nextDelta, i * nextStride);
                ref T w = ref Unsafe.Add(ref transposedWeights, k);
                ref T a = ref Unsafe.Add(ref activations, i * stride + k);
                ref T target = ref Unsafe.Add(ref delta, i * stride + k);
                if (Unsafe.SizeOf<TVec>() == 64)
                {
                    Tile6<T, TVec, TOps, TDerivative>(ref d, nextStride, nextUnits, ref w, stride, ref a, ref target);
                }
                else
                {
                    SixRowsTwoVectors<T, TVec, TOps, TDerivative>(ref d, nextStride, nextUnits, ref w, stride, ref a, ref target);
                    SixRowsTwoVectors<T, TVec, TOps, TDerivative>(ref d, nextStride, nextUnits, ref Unsafe.Add(ref w, half), stride,
                        ref Unsafe.Add(ref a, half), ref Unsafe.Add(ref target, half));
                }
            }
            for (int j = 0; j < TileVectors && i < rows; j++)
            {
                Column<T, TVec, TOps, TDerivative>(ref nextDelta, nextStride, nextUnits, ref transposedWeights, stride, ref activations, ref delta, k + j * TOps.Count, i, rows);
            }
        }
        for (int v = tiled; v < vectors; v++)
        {
            Column<T, TVec, TOps, TDerivative>(ref nextDelta, nextStride, nextUnits, ref transposedWeights, stride, ref activations, ref delta, v * TOps.Count, 0, rows);
        }
    }

    /// <summary>Vectors per micro-tile row.</summary>
    private const int TileVectors = 4;

    /// <summary>One vector of k (from <paramref name="k"/>) for rows [firstRow, rows): four rows at a time, then one.</summary>
    private static void Column<T, TVec, TOps, TDerivative>(ref T nextDelta, int nextStride, int nextUnits, ref T transposedWeights, int stride, ref T activations, ref T delta, int k, int firstRow, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        where TDerivative : IUnaryOperator
    {
        TVec zero = TOps.Create(T.Zero);
        ref T wColumn = ref Unsafe.Add(ref transposedWeights, k);
        int i = firstRow;
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
