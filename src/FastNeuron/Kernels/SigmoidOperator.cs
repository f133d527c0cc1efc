using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// σ(z) = 1 / (1 + exp(−z)): the seed's activation. Each element becomes <c>1 / (1 + e)</c> with
/// <c>e = exp(0 − z)</c> from <see cref="ExpDouble"/> (float64) or <see cref="ExpSingle"/> (float32), the
/// addition and the division each correctly rounded. The same sequence runs in every lane of every width.
/// </summary>
/// <remarks>z = NaN gives NaN; z = +∞ gives 1; z = −∞ gives +0.</remarks>
internal readonly struct SigmoidOperator : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
    {
        TVec one = TOps.Create(T.One);
        TVec e = ExpOperator.Invoke<T, TVec, TOps>(TOps.Subtract(TOps.Create(T.Zero), z));
        return TOps.Divide(one, TOps.Add(one, e));
    }
}
