using System.Numerics;

namespace FastNeuron.Tests;

/// <summary>Random values that hit the corners: ±0, subnormals, huge magnitudes, exp's clamp edges, ±∞, NaN.</summary>
internal static class TestData
{
    public static T[] Values<T>(Random random, int length, bool specials = true)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = specials && random.Next(4) == 0 ? Special<T>(random) : T.CreateChecked(random.NextDouble() * 40 - 20);
        }
        return values;
    }

    public static T Special<T>(Random random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool single = typeof(T) == typeof(float);
        double[] edges = single
            ? [88.72283935546875, 88.7228, 88.73, -87.33654, -103.97208404541015625, -103.972, -104.0, -88.0, 87.0, 15.9424, -16.6355]
            : [709.782712893384, 709.79, 710.0, 710.1, -708.3964, -745.1332191019412, -745.2, -746.0, -746.1, 36.7368, -37.0];
        switch (random.Next(12))
        {
            case 0: return T.Zero;
            case 1: return T.NegativeZero;
            case 2: return T.Epsilon * T.CreateChecked(random.Next(1, 1000));
            case 3: return -T.Epsilon * T.CreateChecked(random.Next(1, 1000));
            case 4: return T.CreateChecked(single ? 1e30 : 1e300) * T.CreateChecked(random.NextDouble() - 0.5);
            case 5: return T.PositiveInfinity;
            case 6: return T.NegativeInfinity;
            case 7: return T.NaN;
            case 8: return T.CreateChecked(random.NextDouble() * 2000 - 1000);
            case 9: return T.CreateChecked(random.NextDouble() * 1e-3);
            default:
                double edge = edges[random.Next(edges.Length)];
                T t = T.CreateChecked(edge);
                // the neighbours of the edge, a few ulps either side
                for (int k = random.Next(-3, 4); k != 0; k -= Math.Sign(k))
                {
                    t = k > 0 ? T.BitIncrement(t) : T.BitDecrement(t);
                }
                return random.Next(2) == 0 ? t : -t;
        }
    }

    public static string Hex<T>(T value)
        where T : unmanaged
        => typeof(T) == typeof(double)
            ? $"0x{BitConverter.DoubleToUInt64Bits((double)(object)value):X16}"
            : $"0x{BitConverter.SingleToUInt32Bits((float)(object)value):X8}";

    /// <summary>Asserts bitwise equality, reporting the first differing index with both values.</summary>
    public static void AssertBitwiseEqual<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (Hex(expected[i]) != Hex(actual[i]))
            {
                Assert.Fail($"{what}: first difference at index {i} of {expected.Length}: scalar {expected[i]:R} ({Hex(expected[i])}), vector {actual[i]:R} ({Hex(actual[i])})");
            }
        }
    }
}
