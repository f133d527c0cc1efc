using System.Runtime.CompilerServices;

namespace FastNeuron.Common;

/// <summary>Where a span's elements reach a vector boundary in memory: the kernels that align their loops start there.</summary>
internal static class VectorAlignment
{
    /// <summary>Elements before <paramref name="start"/> reaches a multiple of TVec's size in memory (0 for scalars).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe int ElementsToBoundary<T, TVec>(ref T start)
        where T : unmanaged
        where TVec : struct
    {
        int size = Unsafe.SizeOf<TVec>();
        if (size <= Unsafe.SizeOf<T>()) return 0;
        // The address only decides speed: a GC move between here and the loop costs alignment, never bits.
        nuint misalignment = (nuint)Unsafe.AsPointer(ref start) % (nuint)size;
        return misalignment == 0 ? 0 : (int)(((nuint)size - misalignment) / (nuint)Unsafe.SizeOf<T>());
    }
}
