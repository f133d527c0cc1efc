using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>Leaky ReLU' from the output: 0.01 where o ≤ 0, else 1.</summary>
internal readonly struct LeakyReluFromOutputDerivative : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.SelectWhereLessThanOrEqual(output, TOps.Create(T.Zero), TOps.Create(T.CreateTruncating(0.01)), TOps.Create(T.One));
}
