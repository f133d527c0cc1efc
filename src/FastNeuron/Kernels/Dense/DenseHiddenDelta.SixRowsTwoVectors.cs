using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>The hidden deltas' micro-tile for the 16-register widths (AVX2, Vector128): six rows × two vectors.</summary>
internal static partial class DenseHiddenDelta
{
    /// <summary>
    /// 6 rows × 2 vectors of δ: per o, 2 weight loads and 6 broadcasts feed 12 independent chains (15 of the 16
    /// registers), where the 2 × 4 tile before it had the eight that two FMA units of four cycles' latency need and no
    /// slack. <paramref name="d"/> is row i's δnext, <paramref name="w"/> the transposed weights at k,
    /// <paramref name="a"/> and <paramref name="target"/> row i's outputs and deltas at k.
    /// </summary>
    private static void SixRowsTwoVectors<T, TVec, TOps, TDerivative>(ref T d, int nextStride, int nextUnits, ref T w, int stride, ref T a, ref T target)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        where TDerivative : IUnaryOperator
    {
        nuint n = (nuint)TOps.Count, s = (nuint)stride;
        TVec c00 = TOps.Create(T.Zero), c01 = TOps.Create(T.Zero), c10 = TOps.Create(T.Zero), c11 = TOps.Create(T.Zero), c20 = TOps.Create(T.Zero), c21 = TOps.Create(T.Zero), c30 = TOps.Create(T.Zero), c31 = TOps.Create(T.Zero), c40 = TOps.Create(T.Zero), c41 = TOps.Create(T.Zero), c50 = TOps.Create(T.Zero), c51 = TOps.Create(T.Zero);
        ref T d1 = ref Unsafe.Add(ref d, 1 * nextStride);
        ref T d2 = ref Unsafe.Add(ref d, 2 * nextStride);
        ref T d3 = ref Unsafe.Add(ref d, 3 * nextStride);
        ref T d4 = ref Unsafe.Add(ref d, 4 * nextStride);
        ref T d5 = ref Unsafe.Add(ref d, 5 * nextStride);
        ref T wo = ref w;   // advances a row of the transposed weights per o: no multiply in the loop
        for (int o = 0; o < nextUnits; o++, wo = ref Unsafe.Add(ref wo, stride))
        {
            TVec w0 = TOps.Load(ref wo, 0), w1 = TOps.Load(ref wo, n);
            TVec e0 = TOps.Create(Unsafe.Add(ref d, o));
            c00 = TOps.FusedMultiplyAdd(e0, w0, c00);
            c01 = TOps.FusedMultiplyAdd(e0, w1, c01);
            TVec e1 = TOps.Create(Unsafe.Add(ref d1, o));
            c10 = TOps.FusedMultiplyAdd(e1, w0, c10);
            c11 = TOps.FusedMultiplyAdd(e1, w1, c11);
            TVec e2 = TOps.Create(Unsafe.Add(ref d2, o));
            c20 = TOps.FusedMultiplyAdd(e2, w0, c20);
            c21 = TOps.FusedMultiplyAdd(e2, w1, c21);
            TVec e3 = TOps.Create(Unsafe.Add(ref d3, o));
            c30 = TOps.FusedMultiplyAdd(e3, w0, c30);
            c31 = TOps.FusedMultiplyAdd(e3, w1, c31);
            TVec e4 = TOps.Create(Unsafe.Add(ref d4, o));
            c40 = TOps.FusedMultiplyAdd(e4, w0, c40);
            c41 = TOps.FusedMultiplyAdd(e4, w1, c41);
            TVec e5 = TOps.Create(Unsafe.Add(ref d5, o));
            c50 = TOps.FusedMultiplyAdd(e5, w0, c50);
            c51 = TOps.FusedMultiplyAdd(e5, w1, c51);
        }
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 0 * s + 0 * n, c00);
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 0 * s + 1 * n, c01);
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 1 * s + 0 * n, c10);
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 1 * s + 1 * n, c11);
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 2 * s + 0 * n, c20);
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 2 * s + 1 * n, c21);
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 3 * s + 0 * n, c30);
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 3 * s + 1 * n, c31);
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 4 * s + 0 * n, c40);
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 4 * s + 1 * n, c41);
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 5 * s + 0 * n, c50);
        Finish<T, TVec, TOps, TDerivative>(ref a, ref target, 5 * s + 1 * n, c51);
    }
}
