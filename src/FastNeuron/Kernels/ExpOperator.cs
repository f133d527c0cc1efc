using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// exp(x) by <see cref="ExpDouble"/> (float64) or <see cref="ExpSingle"/> (float32): the exp inside
/// <see cref="SigmoidOperator"/> and the softmax, and on its own for the accuracy sweep and the verification command.
/// </summary>
internal readonly struct ExpOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => typeof(T) == typeof(double)
            ? ExpDouble.Exp<TVec, SameLanesOps<TVec, TOps, T, double>>(x)
            : ExpSingle.Exp<TVec, SameLanesOps<TVec, TOps, T, float>>(x);
}
