using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FastNeuron.Common;

/// <summary>
/// Work written once over a lane type: <typeparamref name="T"/> itself for Scalar, or Vector128/256/512 of it, with
/// its lane operations. <see cref="WidthDispatch"/> turns a runtime <see cref="VectorWidth"/> into those types.
/// Implement it as a (ref) struct that carries the call's arguments; each instantiation compiles to direct calls.
/// </summary>
internal interface IWidthAction<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    void Invoke<TVec, TOps>()
        where TVec : struct
        where TOps : ISimdOps<TVec, T>;
}

/// <summary>An <see cref="IWidthAction{T}"/> that returns a value.</summary>
internal interface IWidthFunc<T, out TResult>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    TResult Invoke<TVec, TOps>()
        where TVec : struct
        where TOps : ISimdOps<TVec, T>;
}

/// <summary>
/// The one place where a <see cref="VectorWidth"/> becomes a type: every kernel entry point that takes a width goes
/// through here, once per call, outside its loops.
/// </summary>
internal static class WidthDispatch
{
    /// <summary>Runs <paramref name="action"/> at <paramref name="width"/>; null is <see cref="VectorWidths.Best"/>, with no dispatch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TAction>(VectorWidth? width, ref TAction action)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TAction : IWidthAction<T>, allows ref struct
    {
        if (width is not { } chosen)
        {
            RunBest<T, TAction>(ref action);
            return;
        }
        switch (chosen)
        {
            case VectorWidth.Vector512: action.Invoke<Vector512<T>, Vector512Ops<T>>(); return;
            case VectorWidth.Vector256: action.Invoke<Vector256<T>, Vector256Ops<T>>(); return;
            case VectorWidth.Vector128: action.Invoke<Vector128<T>, Vector128Ops<T>>(); return;
            case VectorWidth.Scalar: action.Invoke<T, ScalarOps<T>>(); return;
            default: throw UnknownWidth(chosen);
        }
    }

    /// <summary>Runs <paramref name="func"/> at <paramref name="width"/> (null: <see cref="VectorWidths.Best"/>) and returns its result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TResult Run<T, TFunc, TResult>(VectorWidth? width, ref TFunc func)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunc : IWidthFunc<T, TResult>, allows ref struct
        => width is not { } chosen ? RunBest<T, TFunc, TResult>(ref func) : chosen switch
        {
            VectorWidth.Vector512 => func.Invoke<Vector512<T>, Vector512Ops<T>>(),
            VectorWidth.Vector256 => func.Invoke<Vector256<T>, Vector256Ops<T>>(),
            VectorWidth.Vector128 => func.Invoke<Vector128<T>, Vector128Ops<T>>(),
            VectorWidth.Scalar => func.Invoke<T, ScalarOps<T>>(),
            _ => throw UnknownWidth(chosen),
        };

    /// <summary>
    /// Runs <paramref name="action"/> at <see cref="VectorWidths.Best"/>: the JIT reads that static readonly width as a
    /// constant and keeps one direct call, so a call that names no width pays no dispatch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunBest<T, TAction>(ref TAction action)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TAction : IWidthAction<T>, allows ref struct
    {
        if (VectorWidths.Best == VectorWidth.Vector512) action.Invoke<Vector512<T>, Vector512Ops<T>>();
        else if (VectorWidths.Best == VectorWidth.Vector256) action.Invoke<Vector256<T>, Vector256Ops<T>>();
        else if (VectorWidths.Best == VectorWidth.Vector128) action.Invoke<Vector128<T>, Vector128Ops<T>>();
        else action.Invoke<T, ScalarOps<T>>();
    }

    /// <summary><see cref="RunBest{T, TAction}(ref TAction)"/> for a <see cref="IWidthFunc{T, TResult}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TResult RunBest<T, TFunc, TResult>(ref TFunc func)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunc : IWidthFunc<T, TResult>, allows ref struct
        => VectorWidths.Best == VectorWidth.Vector512 ? func.Invoke<Vector512<T>, Vector512Ops<T>>()
            : VectorWidths.Best == VectorWidth.Vector256 ? func.Invoke<Vector256<T>, Vector256Ops<T>>()
            : VectorWidths.Best == VectorWidth.Vector128 ? func.Invoke<Vector128<T>, Vector128Ops<T>>()
            : func.Invoke<T, ScalarOps<T>>();

    private static ArgumentOutOfRangeException UnknownWidth(VectorWidth width)
        => new(nameof(width), width, "The width must be Scalar, Vector128, Vector256 or Vector512.");
}
