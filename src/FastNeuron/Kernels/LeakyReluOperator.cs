using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>Leaky ReLU: each element becomes <c>z &lt;= 0 ? 0.01 * z : z</c>.</summary>
internal readonly struct LeakyReluOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.SelectWhereLessThanOrEqual(x, TOps.Create(T.Zero), TOps.Multiply(TOps.Create(T.CreateTruncating(0.01)), x), x);
}
