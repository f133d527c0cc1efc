using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Runtime.Intrinsics.Arm;

namespace FastNeuron.Cli;

/// <summary>What the runtime reports about this CPU's SIMD: the facts every other number depends on.</summary>
internal static class MachineInfo
{
    public static string CpuName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[(line.IndexOf(':') + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        return $"{RuntimeInformation.ProcessArchitecture} ({Environment.ProcessorCount} logical cores)";
    }

    public static string Isa()
    {
        var supported = new List<string>();
        void Add(bool isSupported, string name)
        {
            if (isSupported) supported.Add(name);
        }
        Add(Sse2.IsSupported, "SSE2");
        Add(Sse41.IsSupported, "SSE4.1");
        Add(Avx.IsSupported, "AVX");
        Add(Avx2.IsSupported, "AVX2");
        Add(Fma.IsSupported, "FMA");
        Add(Avx512F.IsSupported, "AVX-512F");
        Add(AdvSimd.IsSupported, "AdvSIMD");
        return supported.Count == 0 ? "none (no hardware intrinsics)" : string.Join(" ", supported);
    }

    public static IEnumerable<string> Lines()
    {
        yield return $"CPU:      {CpuName()}, {Environment.ProcessorCount} logical cores";
        yield return $"Runtime:  .NET {Environment.Version} on {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}";
        yield return $"ISA:      {Isa()}";
        yield return $"Vectors:  Vector128 {Accelerated(Vector128.IsHardwareAccelerated)}, Vector256 {Accelerated(Vector256.IsHardwareAccelerated)}, " +
                     $"Vector512 {Accelerated(Vector512.IsHardwareAccelerated)}; Vector<float>.Count = {Vector<float>.Count}";
        yield return $"Default:  Vector backend at {VectorWidths.Best}";
    }

    private static string Accelerated(bool value) => value ? "accelerated" : "software";
}
