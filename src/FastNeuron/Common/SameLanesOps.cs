using System.Runtime.CompilerServices;

namespace FastNeuron.Common;

/// <summary>
/// <typeparamref name="TOps"/>'s lane operations on <typeparamref name="T"/> seen as lane operations on
/// <typeparamref name="TLane"/>, for code that has tested <c>typeof(T) == typeof(TLane)</c> and must call an algorithm
/// written for one lane type (the float64 and float32 exps). Every member forwards; nothing converts a value.
/// </summary>
internal readonly struct SameLanesOps<TVec, TOps, T, TLane> : ISimdOps<TVec, TLane>
    where TVec : struct
    where TOps : ISimdOps<TVec, T>
    where T : unmanaged
    where TLane : unmanaged
{
    public static int Count => TOps.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec Create(TLane value) => TOps.Create(Unsafe.BitCast<TLane, T>(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec Broadcast(TVec value, int lane) => TOps.Broadcast(value, lane);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec Load(ref TLane source, nuint elementOffset) => TOps.Load(ref Unsafe.As<TLane, T>(ref source), elementOffset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(TVec value, ref TLane destination, nuint elementOffset) => TOps.Store(value, ref Unsafe.As<TLane, T>(ref destination), elementOffset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TLane PairwiseSum(TVec value) => Unsafe.BitCast<T, TLane>(TOps.PairwiseSum(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec Add(TVec left, TVec right) => TOps.Add(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec Subtract(TVec left, TVec right) => TOps.Subtract(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec Multiply(TVec left, TVec right) => TOps.Multiply(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec Divide(TVec left, TVec right) => TOps.Divide(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec Sqrt(TVec value) => TOps.Sqrt(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec FusedMultiplyAdd(TVec a, TVec b, TVec c) => TOps.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec SelectWhereGreaterThanOrEqual(TVec left, TVec right, TVec ifTrue, TVec ifFalse) => TOps.SelectWhereGreaterThanOrEqual(left, right, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec SelectWhereLessThanOrEqual(TVec left, TVec right, TVec ifTrue, TVec ifFalse) => TOps.SelectWhereLessThanOrEqual(left, right, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec SelectWhereNaNOrOutside(TVec value, TVec lower, TVec upper, TVec ifTrue, TVec ifFalse) => TOps.SelectWhereNaNOrOutside(value, lower, upper, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllInside(TVec value, TVec lower, TVec upper) => TOps.AllInside(value, lower, upper);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec SelectWhereNaN(TVec value, TVec ifTrue, TVec ifFalse) => TOps.SelectWhereNaN(value, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec ShiftBitsLeft(TVec value, int count) => TOps.ShiftBitsLeft(value, count);
    public static TVec LaneIndices => TOps.LaneIndices;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec Max(TVec left, TVec right) => TOps.Max(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec MaxOfAllLanes(TVec value) => TOps.MaxOfAllLanes(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec AddGroupsOfFour(TVec sum, TVec value, int groups) => TOps.AddGroupsOfFour(sum, value, groups);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TVec SumOfFirstFourLanes(TVec value) => TOps.SumOfFirstFourLanes(value);
}
