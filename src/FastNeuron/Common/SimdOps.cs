using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FastNeuron.Common;

// The four instantiations of ISimdOps. Each is generic over float/double; the typeof(T) tests are
// constants to the JIT, so each specialisation compiles down to the plain instruction.

/// <summary>One lane: the scalar reference arithmetic.</summary>
internal readonly struct ScalarOps<T> : ISimdOps<T, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Create(T value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Broadcast(T value, int lane) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Load(ref T source, nuint elementOffset) => Unsafe.Add(ref source, elementOffset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(T value, ref T destination, nuint elementOffset) => Unsafe.Add(ref destination, elementOffset) = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T PairwiseSum(T value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Add(T left, T right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Subtract(T left, T right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Multiply(T left, T right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Divide(T left, T right) => left / right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sqrt(T value) => T.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T FusedMultiplyAdd(T a, T b, T c)
    {
        if (typeof(T) == typeof(double))
        {
            return Unsafe.BitCast<double, T>(Math.FusedMultiplyAdd(Unsafe.BitCast<T, double>(a), Unsafe.BitCast<T, double>(b), Unsafe.BitCast<T, double>(c)));
        }
        return Unsafe.BitCast<float, T>(MathF.FusedMultiplyAdd(Unsafe.BitCast<T, float>(a), Unsafe.BitCast<T, float>(b), Unsafe.BitCast<T, float>(c)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SelectWhereGreaterThanOrEqual(T left, T right, T ifTrue, T ifFalse) => left >= right ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SelectWhereLessThanOrEqual(T left, T right, T ifTrue, T ifFalse) => left <= right ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SelectWhereNaN(T value, T ifTrue, T ifFalse) => T.IsNaN(value) ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllInside(T value, T lower, T upper) => value > lower && value < upper;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SelectWhereNaNOrOutside(T value, T lower, T upper, T ifTrue, T ifFalse)
        => T.IsNaN(value) || value <= lower || value >= upper ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ShiftBitsLeft(T value, int count)
    {
        if (typeof(T) == typeof(double))
        {
            return Unsafe.BitCast<ulong, T>(Unsafe.BitCast<T, ulong>(value) << count);
        }
        return Unsafe.BitCast<uint, T>(Unsafe.BitCast<T, uint>(value) << count);
    }
    public static T LaneIndices => T.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Max(T left, T right) => T.Max(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T MaxOfAllLanes(T value) => value;

    /// <summary>One lane has no group of four: the softmax takes its element-by-element form below four lanes.</summary>
    public static T AddGroupsOfFour(T sum, T value, int groups) => throw new NotSupportedException("One lane has no group of four.");

    /// <summary>One lane has no group of four.</summary>
    public static T SumOfFirstFourLanes(T value) => throw new NotSupportedException("One lane has no group of four.");
}

/// <summary>128-bit lanes.</summary>
internal readonly struct Vector128Ops<T> : ISimdOps<Vector128<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Create(T value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Broadcast(Vector128<T> value, int lane) => typeof(T) == typeof(double)
        ? Vector128.Shuffle(value.AsDouble(), Vector128.Create((long)lane)).As<double, T>()
        : Vector128.Shuffle(value.AsSingle(), Vector128.Create(lane)).As<float, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Load(ref T source, nuint elementOffset) => Vector128.LoadUnsafe(ref source, elementOffset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<T> value, ref T destination, nuint elementOffset) => value.StoreUnsafe(ref destination, elementOffset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T PairwiseSum(Vector128<T> value) => Vector128<T>.Count == 4
        ? (value.GetElement(0) + value.GetElement(2)) + (value.GetElement(1) + value.GetElement(3))
        : value.GetElement(0) + value.GetElement(1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Add(Vector128<T> left, Vector128<T> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Subtract(Vector128<T> left, Vector128<T> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Multiply(Vector128<T> left, Vector128<T> right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Divide(Vector128<T> left, Vector128<T> right) => left / right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Sqrt(Vector128<T> value) => Vector128.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> FusedMultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
        return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SelectWhereGreaterThanOrEqual(Vector128<T> left, Vector128<T> right, Vector128<T> ifTrue, Vector128<T> ifFalse)
        => Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(left, right), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SelectWhereLessThanOrEqual(Vector128<T> left, Vector128<T> right, Vector128<T> ifTrue, Vector128<T> ifFalse)
        => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(left, right), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SelectWhereNaN(Vector128<T> value, Vector128<T> ifTrue, Vector128<T> ifFalse)
        => Vector128.ConditionalSelect(Vector128.Equals(value, value), ifFalse, ifTrue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllInside(Vector128<T> value, Vector128<T> lower, Vector128<T> upper)
        => Vector128.GreaterThanAll(value, lower) && Vector128.LessThanAll(value, upper);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SelectWhereNaNOrOutside(Vector128<T> value, Vector128<T> lower, Vector128<T> upper, Vector128<T> ifTrue, Vector128<T> ifFalse)
    {
        Vector128<T> inside = Vector128.Equals(value, value) & Vector128.GreaterThan(value, lower) & Vector128.LessThan(value, upper);
        return Vector128.ConditionalSelect(inside, ifFalse, ifTrue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ShiftBitsLeft(Vector128<T> value, int count)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector128.ShiftLeft(value.AsUInt64(), count).As<ulong, T>();
        }
        return Vector128.ShiftLeft(value.AsUInt32(), count).As<uint, T>();
    }
    public static Vector128<T> LaneIndices => Vector128<T>.Indices;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Max(Vector128<T> left, Vector128<T> right) => Vector128.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MaxOfAllLanes(Vector128<T> value)
    {
        if (typeof(T) == typeof(double))
        {
            Vector128<double> d = value.AsDouble();
            return Vector128.Max(d, Vector128.Shuffle(d, Vector128.Create(1L, 0L))).As<double, T>();
        }
        Vector128<float> f = value.AsSingle();
        f = Vector128.Max(f, Vector128.Shuffle(f, Vector128.Create(2, 3, 0, 1)));
        return Vector128.Max(f, Vector128.Shuffle(f, Vector128.Create(1, 0, 3, 2))).As<float, T>();
    }

    /// <summary>Four float32 lanes are one group; two float64 lanes are half of one, which this width does not take.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> AddGroupsOfFour(Vector128<T> sum, Vector128<T> value, int groups)
        => typeof(T) == typeof(float) ? sum + value : throw new NotSupportedException("Two float64 lanes have no group of four.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SumOfFirstFourLanes(Vector128<T> value)
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Two float64 lanes have no group of four.");
        Vector128<float> f = value.AsSingle();
        Vector128<float> pairs = f + Vector128.Shuffle(f, Vector128.Create(1, 0, 3, 2));
        return (Vector128.Shuffle(pairs, Vector128.Create(0)) + Vector128.Shuffle(pairs, Vector128.Create(2))).As<float, T>();
    }
}

/// <summary>256-bit lanes.</summary>
internal readonly struct Vector256Ops<T> : ISimdOps<Vector256<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Create(T value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Broadcast(Vector256<T> value, int lane) => typeof(T) == typeof(double)
        ? Vector256.Shuffle(value.AsDouble(), Vector256.Create((long)lane)).As<double, T>()
        : Vector256.Shuffle(value.AsSingle(), Vector256.Create(lane)).As<float, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Load(ref T source, nuint elementOffset) => Vector256.LoadUnsafe(ref source, elementOffset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<T> value, ref T destination, nuint elementOffset) => value.StoreUnsafe(ref destination, elementOffset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T PairwiseSum(Vector256<T> value) => Vector128Ops<T>.PairwiseSum(value.GetLower() + value.GetUpper());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Add(Vector256<T> left, Vector256<T> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Subtract(Vector256<T> left, Vector256<T> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Multiply(Vector256<T> left, Vector256<T> right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Divide(Vector256<T> left, Vector256<T> right) => left / right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Sqrt(Vector256<T> value) => Vector256.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FusedMultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
        return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SelectWhereGreaterThanOrEqual(Vector256<T> left, Vector256<T> right, Vector256<T> ifTrue, Vector256<T> ifFalse)
        => Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(left, right), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SelectWhereLessThanOrEqual(Vector256<T> left, Vector256<T> right, Vector256<T> ifTrue, Vector256<T> ifFalse)
        => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(left, right), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SelectWhereNaN(Vector256<T> value, Vector256<T> ifTrue, Vector256<T> ifFalse)
        => Vector256.ConditionalSelect(Vector256.Equals(value, value), ifFalse, ifTrue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllInside(Vector256<T> value, Vector256<T> lower, Vector256<T> upper)
        => Vector256.GreaterThanAll(value, lower) && Vector256.LessThanAll(value, upper);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SelectWhereNaNOrOutside(Vector256<T> value, Vector256<T> lower, Vector256<T> upper, Vector256<T> ifTrue, Vector256<T> ifFalse)
    {
        Vector256<T> inside = Vector256.Equals(value, value) & Vector256.GreaterThan(value, lower) & Vector256.LessThan(value, upper);
        return Vector256.ConditionalSelect(inside, ifFalse, ifTrue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ShiftBitsLeft(Vector256<T> value, int count)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector256.ShiftLeft(value.AsUInt64(), count).As<ulong, T>();
        }
        return Vector256.ShiftLeft(value.AsUInt32(), count).As<uint, T>();
    }
    public static Vector256<T> LaneIndices => Vector256<T>.Indices;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Max(Vector256<T> left, Vector256<T> right) => Vector256.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MaxOfAllLanes(Vector256<T> value)
    {
        if (typeof(T) == typeof(double))
        {
            Vector256<double> d = value.AsDouble();
            d = Vector256.Max(d, Vector256.Shuffle(d, Vector256.Create(2L, 3L, 0L, 1L)));
            return Vector256.Max(d, Vector256.Shuffle(d, Vector256.Create(1L, 0L, 3L, 2L))).As<double, T>();
        }
        Vector256<float> f = value.AsSingle();
        f = Vector256.Max(f, Vector256.Shuffle(f, Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3)));
        f = Vector256.Max(f, Vector256.Shuffle(f, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5)));
        return Vector256.Max(f, Vector256.Shuffle(f, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6))).As<float, T>();
    }

    /// <summary>Eight float32 lanes are two groups (the halves); four float64 lanes are one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> AddGroupsOfFour(Vector256<T> sum, Vector256<T> value, int groups)
    {
        if (typeof(T) == typeof(double)) return sum + value;
        Vector256<float> f = value.AsSingle(), total = sum.AsSingle() + Vector256.Shuffle(f, Vector256.Create(0, 1, 2, 3, 0, 1, 2, 3));
        if (groups > 1) total += Vector256.Shuffle(f, Vector256.Create(4, 5, 6, 7, 4, 5, 6, 7));
        return total.As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SumOfFirstFourLanes(Vector256<T> value)
    {
        if (typeof(T) == typeof(double))
        {
            Vector256<double> d = value.AsDouble();
            Vector256<double> pairs = d + Vector256.Shuffle(d, Vector256.Create(1L, 0L, 3L, 2L));
            return (Vector256.Shuffle(pairs, Vector256.Create(0L)) + Vector256.Shuffle(pairs, Vector256.Create(2L))).As<double, T>();
        }
        Vector256<float> f = value.AsSingle();
        Vector256<float> pairsF = f + Vector256.Shuffle(f, Vector256.Create(1, 0, 3, 2, 1, 0, 3, 2));
        return (Vector256.Shuffle(pairsF, Vector256.Create(0)) + Vector256.Shuffle(pairsF, Vector256.Create(2))).As<float, T>();
    }
}

/// <summary>512-bit lanes.</summary>
internal readonly struct Vector512Ops<T> : ISimdOps<Vector512<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Create(T value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Broadcast(Vector512<T> value, int lane) => typeof(T) == typeof(double)
        ? Vector512.Shuffle(value.AsDouble(), Vector512.Create((long)lane)).As<double, T>()
        : Vector512.Shuffle(value.AsSingle(), Vector512.Create(lane)).As<float, T>();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Load(ref T source, nuint elementOffset) => Vector512.LoadUnsafe(ref source, elementOffset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<T> value, ref T destination, nuint elementOffset) => value.StoreUnsafe(ref destination, elementOffset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T PairwiseSum(Vector512<T> value) => Vector256Ops<T>.PairwiseSum(value.GetLower() + value.GetUpper());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Add(Vector512<T> left, Vector512<T> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Subtract(Vector512<T> left, Vector512<T> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Multiply(Vector512<T> left, Vector512<T> right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Divide(Vector512<T> left, Vector512<T> right) => left / right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Sqrt(Vector512<T> value) => Vector512.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FusedMultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
        return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SelectWhereGreaterThanOrEqual(Vector512<T> left, Vector512<T> right, Vector512<T> ifTrue, Vector512<T> ifFalse)
        => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(left, right), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SelectWhereLessThanOrEqual(Vector512<T> left, Vector512<T> right, Vector512<T> ifTrue, Vector512<T> ifFalse)
        => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(left, right), ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SelectWhereNaN(Vector512<T> value, Vector512<T> ifTrue, Vector512<T> ifFalse)
        => Vector512.ConditionalSelect(Vector512.Equals(value, value), ifFalse, ifTrue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllInside(Vector512<T> value, Vector512<T> lower, Vector512<T> upper)
        => Vector512.GreaterThanAll(value, lower) && Vector512.LessThanAll(value, upper);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SelectWhereNaNOrOutside(Vector512<T> value, Vector512<T> lower, Vector512<T> upper, Vector512<T> ifTrue, Vector512<T> ifFalse)
    {
        Vector512<T> inside = Vector512.Equals(value, value) & Vector512.GreaterThan(value, lower) & Vector512.LessThan(value, upper);
        return Vector512.ConditionalSelect(inside, ifFalse, ifTrue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ShiftBitsLeft(Vector512<T> value, int count)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.ShiftLeft(value.AsUInt64(), count).As<ulong, T>();
        }
        return Vector512.ShiftLeft(value.AsUInt32(), count).As<uint, T>();
    }

    public static Vector512<T> LaneIndices => Vector512<T>.Indices;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Max(Vector512<T> left, Vector512<T> right) => Vector512.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MaxOfAllLanes(Vector512<T> value)
    {
        if (typeof(T) == typeof(double))
        {
            Vector512<double> d = value.AsDouble();
            d = Vector512.Max(d, Vector512.Shuffle(d, Vector512.Create(4L, 5L, 6L, 7L, 0L, 1L, 2L, 3L)));
            d = Vector512.Max(d, Vector512.Shuffle(d, Vector512.Create(2L, 3L, 0L, 1L, 6L, 7L, 4L, 5L)));
            return Vector512.Max(d, Vector512.Shuffle(d, Vector512.Create(1L, 0L, 3L, 2L, 5L, 4L, 7L, 6L))).As<double, T>();
        }
        Vector512<float> f = value.AsSingle();
        f = Vector512.Max(f, Vector512.Shuffle(f, Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)));
        f = Vector512.Max(f, Vector512.Shuffle(f, Vector512.Create(4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11)));
        f = Vector512.Max(f, Vector512.Shuffle(f, Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)));
        return Vector512.Max(f, Vector512.Shuffle(f, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14))).As<float, T>();
    }

    /// <summary>Sixteen float32 lanes are four groups; eight float64 lanes are two.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> AddGroupsOfFour(Vector512<T> sum, Vector512<T> value, int groups)
    {
        if (typeof(T) == typeof(double))
        {
            Vector512<double> d = value.AsDouble(), totalD = sum.AsDouble() + Vector512.Shuffle(d, Vector512.Create(0L, 1L, 2L, 3L, 0L, 1L, 2L, 3L));
            if (groups > 1) totalD += Vector512.Shuffle(d, Vector512.Create(4L, 5L, 6L, 7L, 4L, 5L, 6L, 7L));
            return totalD.As<double, T>();
        }
        Vector512<float> f = value.AsSingle(), total = sum.AsSingle() + Vector512.Shuffle(f, Vector512.Create(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3));
        if (groups > 1) total += Vector512.Shuffle(f, Vector512.Create(4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7));
        if (groups > 2) total += Vector512.Shuffle(f, Vector512.Create(8, 9, 10, 11, 8, 9, 10, 11, 8, 9, 10, 11, 8, 9, 10, 11));
        if (groups > 3) total += Vector512.Shuffle(f, Vector512.Create(12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15));
        return total.As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SumOfFirstFourLanes(Vector512<T> value)
    {
        if (typeof(T) == typeof(double))
        {
            Vector512<double> d = value.AsDouble();
            Vector512<double> pairs = d + Vector512.Shuffle(d, Vector512.Create(1L, 0L, 3L, 2L, 1L, 0L, 3L, 2L));
            return (Vector512.Shuffle(pairs, Vector512.Create(0L)) + Vector512.Shuffle(pairs, Vector512.Create(2L))).As<double, T>();
        }
        Vector512<float> f = value.AsSingle();
        Vector512<float> pairsF = f + Vector512.Shuffle(f, Vector512.Create(1, 0, 3, 2, 1, 0, 3, 2, 1, 0, 3, 2, 1, 0, 3, 2));
        return (Vector512.Shuffle(pairsF, Vector512.Create(0)) + Vector512.Shuffle(pairsF, Vector512.Create(2))).As<float, T>();
    }
}
