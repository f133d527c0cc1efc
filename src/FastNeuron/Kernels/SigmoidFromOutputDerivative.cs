using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>σ'(z) from the output o = σ(z): <c>o · (1 − o)</c>, two correctly rounded steps (the seed's <c>__sigmoid_derivative(output)</c>).</summary>
internal readonly struct SigmoidFromOutputDerivative : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.Multiply(output, TOps.Subtract(TOps.Create(T.One), output));
}
