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
    /// Values to skip from the start of <paramref name="buffer"/> to reach a 64-byte boundary (0 to 15 float32s). Only
    /// speed depends on it: a buffer the GC moves afterwards keeps its bits, and loses at most the alignment.
    /// </summary>
    public static int ElementsToBoundary<T>(Span<T> buffer)
        where T : unmanaged
        => VectorAlignment.ElementsToBoundary(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(buffer), BlockBytes);
}
