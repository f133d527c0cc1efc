using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

internal static partial class FusedEpoch
{
    /// <summary>
    /// z[r] = x[first + r]·w for a full block of TOps.Count rows, as one vector: one way per implementation, each the bits
    /// of <see cref="DotProduct"/>. The chunk loop takes it as a type parameter, so that it inlines only the one it runs.
    /// </summary>
    private interface IBlockSums
    {
        static abstract TVec Sums<T, TVec, TOps>(ReadOnlySpan<T> x, int first, ReadOnlySpan<T> w, Span<T> scratch)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TVec : struct
            where TOps : ISimdOps<TVec, T>;
    }

    /// <summary>Each row through <see cref="DotProduct"/>, the sums gathered through the scratch: any type and width.</summary>
    private readonly struct RowByRow : IBlockSums
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec Sums<T, TVec, TOps>(ReadOnlySpan<T> x, int first, ReadOnlySpan<T> w, Span<T> scratch)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
        {
            int columns = w.Length;
            ref T z = ref MemoryMarshal.GetReference(scratch);
            for (int r = 0; r < TOps.Count; r++)
            {
                Unsafe.Add(ref z, r) = DotProduct.Invoke<T, TVec, TOps>(x.Slice((first + r) * columns, columns), w);
            }
            return TOps.Load(ref z, 0);
        }
    }

    /// <summary>
    /// float32 rows 8 at a time: <typeparamref name="TAt256"/> for the block at 256 bits, <typeparamref name="TAt512"/>
    /// twice for the 16 rows of a block at 512 bits.
    /// </summary>
    private readonly struct EightRows<TAt256, TAt512> : IBlockSums
        where TAt256 : IEightRows
        where TAt512 : IEightRows
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec Sums<T, TVec, TOps>(ReadOnlySpan<T> x, int first, ReadOnlySpan<T> w, Span<T> scratch)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
        {
            int columns = w.Length;
            ref float rows = ref Unsafe.As<T, float>(ref Unsafe.Add(ref MemoryMarshal.GetReference(x), first * columns));
            ref float weights = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(w));
            if (TOps.Count == Vector512<float>.Count)
            {
                Vector256<float> lower = TAt512.Eight(ref rows, columns, ref weights);
                Vector256<float> upper = TAt512.Eight(ref Unsafe.Add(ref rows, RowBlockDot.Rows * columns), columns, ref weights);
                return Unsafe.BitCast<Vector512<float>, TVec>(Vector512.Create(lower, upper));
            }
            return Unsafe.BitCast<Vector256<float>, TVec>(TAt256.Eight(ref rows, columns, ref weights));
        }
    }

    /// <summary>One of RowBlockDot's 8-row bodies.</summary>
    private interface IEightRows
    {
        static abstract Vector256<float> Eight(ref float first, int columns, ref float w);
    }

    /// <summary>Rows of 32 values or more, 256-bit accumulators (<see cref="RowBlockDot.Eight256"/>).</summary>
    private readonly struct Wide256 : IEightRows
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Eight(ref float first, int columns, ref float w) => RowBlockDot.Eight256(ref first, columns, ref w);
    }

    /// <summary>Rows of 32 values or more, 512-bit accumulators (<see cref="RowBlockDot.Eight512"/>).</summary>
    private readonly struct Wide512 : IEightRows
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Eight(ref float first, int columns, ref float w) => RowBlockDot.Eight512(ref first, columns, ref w);
    }

    /// <summary>Rows of 4 to 31 values, one chain per row (<see cref="RowBlockDot.EightShort256"/>).</summary>
    private readonly struct Short256 : IEightRows
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Eight(ref float first, int columns, ref float w) => RowBlockDot.EightShort256(ref first, columns, ref w);
    }

    /// <summary>float32 rows of 16 to 31 values, 16 at a time with AVX-512 (<see cref="RowBlockDot.SixteenShort512"/>).</summary>
    private readonly struct SixteenShortRows : IBlockSums
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec Sums<T, TVec, TOps>(ReadOnlySpan<T> x, int first, ReadOnlySpan<T> w, Span<T> scratch)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
        {
            int columns = w.Length;
            ref float rows = ref Unsafe.As<T, float>(ref Unsafe.Add(ref MemoryMarshal.GetReference(x), first * columns));
            return Unsafe.BitCast<Vector512<float>, TVec>(RowBlockDot.SixteenShort512(ref rows, columns, ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(w))));
        }
    }
}
