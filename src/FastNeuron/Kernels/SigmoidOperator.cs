using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// σ(z) = 1 / (1 + exp(−z)): the seed's activation. Each element becomes <c>1 / (1 + e)</c> with
/// <c>e = exp(0 − z)</c> from <see cref="ExpDouble"/> (float64) or <see cref="ExpSingle"/> (float32), the
/// addition and the division each correctly rounded. The same sequence runs in every lane of every width.
/// </summary>
/// <remarks>z = NaN gives NaN; z = +∞ gives 1; z = −∞ gives +0.</remarks>
internal readonly struct SigmoidOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke(T x)
    {
        if (typeof(T) == typeof(double))
        {
            return Unsafe.BitCast<double, T>(Double<double, ScalarOps<double>>(Unsafe.BitCast<T, double>(x)));
        }
        return Unsafe.BitCast<float, T>(Single<float, ScalarOps<float>>(Unsafe.BitCast<T, float>(x)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke(Vector128<T> x)
    {
        if (typeof(T) == typeof(double))
        {
            return Double<Vector128<double>, Vector128Ops<double>>(x.AsDouble()).As<double, T>();
        }
        return Single<Vector128<float>, Vector128Ops<float>>(x.AsSingle()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> x)
    {
        if (typeof(T) == typeof(double))
        {
            return Double<Vector256<double>, Vector256Ops<double>>(x.AsDouble()).As<double, T>();
        }
        return Single<Vector256<float>, Vector256Ops<float>>(x.AsSingle()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke(Vector512<T> x)
    {
        if (typeof(T) == typeof(double))
        {
            return Double<Vector512<double>, Vector512Ops<double>>(x.AsDouble()).As<double, T>();
        }
        return Single<Vector512<float>, Vector512Ops<float>>(x.AsSingle()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Double<TVec, TOps>(TVec z)
        where TVec : struct
        where TOps : ISimdOps<TVec, double>
    {
        TVec one = TOps.Create(1.0);
        TVec e = ExpDouble.Exp<TVec, TOps>(TOps.Subtract(TOps.Create(0.0), z));
        return TOps.Divide(one, TOps.Add(one, e));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Single<TVec, TOps>(TVec z)
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
    {
        TVec one = TOps.Create(1f);
        TVec e = ExpSingle.Exp<TVec, TOps>(TOps.Subtract(TOps.Create(0f), z));
        return TOps.Divide(one, TOps.Add(one, e));
    }
}

/// <summary>
/// Exp on its own, exposed for the accuracy sweep and the verification command. Each element becomes
/// exp(x) by <see cref="ExpDouble"/> or <see cref="ExpSingle"/>.
/// </summary>
internal readonly struct ExpOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke(T x) => typeof(T) == typeof(double)
        ? Unsafe.BitCast<double, T>(ExpDouble.Exp<double, ScalarOps<double>>(Unsafe.BitCast<T, double>(x)))
        : Unsafe.BitCast<float, T>(ExpSingle.Exp<float, ScalarOps<float>>(Unsafe.BitCast<T, float>(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke(Vector128<T> x) => typeof(T) == typeof(double)
        ? ExpDouble.Exp<Vector128<double>, Vector128Ops<double>>(x.AsDouble()).As<double, T>()
        : ExpSingle.Exp<Vector128<float>, Vector128Ops<float>>(x.AsSingle()).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke(Vector256<T> x) => typeof(T) == typeof(double)
        ? ExpDouble.Exp<Vector256<double>, Vector256Ops<double>>(x.AsDouble()).As<double, T>()
        : ExpSingle.Exp<Vector256<float>, Vector256Ops<float>>(x.AsSingle()).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke(Vector512<T> x) => typeof(T) == typeof(double)
        ? ExpDouble.Exp<Vector512<double>, Vector512Ops<double>>(x.AsDouble()).As<double, T>()
        : ExpSingle.Exp<Vector512<float>, Vector512Ops<float>>(x.AsSingle()).As<float, T>();
}
