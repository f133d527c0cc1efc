using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// f'(z) written in terms of the activation's output o = f(z), which is what backpropagation has at hand. Written
/// once against <see cref="ISimdOps{TVec, T}"/>, so the scalar reference and every width run the same operations.
/// </summary>
internal interface IDerivativeFromOutput
{
    static abstract TVec Invoke<T, TVec, TOps>(TVec output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>;
}

/// <summary>σ'(z) = o·(1 − o).</summary>
internal readonly struct SigmoidFromOutputDerivative : IDerivativeFromOutput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.Multiply(output, TOps.Subtract(TOps.Create(T.One), output));
}

/// <summary>tanh'(z) = 1 − o².</summary>
internal readonly struct TanhFromOutputDerivative : IDerivativeFromOutput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.Subtract(TOps.Create(T.One), TOps.Multiply(output, output));
}

/// <summary>ReLU': 0 where o ≤ 0, else 1.</summary>
internal readonly struct ReluFromOutputDerivative : IDerivativeFromOutput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.SelectWhereLessThanOrEqual(output, TOps.Create(T.Zero), TOps.Create(T.Zero), TOps.Create(T.One));
}

/// <summary>Leaky ReLU': 0.01 where o ≤ 0, else 1.</summary>
internal readonly struct LeakyReluFromOutputDerivative : IDerivativeFromOutput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.SelectWhereLessThanOrEqual(output, TOps.Create(T.Zero), TOps.Create(T.CreateTruncating(0.01)), TOps.Create(T.One));
}

/// <summary>Linear: 1.</summary>
internal readonly struct LinearDerivative : IDerivativeFromOutput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.Create(T.One);
}
