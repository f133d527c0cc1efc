using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>tanh'(z) from the output: <c>1 − o·o</c>.</summary>
internal readonly struct TanhFromOutputDerivative : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.Subtract(TOps.Create(T.One), TOps.Multiply(output, output));
}
