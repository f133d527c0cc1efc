using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using FastNeuron.Common;

namespace FastNeuron.Benchmarks;

/// <summary>
/// What bounds the dense layers, measured on the machine that runs them: the fused multiply-add peak of one core.
/// Twelve independent chains of <see cref="Steps"/> vector FMAs each, with nothing read from memory, at the widest
/// width the CPU accelerates (512 bits with AVX-512, else 256) and at 256 bits. GFLOP/s = 12 × <see cref="Steps"/> ×
/// lanes × 2 ÷ median: the figure a dense layer's throughput is measured against in NOTES.md.
/// </summary>
public class FmaPeakBenchmarks
{
    public const int Steps = 100_000;

    /// <summary>512-bit chains where AVX-512 is accelerated (16 lanes), else the same as <see cref="Fma256"/> (8 lanes).</summary>
    [Benchmark]
    public float FmaWidest() => Vector512.IsHardwareAccelerated ? Chains<Vector512<float>, Vector512Ops<float>>() : Fma256();

    [Benchmark]
    public float Fma256() => Chains<Vector256<float>, Vector256Ops<float>>();

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains<TVec, TOps>()
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
    {
        TVec a = TOps.Create(0.999f), b = TOps.Create(1e-3f);
        TVec c0 = a, c1 = b, c2 = TOps.Add(a, b), c3 = TOps.Subtract(a, b), c4 = TOps.Multiply(a, b), c5 = TOps.Multiply(a, a);
        TVec c6 = TOps.Multiply(b, b), c7 = TOps.Add(a, a), c8 = TOps.Add(b, b), c9 = TOps.Create(0.5f), c10 = TOps.Create(0.25f), c11 = TOps.Create(2f);
        for (int i = 0; i < Steps; i++)
        {
            c0 = TOps.FusedMultiplyAdd(c0, a, b); c1 = TOps.FusedMultiplyAdd(c1, a, b); c2 = TOps.FusedMultiplyAdd(c2, a, b);
            c3 = TOps.FusedMultiplyAdd(c3, a, b); c4 = TOps.FusedMultiplyAdd(c4, a, b); c5 = TOps.FusedMultiplyAdd(c5, a, b);
            c6 = TOps.FusedMultiplyAdd(c6, a, b); c7 = TOps.FusedMultiplyAdd(c7, a, b); c8 = TOps.FusedMultiplyAdd(c8, a, b);
            c9 = TOps.FusedMultiplyAdd(c9, a, b); c10 = TOps.FusedMultiplyAdd(c10, a, b); c11 = TOps.FusedMultiplyAdd(c11, a, b);
        }
        TVec sum = TOps.Add(TOps.Add(TOps.Add(c0, c1), TOps.Add(c2, c3)), TOps.Add(TOps.Add(c4, c5), TOps.Add(c6, c7)));
        return TOps.PairwiseSum(TOps.Add(sum, TOps.Add(TOps.Add(c8, c9), TOps.Add(c10, c11))));
    }
}
