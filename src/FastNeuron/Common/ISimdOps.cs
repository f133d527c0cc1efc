using System.Runtime.Intrinsics;

namespace FastNeuron.Common;

/// <summary>
/// The handful of lane-wise operations the exp and sigmoid algorithms are written in. One algorithm,
/// written once against this interface, is instantiated for a scalar "vector" of one lane and for
/// <see cref="Vector128{T}"/>, <see cref="Vector256{T}"/> and <see cref="Vector512{T}"/>; because every
/// operation is correctly rounded per lane (or exact), all four produce the same bits.
/// </summary>
/// <remarks>
/// Nothing here may be an approximation (no reciprocal estimates, no "native" min/max): that is what keeps
/// the scalar and vector paths bitwise identical.
/// </remarks>
internal interface ISimdOps<TVec, T>
    where TVec : struct
    where T : unmanaged
{
    /// <summary>Lanes in one TVec.</summary>
    static abstract int Count { get; }
    static abstract TVec Create(T value);

    /// <summary>Every lane set to lane <paramref name="lane"/> of <paramref name="value"/>, without a trip through memory.</summary>
    static abstract TVec Broadcast(TVec value, int lane);
    static abstract TVec Load(ref T source, nuint elementOffset);
    static abstract void Store(TVec value, ref T destination, nuint elementOffset);

    /// <summary>
    /// The lanes' sum by the pairwise tree of docs/numerics.md ("Weighted sum"): for h = Count/2, Count/4, …, 1,
    /// lane[l] = lane[l] + lane[l + h] for l &lt; h; the sum is lane[0]. Each level is one fold of a vector's halves.
    /// </summary>
    static abstract T PairwiseSum(TVec value);
    static abstract TVec Add(TVec left, TVec right);
    static abstract TVec Subtract(TVec left, TVec right);
    static abstract TVec Multiply(TVec left, TVec right);
    static abstract TVec Divide(TVec left, TVec right);

    /// <summary>The correctly rounded square root per lane.</summary>
    static abstract TVec Sqrt(TVec value);

    /// <summary><c>a * b + c</c> with a single rounding.</summary>
    static abstract TVec FusedMultiplyAdd(TVec a, TVec b, TVec c);

    /// <summary><c>left &gt;= right ? ifTrue : ifFalse</c> per lane (false for NaN).</summary>
    static abstract TVec SelectWhereGreaterThanOrEqual(TVec left, TVec right, TVec ifTrue, TVec ifFalse);

    /// <summary><c>left &lt;= right ? ifTrue : ifFalse</c> per lane (false for NaN).</summary>
    static abstract TVec SelectWhereLessThanOrEqual(TVec left, TVec right, TVec ifTrue, TVec ifFalse);

    /// <summary><c>(IsNaN(value) || value &lt;= lower || value &gt;= upper) ? ifTrue : ifFalse</c> per lane, with one select.</summary>
    static abstract TVec SelectWhereNaNOrOutside(TVec value, TVec lower, TVec upper, TVec ifTrue, TVec ifFalse);

    /// <summary>Whether every lane lies strictly between <paramref name="lower"/> and <paramref name="upper"/> (false if any is NaN).</summary>
    static abstract bool AllInside(TVec value, TVec lower, TVec upper);

    /// <summary><c>IsNaN(value) ? ifTrue : ifFalse</c> per lane.</summary>
    static abstract TVec SelectWhereNaN(TVec value, TVec ifTrue, TVec ifFalse);

    /// <summary>Reinterprets each lane as an unsigned integer of the same size, shifts it left, and reinterprets back.</summary>
    static abstract TVec ShiftBitsLeft(TVec value, int count);

    /// <summary>The lane numbers 0, 1, …, Count − 1 as values of T.</summary>
    static abstract TVec LaneIndices { get; }

    /// <summary>
    /// The IEEE 754-2019 maximum per lane, as <c>T.Max</c>: NaN if either is NaN, and +0 above −0. It is exact and
    /// commutative, so any order of maxima over a set gives the same value (NaN payloads aside).
    /// </summary>
    static abstract TVec Max(TVec left, TVec right);

    /// <summary>Every lane set to the <see cref="Max"/> of all the lanes (a butterfly of lane swaps).</summary>
    static abstract TVec MaxOfAllLanes(TVec value);

    /// <summary>
    /// For widths of four lanes or more, in multiples of four: <paramref name="sum"/> plus the first
    /// <paramref name="groups"/> groups of four consecutive lanes of <paramref name="value"/>, one group after the
    /// other, each group added to every group of <paramref name="sum"/> (lane l of group g added to lane l of each
    /// group). So lane r of the result is <c>((sum + v[r]) + v[4 + r]) + …</c> in lane order: the running sums of
    /// the lanes r mod 4.
    /// </summary>
    static abstract TVec AddGroupsOfFour(TVec sum, TVec value, int groups);

    /// <summary>For widths of four lanes or more: every lane set to <c>(v[0] + v[1]) + (v[2] + v[3])</c>.</summary>
    static abstract TVec SumOfFirstFourLanes(TVec value);
}
