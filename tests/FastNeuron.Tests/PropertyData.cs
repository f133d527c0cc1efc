using System.Numerics;
using CsCheck;
using FastNeuron.Kernels.Dense;

namespace FastNeuron.Tests;

/// <summary>
/// CsCheck generators for the kernels' property tests (<see cref="KernelPropertyTests"/>): lengths, misaligned slices,
/// padded layer arrays, values that hit every corner of IEEE 754, and the comparison that allows any NaN for a NaN.
/// </summary>
internal static class PropertyData
{
    /// <summary>Lengths 0 to 300 mostly, now and then up to 5,000.</summary>
    public static Gen<int> Length { get; } = Gen.Frequency((9, Gen.Int[0, 300]), (1, Gen.Int[301, 5000]));

    /// <summary>How far into a larger array a span starts.</summary>
    public static Gen<int> Offset { get; } = Gen.Int[0, 15];

    /// <summary>A span of <paramref name="length"/> values starting 0 to 15 elements into a larger array.</summary>
    public static Gen<ReadOnlyMemory<T>> Slice<T>(int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => from offset in Offset
           from values in Value<T>().Array[offset + length]
           select new ReadOnlyMemory<T>(values, offset, length);

    /// <summary>(rows × stride) values, stride the layer's padded width, the padding zero as a network keeps it.</summary>
    public static Gen<T[]> Padded<T>(int rows, int units)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Value<T>().Array[rows * units].Select(values =>
        {
            int stride = DenseLayout.Stride<T>(units);
            var padded = new T[rows * stride];
            for (int i = 0; i < rows; i++) values.AsSpan(i * units, units).CopyTo(padded.AsSpan(i * stride));
            return padded;
        });

    /// <summary>Ordinary values, and often the corners: ±0, subnormals, ±MaxValue, ±∞, NaNs of any payload, exp's edges, any bit pattern.</summary>
    public static Gen<T> Value<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Gen.Frequency(
            (6, Gen.Double[-20, 20].Select(T.CreateChecked)),
            (1, Gen.Double[-1000, 1000].Select(T.CreateChecked)),
            (1, Gen.OneOf(T.Zero, T.NegativeZero, T.Epsilon, -T.Epsilon, MaxValue<T>(), -MaxValue<T>(), T.PositiveInfinity, T.NegativeInfinity, T.NaN, -T.NaN, T.One, -T.One)),
            (1, Gen.Int[1, 1 << 20].Select(k => T.Epsilon * T.CreateChecked(k))),
            (1, Gen.Int.Select(seed => TestData.Special<T>(new Random(seed)))),
            (1, Gen.ULong.Select(Bits<T>)));

    public static T MaxValue<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => typeof(T) == typeof(double) ? (T)(object)double.MaxValue : (T)(object)float.MaxValue;

    public static T Bits<T>(ulong bits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => typeof(T) == typeof(double) ? (T)(object)BitConverter.UInt64BitsToDouble(bits) : (T)(object)BitConverter.UInt32BitsToSingle((uint)bits);

    /// <summary>Bitwise equality, except that any NaN matches any NaN (no payload is promised).</summary>
    public static void AssertSame<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (T.IsNaN(expected[i]) && T.IsNaN(actual[i])) continue;
            if (TestData.Hex(expected[i]) != TestData.Hex(actual[i]))
            {
                throw new InvalidOperationException(
                    $"{what}: index {i} of {expected.Length}: scalar {expected[i]:R} ({TestData.Hex(expected[i])}), vector {actual[i]:R} ({TestData.Hex(actual[i])})");
            }
        }
    }

    /// <summary>Finite values: ordinary ones, ±0, ±1, subnormals and magnitudes to 1,000.</summary>
    public static Gen<T> Finite<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Gen.Frequency(
            (6, Gen.Double[-20, 20].Select(T.CreateChecked)),
            (1, Gen.Double[-1000, 1000].Select(T.CreateChecked)),
            (1, Gen.OneOf(T.Zero, T.NegativeZero, T.One, -T.One)),
            (1, Gen.Int[-1000, 1000].Select(k => T.Epsilon * T.CreateChecked(k))));
}
