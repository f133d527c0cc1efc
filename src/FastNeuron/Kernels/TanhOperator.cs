using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>tanh(z) as 2·σ(2z) − 1 with FastNeuron's sigmoid: each element becomes <c>2 * σ(z + z) − 1</c>, the product and the difference each rounded.</summary>
internal readonly struct TanhOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.Subtract(TOps.Multiply(TOps.Create(T.CreateTruncating(2)), SigmoidOperator.Invoke<T, TVec, TOps>(TOps.Add(x, x))), TOps.Create(T.One));
}
