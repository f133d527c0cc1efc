using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// σ'(z) from the output o = σ(z): each element becomes <c>o · (1 − o)</c>, two correctly rounded steps.
/// The seed's <c>__sigmoid_derivative(output)</c>.
/// </summary>
internal readonly struct SigmoidFromOutputDerivativeOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke(T o) => o * (T.One - o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke(Vector128<T> o) => o * (Vector128<T>.One - o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> o) => o * (Vector256<T>.One - o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke(Vector512<T> o) => o * (Vector512<T>.One - o);
}

/// <summary>
/// The output delta of a sigmoid neuron under squared error: for target y and output o each element becomes
/// <c>(y − o) · (o · (1 − o))</c>, exactly the seed's <c>error * __sigmoid_derivative(output)</c> with
/// its rounding order: the error, then the derivative, then their product.
/// </summary>
internal readonly struct SigmoidDeltaOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke(T y, T o) => (y - o) * (o * (T.One - o));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke(Vector128<T> y, Vector128<T> o) => (y - o) * (o * (Vector128<T>.One - o));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> y, Vector256<T> o) => (y - o) * (o * (Vector256<T>.One - o));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke(Vector512<T> y, Vector512<T> o) => (y - o) * (o * (Vector512<T>.One - o));
}
