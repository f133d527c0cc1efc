using FastNeuron.Training;

namespace FastNeuron.Tests;

/// <summary>
/// The fused epoch's per-chunk gradient partials sit on cache lines of their own (FusedEpochRunner.PartialStride), so
/// that threads on neighbouring chunks never write one line; folding partials laid out that way gives the same bits
/// as folding them packed.
/// </summary>
public class ChunkPartialsLayoutTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(100)]
    public void PartialsArePaddedToWholeCacheLinesAndFoldToTheSameBits(int columns)
    {
        int floatStride = FusedEpochRunner<float>.PartialStride(columns), doubleStride = FusedEpochRunner<double>.PartialStride(columns);
        Assert.True(floatStride >= columns && floatStride * sizeof(float) % 64 == 0 && floatStride - columns < 16);
        Assert.True(doubleStride >= columns && doubleStride * sizeof(double) % 64 == 0 && doubleStride - columns < 8);

        var random = new Random(columns);
        int chunks = 7;
        float[] packed = Enumerable.Range(0, chunks * columns).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var padded = new float[chunks * floatStride];
        for (int c = 0; c < chunks; c++) packed.AsSpan(c * columns, columns).CopyTo(padded.AsSpan(c * floatStride));
        float[] fromPacked = new float[columns], fromPadded = new float[columns];
        ChunkFold.InOrder<float>(packed, chunks, fromPacked);
        ChunkFold.InOrder<float>(padded, chunks, floatStride, fromPadded);
        TestData.AssertBitwiseEqual<float>(fromPacked, fromPadded, $"{columns} columns");
    }
}
