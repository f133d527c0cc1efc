using System.Numerics;
using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// The output delta of a sigmoid neuron under squared error: for target y and output o each element becomes
/// <c>(y − o) · (o · (1 − o))</c>, exactly the seed's <c>error * __sigmoid_derivative(output)</c> with
/// its rounding order: the error, then the derivative (<see cref="SigmoidFromOutputDerivative"/>), then their product.
/// </summary>
internal readonly struct SigmoidDeltaOperator : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<T, TVec, TOps>(TVec y, TVec o)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TVec : struct where TOps : ISimdOps<TVec, T>
        => TOps.Multiply(TOps.Subtract(y, o), SigmoidFromOutputDerivative.Invoke<T, TVec, TOps>(o));
}
