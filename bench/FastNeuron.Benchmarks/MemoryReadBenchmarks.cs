using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using FastNeuron.Common;

namespace FastNeuron.Benchmarks;

/// <summary>
/// What bounds the kernels and epochs, measured on the machine that runs them: how fast one core reads data that
/// sits in L1, L2, L3 or memory. A read is eight independent vector sums over the whole array, so the figure is the
/// bandwidth and not an addition's latency. NOTES.md gives each as GB/s: <see cref="Kilobytes"/> × 1,024 ÷ median.
/// </summary>
/// <remarks>
/// 942 KB is what a single sample through 784-256-128-10 reads (its weights, float32); 256 MB is the 1,000,000 × 64 X of
/// <see cref="LargeBatchBenchmarks"/>. The array is pinned on a 64-byte boundary, so no load straddles two lines.
/// </remarks>
public unsafe class MemoryReadBenchmarks
{
    private float[] _buffer = [];
    private int _start;

    [Params(16, 512, 942, 8192, 262144)]
    public int Kilobytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int floats = Kilobytes * 1024 / sizeof(float);
        _buffer = GC.AllocateArray<float>(floats + 16, pinned: true);
        _start = (int)((64 - (nint)Unsafe.AsPointer(ref _buffer[0]) % 64) % 64 / sizeof(float));
        for (int i = 0; i < _buffer.Length; i++) _buffer[i] = (i % 7) * 0.25f;
    }

    [Benchmark]
    public float Read() => Vector512.IsHardwareAccelerated
        ? Sum<Vector512<float>, Vector512Ops<float>>(_buffer.AsSpan(_start, Kilobytes * 256))
        : Sum<Vector256<float>, Vector256Ops<float>>(_buffer.AsSpan(_start, Kilobytes * 256));

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Sum<TVec, TOps>(ReadOnlySpan<float> data)
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
    {
        ref float at = ref MemoryMarshal.GetReference(data);
        nuint n = (nuint)TOps.Count;
        TVec s0 = TOps.Create(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (nuint i = 0; i < (nuint)data.Length; i += 8 * n)
        {
            s0 = TOps.Add(s0, TOps.Load(ref at, i));
            s1 = TOps.Add(s1, TOps.Load(ref at, i + n));
            s2 = TOps.Add(s2, TOps.Load(ref at, i + 2 * n));
            s3 = TOps.Add(s3, TOps.Load(ref at, i + 3 * n));
            s4 = TOps.Add(s4, TOps.Load(ref at, i + 4 * n));
            s5 = TOps.Add(s5, TOps.Load(ref at, i + 5 * n));
            s6 = TOps.Add(s6, TOps.Load(ref at, i + 6 * n));
            s7 = TOps.Add(s7, TOps.Load(ref at, i + 7 * n));
        }
        return TOps.PairwiseSum(TOps.Add(TOps.Add(TOps.Add(s0, s1), TOps.Add(s2, s3)), TOps.Add(TOps.Add(s4, s5), TOps.Add(s6, s7))));
    }
}
