using System.Runtime.CompilerServices;

using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>
/// How the batched dense kernels lay out a layer. Weights are (inputs × stride) row-major — numpy's (inputs, outputs)
/// orientation — with each row padded with zeros to <see cref="Stride{T}"/>, a whole number of 64-byte blocks, so that
/// every vector width walks the outputs in whole vectors with no remainder loop. Activations and deltas are
/// (rows × stride) in the same way. Padding lanes carry zero weights and zero deltas, so they never reach a real value.
/// </summary>
internal static class DenseLayout
{
    /// <summary>Bytes per padding block: one Vector512, four Vector128s.</summary>
    public const int BlockBytes = 64;

    /// <summary><paramref name="units"/> rounded up to a whole number of 64-byte blocks of T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Stride<T>(int units)
        where T : unmanaged
    {
        int lanes = BlockBytes / Unsafe.SizeOf<T>();
        return (units + lanes - 1) / lanes * lanes;
    }

    /// <summary>
    /// destination (outputs × inputStride) = the transpose of weights (inputs × stride), real entries only; the
    /// backward pass reads a layer's weights a row per output unit, contiguous across the inputs it sends deltas to.
    /// </summary>
    /// <remarks>
    /// In bands of <see cref="TransposeBand"/> inputs: a band's rows (16 × stride values) stay in L1 while each output's
    /// 16 values are written as one contiguous run. Written a whole column at a time instead, every store went to a
    /// different cache line and missed (DenseStepBenchmarks.TransposeWeights: docs/benchmarks/*/NOTES.md).
    /// </remarks>
    public static void Transpose<T>(ReadOnlySpan<T> weights, int inputs, int outputs, int stride, Span<T> destination, int inputStride)
    {
        if (weights.Length < inputs * stride || destination.Length < outputs * inputStride || outputs > stride || inputs > inputStride)
        {
            throw new ArgumentException("Transpose was called with spans shorter than their shapes need.");
        }
        ref T source = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(weights);
        ref T target = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination);
        for (int band = 0; band < inputs; band += TransposeBand)
        {
            int bandEnd = Math.Min(inputs, band + TransposeBand);
            for (int o = 0; o < outputs; o++)
            {
                ref T run = ref Unsafe.Add(ref target, o * inputStride);
                for (int k = band; k < bandEnd; k++)
                {
                    Unsafe.Add(ref run, k) = Unsafe.Add(ref source, k * stride + o);
                }
            }
        }
    }

    /// <summary>
    /// Values to skip from the start of <paramref name="buffer"/> to reach a 64-byte boundary (0 to 15 float32s). Only
    /// speed depends on it: a buffer the GC moves afterwards keeps its bits, and loses at most the alignment.
    /// </summary>
    public static int ElementsToBoundary<T>(Span<T> buffer)
        where T : unmanaged
        => VectorAlignment.ElementsToBoundary(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(buffer), BlockBytes);

    /// <summary>Inputs per band of <see cref="Transpose{T}"/>: one 64-byte line of float32 destination per output.</summary>
    private const int TransposeBand = 16;
}
