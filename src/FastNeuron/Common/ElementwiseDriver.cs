using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FastNeuron.Common;

/// <summary>
/// Loop drivers for element-wise operators, one per width. Each processes whole vectors of its width
/// and hands the remainder to the next narrower width, ending in the scalar loop. An element's result
/// never depends on its neighbours, so how a span is cut into vectors cannot change a bit.
/// </summary>
/// <remarks>
/// The remainder is not handled with an overlapping last vector, because destination may alias the
/// input: re-reading an element already overwritten would be wrong.
/// </remarks>
internal static class ElementwiseDriver
{
    public static void UnaryScalar<T, TOp>(ReadOnlySpan<T> x, Span<T> destination)
        where TOp : IUnaryOperator<T>
    {
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        for (int i = 0; i < x.Length; i++)
        {
            Unsafe.Add(ref dRef, i) = TOp.Invoke(Unsafe.Add(ref xRef, i));
        }
    }

    public static void Unary128<T, TOp>(ReadOnlySpan<T> x, Span<T> destination)
        where TOp : IUnaryOperator<T>
    {
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= x.Length - Vector128<T>.Count; i += Vector128<T>.Count)
        {
            TOp.Invoke(Vector128.LoadUnsafe(ref xRef, (nuint)i)).StoreUnsafe(ref dRef, (nuint)i);
        }
        UnaryScalar<T, TOp>(x[i..], destination[i..]);
    }

    public static void Unary256<T, TOp>(ReadOnlySpan<T> x, Span<T> destination)
        where TOp : IUnaryOperator<T>
    {
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
        {
            TOp.Invoke(Vector256.LoadUnsafe(ref xRef, (nuint)i)).StoreUnsafe(ref dRef, (nuint)i);
        }
        Unary128<T, TOp>(x[i..], destination[i..]);
    }

    public static void Unary512<T, TOp>(ReadOnlySpan<T> x, Span<T> destination)
        where TOp : IUnaryOperator<T>
    {
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= x.Length - Vector512<T>.Count; i += Vector512<T>.Count)
        {
            TOp.Invoke(Vector512.LoadUnsafe(ref xRef, (nuint)i)).StoreUnsafe(ref dRef, (nuint)i);
        }
        Unary256<T, TOp>(x[i..], destination[i..]);
    }

    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, VectorWidth width)
        where TOp : IUnaryOperator<T>
    {
        switch (width)
        {
            case VectorWidth.Vector512: Unary512<T, TOp>(x, destination); break;
            case VectorWidth.Vector256: Unary256<T, TOp>(x, destination); break;
            case VectorWidth.Vector128: Unary128<T, TOp>(x, destination); break;
            default: UnaryScalar<T, TOp>(x, destination); break;
        }
    }

    public static void BinaryScalar<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where TOp : IBinaryOperator<T>
    {
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T yRef = ref MemoryMarshal.GetReference(y);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        for (int i = 0; i < x.Length; i++)
        {
            Unsafe.Add(ref dRef, i) = TOp.Invoke(Unsafe.Add(ref xRef, i), Unsafe.Add(ref yRef, i));
        }
    }

    public static void Binary128<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where TOp : IBinaryOperator<T>
    {
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T yRef = ref MemoryMarshal.GetReference(y);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= x.Length - Vector128<T>.Count; i += Vector128<T>.Count)
        {
            TOp.Invoke(Vector128.LoadUnsafe(ref xRef, (nuint)i), Vector128.LoadUnsafe(ref yRef, (nuint)i)).StoreUnsafe(ref dRef, (nuint)i);
        }
        BinaryScalar<T, TOp>(x[i..], y[i..], destination[i..]);
    }

    public static void Binary256<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where TOp : IBinaryOperator<T>
    {
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T yRef = ref MemoryMarshal.GetReference(y);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
        {
            TOp.Invoke(Vector256.LoadUnsafe(ref xRef, (nuint)i), Vector256.LoadUnsafe(ref yRef, (nuint)i)).StoreUnsafe(ref dRef, (nuint)i);
        }
        Binary128<T, TOp>(x[i..], y[i..], destination[i..]);
    }

    public static void Binary512<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where TOp : IBinaryOperator<T>
    {
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T yRef = ref MemoryMarshal.GetReference(y);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= x.Length - Vector512<T>.Count; i += Vector512<T>.Count)
        {
            TOp.Invoke(Vector512.LoadUnsafe(ref xRef, (nuint)i), Vector512.LoadUnsafe(ref yRef, (nuint)i)).StoreUnsafe(ref dRef, (nuint)i);
        }
        Binary256<T, TOp>(x[i..], y[i..], destination[i..]);
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, VectorWidth width)
        where TOp : IBinaryOperator<T>
    {
        switch (width)
        {
            case VectorWidth.Vector512: Binary512<T, TOp>(x, y, destination); break;
            case VectorWidth.Vector256: Binary256<T, TOp>(x, y, destination); break;
            case VectorWidth.Vector128: Binary128<T, TOp>(x, y, destination); break;
            default: BinaryScalar<T, TOp>(x, y, destination); break;
        }
    }
}
