using System.Numerics;

namespace FastNeuron.Common;

/// <summary>An element-wise operation with two inputs; see <see cref="IUnaryOperator"/>.</summary>
internal interface IBinaryOperator
{
    static abstract TVec Invoke<T, TVec, TOps>(TVec x, TVec y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>;
}
