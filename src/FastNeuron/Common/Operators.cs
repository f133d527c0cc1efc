using System.Runtime.Intrinsics;

namespace FastNeuron.Common;

/// <summary>
/// An element-wise operation with one input, in the shape of TensorPrimitives' operators: a scalar
/// <c>Invoke</c> that defines the result and vector <c>Invoke</c>s that must return the same bits per lane.
/// </summary>
internal interface IUnaryOperator<T>
{
    static abstract T Invoke(T x);
    static abstract Vector128<T> Invoke(Vector128<T> x);
    static abstract Vector256<T> Invoke(Vector256<T> x);
    static abstract Vector512<T> Invoke(Vector512<T> x);
}

/// <summary>An element-wise operation with two inputs; see <see cref="IUnaryOperator{T}"/>.</summary>
internal interface IBinaryOperator<T>
{
    static abstract T Invoke(T x, T y);
    static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);
    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);
    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}
