using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>ReLU: each element becomes <c>z &lt;= 0 ? 0 : z</c> (NaN stays NaN).</summary>
internal readonly struct ReluOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.SelectWhereLessThanOrEqual(x, TOps.Create(T.Zero), TOps.Create(T.Zero), x);
}
