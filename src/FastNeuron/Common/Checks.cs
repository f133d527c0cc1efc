using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace FastNeuron.Common;

/// <summary>
/// Argument checks whose messages name the argument and both shapes. The length checks inline into the kernels' entry
/// points; their messages are built out of line, so that a call that passes pays a compare and no larger stack frame.
/// </summary>
internal static class Checks
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameLength(int length, string name, int otherLength, string otherName)
    {
        if (length != otherLength)
        {
            ThrowNotSameLength(length, name, otherLength, otherName);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DestinationLength(int length, int needed, string name = "destination")
    {
        if (length < needed)
        {
            ThrowDestinationTooShort(length, needed, name);
        }
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotSameLength(int length, string name, int otherLength, string otherName)
        => throw new ArgumentException($"{name} has {length} elements but {otherName} has {otherLength}; they must match.", name);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDestinationTooShort(int length, int needed, string name)
        => throw new ArgumentException($"{name} has {length} elements but {needed} are needed.", name);

    /// <summary>Rows of a row-major matrix of <paramref name="length"/> values with <paramref name="columns"/> columns.</summary>
    public static int Rows(int length, string name, int columns, string columnsName)
    {
        if (columns == 0 || length % columns != 0)
        {
            throw new ArgumentException(
                $"{name} has {length} values, which is not a whole number of rows of {columns} columns ({columnsName} has {columns} elements).", name);
        }
        return length / columns;
    }

    /// <summary>Throws if any value is NaN or infinite, naming the row and column of the first.</summary>
    public static void AllFinite<T>(ReadOnlySpan<T> values, int columns, string name, long firstRow = 0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int index = IndexOfNonFinite(values);
        if (index >= 0)
        {
            string where = columns > 1 ? $"row {firstRow + index / columns}, column {index % columns}" : $"index {firstRow + index}";
            throw new ArgumentException($"{name} has a non-finite value ({values[index]}) at {where}; training data must be finite.", name);
        }
    }

    public static int IndexOfNonFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // x − x is 0 for every finite x and NaN for ±∞ and NaN: one vector compare finds a block to look into.
        int start = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count)
        {
            ReadOnlySpan<Vector<T>> blocks = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Vector<T>>(values);
            for (; start < blocks.Length; start++)
            {
                Vector<T> v = blocks[start];
                if (!Vector.EqualsAll(v - v, Vector<T>.Zero))
                {
                    break;
                }
            }
            start *= Vector<T>.Count;
        }
        for (int i = start; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
