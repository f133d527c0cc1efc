using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace FastNeuron;

/// <summary>The register width a kernel runs at. Every width gives the same bits as <see cref="Scalar"/>.</summary>
public enum VectorWidth
{
    /// <summary>One element at a time: the reference that defines the bits.</summary>
    Scalar = 0,
    /// <summary><see cref="System.Runtime.Intrinsics.Vector128{T}"/> kernels (SSE, NEON).</summary>
    Vector128 = 128,
    /// <summary><see cref="System.Runtime.Intrinsics.Vector256{T}"/> kernels (AVX, AVX2).</summary>
    Vector256 = 256,
    /// <summary><see cref="System.Runtime.Intrinsics.Vector512{T}"/> kernels (AVX-512).</summary>
    Vector512 = 512,
}

/// <summary>What this process's runtime accelerates, read once at start-up.</summary>
public static class VectorWidths
{
    /// <summary>
    /// The widest hardware-accelerated width, honouring the runtime's switches
    /// (<c>DOTNET_PreferredVectorBitWidth</c>, <c>DOTNET_EnableAVX512</c>, <c>DOTNET_EnableHWIntrinsic</c>, ...).
    /// <see cref="VectorWidth.Scalar"/> when nothing is accelerated: a software vector is slower than plain code. Also
    /// Scalar where the CPU has no fused multiply-add (x64 before AVX2, or <c>DOTNET_EnableAVX2=0</c>, which turns FMA
    /// off): the kernels' chains are fused multiply-adds by the contract, each one then the runtime's software fma,
    /// and a vector of them measured 1.8-2.9× slower than plain code (KernelBenchmarks' NoAVX2 job).
    /// </summary>
    public static VectorWidth Best { get; } =
        !FusedMultiplyAddInHardware ? VectorWidth.Scalar
        : Vector512.IsHardwareAccelerated ? VectorWidth.Vector512
        : Vector256.IsHardwareAccelerated ? VectorWidth.Vector256
        : Vector128.IsHardwareAccelerated ? VectorWidth.Vector128
        : VectorWidth.Scalar;

    /// <summary>Whether the CPU fuses a multiply and an add in one instruction (x64's FMA, Arm64's AdvSIMD).</summary>
    internal static bool FusedMultiplyAddInHardware => Fma.IsSupported || AdvSimd.IsSupported;

    /// <summary>Every width, accelerated or not; the software widths still compute the same bits, slowly.</summary>
    public static IReadOnlyList<VectorWidth> All { get; } =
        [VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512];

    /// <summary>Whether the runtime accelerates <paramref name="width"/> on this machine.</summary>
    public static bool IsHardwareAccelerated(VectorWidth width) => width switch
    {
        VectorWidth.Scalar => true,
        VectorWidth.Vector128 => Vector128.IsHardwareAccelerated,
        VectorWidth.Vector256 => Vector256.IsHardwareAccelerated,
        VectorWidth.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };
}
