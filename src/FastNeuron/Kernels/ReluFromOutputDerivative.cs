using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>ReLU' from the output: 0 where o ≤ 0, else 1.</summary>
internal readonly struct ReluFromOutputDerivative : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.SelectWhereLessThanOrEqual(output, TOps.Create(T.Zero), TOps.Create(T.Zero), TOps.Create(T.One));
}
