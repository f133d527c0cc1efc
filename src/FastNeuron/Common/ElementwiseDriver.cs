using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FastNeuron.Common;

/// <summary>
/// The loop that runs an element-wise operator (<see cref="IUnaryOperator"/>, <see cref="IBinaryOperator"/>) over
/// spans, once for every width: whole vectors of TVec, then the remainder in whole vectors of each narrower width,
/// then one element at a time. An element's result never depends on its neighbours, so how a span is cut into
/// vectors cannot change a bit.
/// </summary>
/// <remarks>
/// The remainder is not handled with an overlapping last vector, because destination may alias the
/// input: re-reading an element already overwritten would be wrong.
/// </remarks>
internal static class ElementwiseDriver
{
    /// <summary>Each destination[i] becomes TOp(x[i]) at <paramref name="width"/> (null: <see cref="VectorWidths.Best"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, VectorWidth? width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : IUnaryOperator
    {
        var action = new UnaryAction<T, TOp>(x, destination);
        WidthDispatch.Run<T, UnaryAction<T, TOp>>(width, ref action);
    }

    /// <summary>Each destination[i] becomes TOp(x[i], y[i]) at <paramref name="width"/> (null: <see cref="VectorWidths.Best"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, VectorWidth? width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : IBinaryOperator
    {
        var action = new BinaryAction<T, TOp>(x, y, destination);
        WidthDispatch.Run<T, BinaryAction<T, TOp>>(width, ref action);
    }

    public static void Unary<T, TVec, TOps, TOp>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        where TOp : IUnaryOperator
    {
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int n = x.Length;
        // The lane counts are constants to the JIT: each instantiation keeps only the narrower widths' loops.
        int i = UnaryVectors<T, TVec, TOps, TOp>(ref xRef, ref dRef, 0, n);
        if (TOps.Count > Vector256<T>.Count) i = UnaryVectors<T, Vector256<T>, Vector256Ops<T>, TOp>(ref xRef, ref dRef, i, n);
        if (TOps.Count > Vector128<T>.Count) i = UnaryVectors<T, Vector128<T>, Vector128Ops<T>, TOp>(ref xRef, ref dRef, i, n);
        if (TOps.Count > 1) UnaryVectors<T, T, ScalarOps<T>, TOp>(ref xRef, ref dRef, i, n);
    }

    public static void Binary<T, TVec, TOps, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        where TOp : IBinaryOperator
    {
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T yRef = ref MemoryMarshal.GetReference(y);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int n = x.Length;
        int i = BinaryVectors<T, TVec, TOps, TOp>(ref xRef, ref yRef, ref dRef, 0, n);
        if (TOps.Count > Vector256<T>.Count) i = BinaryVectors<T, Vector256<T>, Vector256Ops<T>, TOp>(ref xRef, ref yRef, ref dRef, i, n);
        if (TOps.Count > Vector128<T>.Count) i = BinaryVectors<T, Vector128<T>, Vector128Ops<T>, TOp>(ref xRef, ref yRef, ref dRef, i, n);
        if (TOps.Count > 1) BinaryVectors<T, T, ScalarOps<T>, TOp>(ref xRef, ref yRef, ref dRef, i, n);
    }

    /// <summary>
    /// Whole TVecs from <paramref name="start"/>; returns where they stop. Not inlined: each width's loop holds one
    /// inlined copy of the operator, and one call per span hands the remainder on.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int UnaryVectors<T, TVec, TOps, TOp>(ref T x, ref T destination, int start, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        where TOp : IUnaryOperator
    {
        int i = start;
        for (; i <= n - TOps.Count; i += TOps.Count)
        {
            TOps.Store(TOp.Invoke<T, TVec, TOps>(TOps.Load(ref x, (nuint)i)), ref destination, (nuint)i);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int BinaryVectors<T, TVec, TOps, TOp>(ref T x, ref T y, ref T destination, int start, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
        where TOp : IBinaryOperator
    {
        int i = start;
        for (; i <= n - TOps.Count; i += TOps.Count)
        {
            TOps.Store(TOp.Invoke<T, TVec, TOps>(TOps.Load(ref x, (nuint)i), TOps.Load(ref y, (nuint)i)), ref destination, (nuint)i);
        }
        return i;
    }

    private readonly ref struct UnaryAction<T, TOp>(ReadOnlySpan<T> x, Span<T> destination) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : IUnaryOperator
    {
        private readonly ReadOnlySpan<T> _x = x;
        private readonly Span<T> _destination = destination;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => Unary<T, TVec, TOps, TOp>(_x, _destination);
    }

    private readonly ref struct BinaryAction<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : IBinaryOperator
    {
        private readonly ReadOnlySpan<T> _x = x;
        private readonly ReadOnlySpan<T> _y = y;
        private readonly Span<T> _destination = destination;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => Binary<T, TVec, TOps, TOp>(_x, _y, _destination);
    }
}
