using System.Runtime.Intrinsics;
using FastNeuron.Common;
using FastNeuron.Kernels;

namespace FastNeuron.Tests;

/// <summary>
/// The exps' short paths (a vector whose every lane lies in (−87, 88) for float32, (−708, 709) for float64: no special
/// lanes or saturation, one scaling product) against the path every input can take (<c>ExpSingle.AnyInput</c>,
/// <c>ExpDouble.AnyInput</c>: the scaling in two steps), bit for bit: float32 on every float of its range at the widest
/// accelerated width, float64 on four million samples, and both at every width on the ranges' edges and a sample. The
/// kernel equivalence tests then tie each width to Scalar as before.
/// </summary>
public class ExpShortPathTests
{
    [Fact]
    public void EveryFloatFromMinus87To88GivesTheBitsOfTheTwoStepScaling()
    {
        // About 2.2 billion floats: a few seconds at the widest accelerated width, on every core.
        long differing = Vector512.IsHardwareAccelerated ? CountDifferingOverTheRange<Vector512<float>, Vector512Ops<float>>()
            : Vector256.IsHardwareAccelerated ? CountDifferingOverTheRange<Vector256<float>, Vector256Ops<float>>()
            : CountDifferingOverTheRange<Vector128<float>, Vector128Ops<float>>();
        Assert.Equal(0, differing);
    }

    [Trait("Category", "Verification")]
    [Fact]
    public void TheEdgesAndASampleGiveTheSameBitsAtEveryWidth()
    {
        var inputs = new List<float>();
        foreach (float edge in new[] { -87f, 88f, 0f, -0f, 87.33654f, -87.33654f, 88.3762626647949f, -86.6434f })
        {
            uint bits = BitConverter.SingleToUInt32Bits(edge);
            for (int step = -300; step <= 300; step++)
            {
                inputs.Add(BitConverter.UInt32BitsToSingle((uint)(bits + step)));
            }
        }
        var random = new Random(87);
        for (int i = 0; i < 100_000; i++)
        {
            inputs.Add((float)(random.NextDouble() * 175 - 87));
        }
        // Each width's lanes all inside the range, so that its short path runs; and Scalar's.
        Assert.Equal(0, CountDiffering<float, ScalarOps<float>>(inputs));
        Assert.Equal(0, CountDiffering<Vector128<float>, Vector128Ops<float>>(inputs));
        Assert.Equal(0, CountDiffering<Vector256<float>, Vector256Ops<float>>(inputs));
        Assert.Equal(0, CountDiffering<Vector512<float>, Vector512Ops<float>>(inputs));
    }

    [Fact]
    public void FourMillionDoublesFromMinus708To709GiveTheBitsOfTheTwoStepScaling()
    {
        var random = new Random(708);
        var inputs = new List<double>(1 << 22);
        for (int i = 0; i < 1 << 22; i++)
        {
            // Uniform over the range, and uniform over the exponents near 0, where most of the doubles are.
            inputs.Add(i % 2 == 0 ? random.NextDouble() * 1417 - 708 : (random.Next(2) * 2 - 1) * Math.ScaleB(1 + random.NextDouble(), random.Next(-60, 9)));
        }
        long differing = Vector512.IsHardwareAccelerated ? CountDifferingDoubles<Vector512<double>, Vector512Ops<double>>(inputs)
            : Vector256.IsHardwareAccelerated ? CountDifferingDoubles<Vector256<double>, Vector256Ops<double>>(inputs)
            : CountDifferingDoubles<Vector128<double>, Vector128Ops<double>>(inputs);
        Assert.Equal(0, differing);
    }

    [Trait("Category", "Verification")]
    [Fact]
    public void TheDoubleEdgesAndASampleGiveTheSameBitsAtEveryWidth()
    {
        var inputs = new List<double>();
        foreach (double edge in new[] { -708.0, 709.0, 0.0, -0.0, 708.3964185322641, -707.7032713517042, 1e-300, -1e-300 })
        {
            long bits = BitConverter.DoubleToInt64Bits(edge);
            for (int step = -300; step <= 300; step++)
            {
                double value = BitConverter.Int64BitsToDouble(bits + step);
                if (value > -708.0 && value < 709.0) inputs.Add(value);
            }
        }
        var random = new Random(709);
        for (int i = 0; i < 50_000; i++)
        {
            inputs.Add(random.NextDouble() * 1417 - 708);
        }
        Assert.Equal(0, CountDifferingDoubles<double, ScalarOps<double>>(inputs));
        Assert.Equal(0, CountDifferingDoubles<Vector128<double>, Vector128Ops<double>>(inputs));
        Assert.Equal(0, CountDifferingDoubles<Vector256<double>, Vector256Ops<double>>(inputs));
        Assert.Equal(0, CountDifferingDoubles<Vector512<double>, Vector512Ops<double>>(inputs));
    }

    [Fact]
    public void TheShortPathIsTakenOnlyInsideTheRange()
    {
        // The bounds decide which path runs: strictly inside both, NaN and the bounds themselves outside.
        Assert.True(ScalarOps<float>.AllInside(87.99999f, -87f, 88f));
        Assert.True(ScalarOps<float>.AllInside(-86.99999f, -87f, 88f));
        Assert.False(ScalarOps<float>.AllInside(88f, -87f, 88f));
        Assert.False(ScalarOps<float>.AllInside(-87f, -87f, 88f));
        Assert.False(ScalarOps<float>.AllInside(float.NaN, -87f, 88f));
        var inside = Vector256.Create(1f);
        Assert.True(Vector256Ops<float>.AllInside(inside, Vector256.Create(-87f), Vector256.Create(88f)));
        Assert.False(Vector256Ops<float>.AllInside(inside.WithElement(5, float.NaN), Vector256.Create(-87f), Vector256.Create(88f)));
        Assert.False(Vector256Ops<float>.AllInside(inside.WithElement(7, 88f), Vector256.Create(-87f), Vector256.Create(88f)));
        Assert.False(Vector512Ops<float>.AllInside(Vector512.Create(1f).WithElement(15, -90f), Vector512.Create(-87f), Vector512.Create(88f)));
        Assert.False(Vector128Ops<float>.AllInside(Vector128.Create(1f).WithElement(0, float.PositiveInfinity), Vector128.Create(-87f), Vector128.Create(88f)));
    }

    private static long CountDifferingOverTheRange<TVec, TOps>()
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
    {
        // Bit patterns from +0 up to 88 (exclusive) and from −0 up to −87 (exclusive), cut into parts run in parallel.
        (uint From, uint To)[] ranges = [(0u, BitConverter.SingleToUInt32Bits(88f)), (0x8000_0000u, BitConverter.SingleToUInt32Bits(-87f))];
        const int Parts = 64;
        long differing = 0;
        Parallel.For(0, ranges.Length * Parts, job =>
        {
            var (from, to) = ranges[job / Parts];
            ulong length = (ulong)to - from;
            uint start = (uint)(from + length * (ulong)(job % Parts) / Parts);
            uint end = (uint)(from + length * (ulong)(job % Parts + 1) / Parts);
            Span<float> lanes = stackalloc float[TOps.Count];
            long local = 0;
            for (uint b = start; b < end; b += (uint)TOps.Count)
            {
                for (int lane = 0; lane < TOps.Count; lane++)
                {
                    lanes[lane] = BitConverter.UInt32BitsToSingle(Math.Min(b + (uint)lane, end - 1));
                }
                if (!SameBits<TVec, TOps>(TOps.Load(ref lanes[0], 0)))
                {
                    local++;
                }
            }
            Interlocked.Add(ref differing, local);
        });
        return differing;
    }

    private static long CountDiffering<TVec, TOps>(List<float> inputs)
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
    {
        Span<float> lanes = stackalloc float[TOps.Count];
        long differing = 0;
        for (int i = 0; i + TOps.Count <= inputs.Count; i += TOps.Count)
        {
            for (int lane = 0; lane < TOps.Count; lane++)
            {
                lanes[lane] = inputs[i + lane];
            }
            if (!SameBits<TVec, TOps>(TOps.Load(ref lanes[0], 0)))
            {
                differing++;
            }
        }
        return differing;
    }

    private static bool SameBits<TVec, TOps>(TVec input)
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
    {
        Span<float> shortPath = stackalloc float[TOps.Count];
        Span<float> anyInput = stackalloc float[TOps.Count];
        TOps.Store(ExpSingle.Exp<TVec, TOps>(input), ref shortPath[0], 0);
        TOps.Store(ExpSingle.AnyInput<TVec, TOps>(input), ref anyInput[0], 0);
        for (int lane = 0; lane < TOps.Count; lane++)
        {
            if (BitConverter.SingleToUInt32Bits(shortPath[lane]) != BitConverter.SingleToUInt32Bits(anyInput[lane]))
            {
                return false;
            }
        }
        return true;
    }

    private static long CountDifferingDoubles<TVec, TOps>(List<double> inputs)
        where TVec : struct
        where TOps : ISimdOps<TVec, double>
    {
        Span<double> lanes = stackalloc double[TOps.Count];
        Span<double> shortPath = stackalloc double[TOps.Count];
        Span<double> anyInput = stackalloc double[TOps.Count];
        long differing = 0;
        for (int i = 0; i + TOps.Count <= inputs.Count; i += TOps.Count)
        {
            for (int lane = 0; lane < TOps.Count; lane++)
            {
                lanes[lane] = inputs[i + lane];
            }
            TVec input = TOps.Load(ref lanes[0], 0);
            TOps.Store(ExpDouble.Exp<TVec, TOps>(input), ref shortPath[0], 0);
            TOps.Store(ExpDouble.AnyInput<TVec, TOps>(input), ref anyInput[0], 0);
            for (int lane = 0; lane < TOps.Count; lane++)
            {
                if (BitConverter.DoubleToInt64Bits(shortPath[lane]) != BitConverter.DoubleToInt64Bits(anyInput[lane]))
                {
                    differing++;
                    break;
                }
            }
        }
        return differing;
    }
}
