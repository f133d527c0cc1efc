using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>The weight gradient's micro-tiles for the 16-register widths (AVX2, Vector128): six inputs × two vectors of units.</summary>
internal static partial class DenseWeightGradient
{
    /// <summary>
    /// Δw for 6 inputs × 2 vectors of units: per chunk, chains over its rows; chunk 0 stored, later chunks added to it.
    /// Twelve chains in flight, with 2 δ loads and 6 broadcasts per row: 15 of the 16 registers. Two FMA units of four
    /// cycles' latency need eight chains just to stay busy; the 2 × 4 tile it replaces had exactly eight and measured
    /// 57% of the AVX2 FMA peak at 784 × 256 (DenseStepBenchmarks.WeightGradient784x256 under DOTNET_EnableAVX512=0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SixInputsTwoVectors<T, TVec, TOps>(ref T a, int aStride, ref T delta, int stride, int rows, ref T gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        nuint n = (nuint)TOps.Count, s = (nuint)stride;
        for (int chunk = 0; chunk < rows; chunk += Gradient.ChunkRows)
        {
            int chunkEnd = Math.Min(rows, chunk + Gradient.ChunkRows);
            TVec c00 = TOps.Create(T.Zero), c01 = TOps.Create(T.Zero), c10 = TOps.Create(T.Zero), c11 = TOps.Create(T.Zero), c20 = TOps.Create(T.Zero), c21 = TOps.Create(T.Zero), c30 = TOps.Create(T.Zero), c31 = TOps.Create(T.Zero), c40 = TOps.Create(T.Zero), c41 = TOps.Create(T.Zero), c50 = TOps.Create(T.Zero), c51 = TOps.Create(T.Zero);
            // The rows' addresses advance by a stride each step: no multiply per row in the loop.
            ref T d = ref Unsafe.Add(ref delta, chunk * stride);
            ref T ai = ref Unsafe.Add(ref a, chunk * aStride);
            for (int i = chunk; i < chunkEnd; i++, d = ref Unsafe.Add(ref d, stride), ai = ref Unsafe.Add(ref ai, aStride))
            {
                TVec d0 = TOps.Load(ref d, 0), d1 = TOps.Load(ref d, n);
                TVec e0 = TOps.Create(Unsafe.Add(ref ai, 0));
                c00 = TOps.FusedMultiplyAdd(e0, d0, c00);
                c01 = TOps.FusedMultiplyAdd(e0, d1, c01);
                TVec e1 = TOps.Create(Unsafe.Add(ref ai, 1));
                c10 = TOps.FusedMultiplyAdd(e1, d0, c10);
                c11 = TOps.FusedMultiplyAdd(e1, d1, c11);
                TVec e2 = TOps.Create(Unsafe.Add(ref ai, 2));
                c20 = TOps.FusedMultiplyAdd(e2, d0, c20);
                c21 = TOps.FusedMultiplyAdd(e2, d1, c21);
                TVec e3 = TOps.Create(Unsafe.Add(ref ai, 3));
                c30 = TOps.FusedMultiplyAdd(e3, d0, c30);
                c31 = TOps.FusedMultiplyAdd(e3, d1, c31);
                TVec e4 = TOps.Create(Unsafe.Add(ref ai, 4));
                c40 = TOps.FusedMultiplyAdd(e4, d0, c40);
                c41 = TOps.FusedMultiplyAdd(e4, d1, c41);
                TVec e5 = TOps.Create(Unsafe.Add(ref ai, 5));
                c50 = TOps.FusedMultiplyAdd(e5, d0, c50);
                c51 = TOps.FusedMultiplyAdd(e5, d1, c51);
            }
            bool first = chunk == 0;
            Accumulate<T, TVec, TOps>(ref gradient, 0 * s + 0 * n, c00, first);
            Accumulate<T, TVec, TOps>(ref gradient, 0 * s + 1 * n, c01, first);
            Accumulate<T, TVec, TOps>(ref gradient, 1 * s + 0 * n, c10, first);
            Accumulate<T, TVec, TOps>(ref gradient, 1 * s + 1 * n, c11, first);
            Accumulate<T, TVec, TOps>(ref gradient, 2 * s + 0 * n, c20, first);
            Accumulate<T, TVec, TOps>(ref gradient, 2 * s + 1 * n, c21, first);
            Accumulate<T, TVec, TOps>(ref gradient, 3 * s + 0 * n, c30, first);
            Accumulate<T, TVec, TOps>(ref gradient, 3 * s + 1 * n, c31, first);
            Accumulate<T, TVec, TOps>(ref gradient, 4 * s + 0 * n, c40, first);
            Accumulate<T, TVec, TOps>(ref gradient, 4 * s + 1 * n, c41, first);
            Accumulate<T, TVec, TOps>(ref gradient, 5 * s + 0 * n, c50, first);
            Accumulate<T, TVec, TOps>(ref gradient, 5 * s + 1 * n, c51, first);
        }
    }
}
