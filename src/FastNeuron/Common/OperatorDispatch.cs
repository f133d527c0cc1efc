using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FastNeuron.Common;

/// <summary>
/// Calls an operator's vector overload for a TVec known only as a type parameter (Vector128/256/512 of T).
/// The typeof tests are JIT-time constants, so each instantiation is a direct, inlined call.
/// </summary>
internal static class OperatorDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Unary<T, TOp, TVec>(TVec x)
        where TOp : IUnaryOperator<T>
        where TVec : struct
    {
        if (typeof(TVec) == typeof(Vector128<T>)) return Unsafe.BitCast<Vector128<T>, TVec>(TOp.Invoke(Unsafe.BitCast<TVec, Vector128<T>>(x)));
        if (typeof(TVec) == typeof(Vector256<T>)) return Unsafe.BitCast<Vector256<T>, TVec>(TOp.Invoke(Unsafe.BitCast<TVec, Vector256<T>>(x)));
        if (typeof(TVec) == typeof(Vector512<T>)) return Unsafe.BitCast<Vector512<T>, TVec>(TOp.Invoke(Unsafe.BitCast<TVec, Vector512<T>>(x)));
        return Unsafe.BitCast<T, TVec>(TOp.Invoke(Unsafe.BitCast<TVec, T>(x)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Binary<T, TOp, TVec>(TVec x, TVec y)
        where TOp : IBinaryOperator<T>
        where TVec : struct
    {
        if (typeof(TVec) == typeof(Vector128<T>)) return Unsafe.BitCast<Vector128<T>, TVec>(TOp.Invoke(Unsafe.BitCast<TVec, Vector128<T>>(x), Unsafe.BitCast<TVec, Vector128<T>>(y)));
        if (typeof(TVec) == typeof(Vector256<T>)) return Unsafe.BitCast<Vector256<T>, TVec>(TOp.Invoke(Unsafe.BitCast<TVec, Vector256<T>>(x), Unsafe.BitCast<TVec, Vector256<T>>(y)));
        if (typeof(TVec) == typeof(Vector512<T>)) return Unsafe.BitCast<Vector512<T>, TVec>(TOp.Invoke(Unsafe.BitCast<TVec, Vector512<T>>(x), Unsafe.BitCast<TVec, Vector512<T>>(y)));
        return Unsafe.BitCast<T, TVec>(TOp.Invoke(Unsafe.BitCast<TVec, T>(x), Unsafe.BitCast<TVec, T>(y)));
    }

    /// <summary>The dot product of the contract (docs/numerics.md) at TVec's width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Dot<T, TVec>(ReadOnlySpan<T> x, ReadOnlySpan<T> w)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        where TVec : struct
    {
        if (typeof(TVec) == typeof(Vector128<T>)) return Kernels.DotProduct.Width128(x, w);
        if (typeof(TVec) == typeof(Vector256<T>)) return Kernels.DotProduct.Width256(x, w);
        if (typeof(TVec) == typeof(Vector512<T>)) return Kernels.DotProduct.Width512(x, w);
        return Kernels.DotProduct.Scalar(x, w);
    }
}
