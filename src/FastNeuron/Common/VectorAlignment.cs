using System.Runtime.CompilerServices;

namespace FastNeuron.Common;

/// <summary>Where a span's elements reach a vector boundary in memory: the kernels that align their loops start there.</summary>
internal static class VectorAlignment
{
    /// <summary>Elements before <paramref name="start"/> reaches a multiple of TVec's size in memory (0 for scalars).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ElementsToBoundary<T, TVec>(ref T start)
        where T : unmanaged
        where TVec : struct
        => Unsafe.SizeOf<TVec>() <= Unsafe.SizeOf<T>() ? 0 : ElementsToBoundary(ref start, Unsafe.SizeOf<TVec>());

    /// <summary>Elements before <paramref name="start"/> reaches a multiple of <paramref name="bytes"/> (a power of two) in memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe int ElementsToBoundary<T>(ref T start, int bytes)
        where T : unmanaged
    {
        // The address only decides speed: a GC move between here and the loop costs alignment, never bits.
        nuint misalignment = (nuint)Unsafe.AsPointer(ref start) % (nuint)bytes;
        return misalignment == 0 ? 0 : (int)(((nuint)bytes - misalignment) / (nuint)Unsafe.SizeOf<T>());
    }
}
