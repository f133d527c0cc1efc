using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

// The hidden-layer activations other than the sigmoid (SigmoidOperator.cs), as element-wise operators. Each
// vector Invoke performs the scalar Invoke's operations in the same order, so every width gives the same bits.

/// <summary>tanh(z) as 2·σ(2z) − 1 with FastNeuron's sigmoid: each element becomes <c>2 * σ(z + z) − 1</c>, the product and the difference each rounded.</summary>
internal readonly struct TanhOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke(T x) => T.CreateTruncating(2) * SigmoidOperator<T>.Invoke(x + x) - T.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke(Vector128<T> x) => Vector128.Create(T.CreateTruncating(2)) * SigmoidOperator<T>.Invoke(x + x) - Vector128<T>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> x) => Vector256.Create(T.CreateTruncating(2)) * SigmoidOperator<T>.Invoke(x + x) - Vector256<T>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke(Vector512<T> x) => Vector512.Create(T.CreateTruncating(2)) * SigmoidOperator<T>.Invoke(x + x) - Vector512<T>.One;
}

/// <summary>ReLU: each element becomes <c>z &lt;= 0 ? 0 : z</c> (NaN stays NaN).</summary>
internal readonly struct ReluOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke(T x) => x <= T.Zero ? T.Zero : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(x, Vector128<T>.Zero), Vector128<T>.Zero, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, Vector256<T>.Zero), Vector256<T>.Zero, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, Vector512<T>.Zero), Vector512<T>.Zero, x);
}

/// <summary>Leaky ReLU: each element becomes <c>z &lt;= 0 ? 0.01 * z : z</c>.</summary>
internal readonly struct LeakyReluOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke(T x) => x <= T.Zero ? T.CreateTruncating(0.01) * x : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(x, Vector128<T>.Zero), Vector128.Create(T.CreateTruncating(0.01)) * x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, Vector256<T>.Zero), Vector256.Create(T.CreateTruncating(0.01)) * x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, Vector512<T>.Zero), Vector512.Create(T.CreateTruncating(0.01)) * x, x);
}
