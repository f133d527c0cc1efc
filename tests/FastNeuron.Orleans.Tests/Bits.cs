using System.Numerics;
using System.Runtime.InteropServices;

namespace FastNeuron.Orleans.Tests;

internal static class Bits
{
    /// <summary>Asserts bit-for-bit equality, naming the first differing parameter.</summary>
    public static void Equal<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!MemoryMarshal.AsBytes(expected.Slice(i, 1)).SequenceEqual(MemoryMarshal.AsBytes(actual.Slice(i, 1))))
            {
                Assert.Fail($"{what}: parameter {i} is {actual[i]:R}, one machine gives {expected[i]:R}.");
            }
        }
    }
}
