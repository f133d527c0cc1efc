using System.Numerics;

namespace FastNeuron.Common;

/// <summary>
/// An element-wise operation with one input, written once against <see cref="ISimdOps{TVec, T}"/>: the scalar
/// instantiation (<c>TVec</c> = <c>T</c>, <see cref="ScalarOps{T}"/>) defines the result, and every
/// vector instantiation runs the same lane operations in the same order, so it cannot drift from it.
/// </summary>
internal interface IUnaryOperator
{
    static abstract TVec Invoke<T, TVec, TOps>(TVec x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>;
}
