using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>
/// The softmax's reference form, element by element, at any width: the scalar twin of <see cref="SoftmaxInRegisters"/>,
/// and the form below four lanes (one lane, two float64 lanes). docs/numerics.md gives the contract.
/// </summary>
internal static class SoftmaxByElements
{
    /// <summary>
    /// Softmax of each row's first <paramref name="units"/> values, in place: pⱼ = exp(zⱼ − m) / s, with m the row's
    /// maximum, exp FastNeuron's, and s = (s₀ + s₁) + (s₂ + s₃), sᵣ the sequential sum of the exp(zⱼ − m) with j ≡ r (mod 4). The subtraction, exp and division run over
    /// whole padded rows (padding lanes compute values nobody reads), so a 10-unit row costs one vector of each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke<T, TVec, TOps>(ref T values, int rows, int stride, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        for (int i = 0; i < rows; i++)
        {
            ref T z = ref Unsafe.Add(ref values, i * stride);
            // The maximum is exact in any order (T.Max orders −0 below +0 and propagates NaN), so four running maxima
            // shorten the dependency chain without changing a bit; T.Max compiles branch-free.
            T m0 = z, m1 = z, m2 = z, m3 = z;
            int j = 1;
            for (; j + 4 <= units; j += 4)
            {
                m0 = T.Max(m0, Unsafe.Add(ref z, j));
                m1 = T.Max(m1, Unsafe.Add(ref z, j + 1));
                m2 = T.Max(m2, Unsafe.Add(ref z, j + 2));
                m3 = T.Max(m3, Unsafe.Add(ref z, j + 3));
            }
            for (; j < units; j++)
            {
                m0 = T.Max(m0, Unsafe.Add(ref z, j));
            }
            T max = T.Max(T.Max(m0, m1), T.Max(m2, m3));
            TVec m = TOps.Create(max);
            for (int v = 0; v < stride; v += TOps.Count)
            {
                TVec e = ExpOperator.Invoke<T, TVec, TOps>(TOps.Subtract(TOps.Load(ref z, (nuint)v), m));
                TOps.Store(e, ref z, (nuint)v);
            }
            // s = (s₀ + s₁) + (s₂ + s₃), sᵣ the sequential sum of the eⱼ with j ≡ r (mod 4): the forward sum's shape.
            T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
            int k = 0;
            for (; k + 4 <= units; k += 4)
            {
                s0 += Unsafe.Add(ref z, k);
                s1 += Unsafe.Add(ref z, k + 1);
                s2 += Unsafe.Add(ref z, k + 2);
                s3 += Unsafe.Add(ref z, k + 3);
            }
            if (k < units) s0 += Unsafe.Add(ref z, k);
            if (k + 1 < units) s1 += Unsafe.Add(ref z, k + 1);
            if (k + 2 < units) s2 += Unsafe.Add(ref z, k + 2);
            T sum = (s0 + s1) + (s2 + s3);
            TVec s = TOps.Create(sum);
            for (int v = 0; v < stride; v += TOps.Count)
            {
                TOps.Store(TOps.Divide(TOps.Load(ref z, (nuint)v), s), ref z, (nuint)v);
            }
        }
    }
}
