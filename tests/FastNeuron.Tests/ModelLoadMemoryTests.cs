using Xunit.Abstractions;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 13, item 10: Load checks the magic before reading on, allocates only what the bytes that are there can
/// fill (a lying header costs an error, not memory), and reads a legitimate model straight into the network's own
/// arrays, so its allocations stay near the file's size (or the network's padded layout, when that is larger).
/// Measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/> around Load.
/// </summary>
public sealed class ModelLoadMemoryTests(ITestOutputHelper output)
{
    private long AllocatedBy(Action action, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{test}: Load allocated {allocated:N0} bytes");
        return allocated;
    }

    private static byte[] Bytes<T>(Network<T> network)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        => ModelFileTests.Bytes(network);

    [Fact]
    public void TheMagicIsCheckedBeforeTheRestIsRead()
    {
        var notAModel = new MemoryStream(new byte[64 << 20]);
        long allocated = AllocatedBy(() => Assert.Contains("not a FastNeuron model", Assert.Throws<InvalidDataException>(() => Network<float>.Load(notAModel)).Message));
        Assert.True(notAModel.Position <= 8, $"Load read {notAModel.Position:N0} bytes of a file that is not a model");
        Assert.True(allocated < 1 << 20, $"Load allocated {allocated:N0} bytes for a 64 MiB file that is not a model");
    }

    /// <summary>
    /// The 52 bytes with a valid checksum: one layer of 2²⁴ inputs, and a feature-name count of 2²⁴ with no
    /// names after it. Load made a 2²⁴-string array (128 MiB) before finding them missing.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ACraftedHeaderWithAValidChecksumCostsAnErrorNotMemory(bool seekable)
    {
        var file = new byte[52];
        "FNMODEL\n"u8.CopyTo(file);
        int[] fields = [1, 4, 0, 0, 1, 1 << 24, 1, 0, 1 << 24];   // version, float32, no bias, squared error, 1 layer, inputs, units, sigmoid, feature names
        for (int i = 0; i < fields.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(8 + 4 * i), fields[i]);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(44), Crc64.HashToUInt64(file.AsSpan(0, 44)));
        Stream stream = seekable ? new MemoryStream(file) : new NonSeekableStream(file);
        string message = "";
        long allocated = AllocatedBy(() => message = Assert.Throws<InvalidDataException>(() => Network<float>.Load(stream)).Message);
        Assert.Contains("feature names", message);
        Assert.True(allocated < 1 << 20, $"Load allocated {allocated:N0} bytes for a 52-byte file: {message}");
    }

    /// <summary>A 16 MiB model whose layer fills its 64-byte blocks (2¹⁸ inputs × 16 units): Load allocated 5 times its size.</summary>
    [Fact]
    public void ALegitimateModelCostsAboutItsOwnSize()
    {
        byte[] file = Bytes(new Network<float>([1 << 18, 16], [Activation.Linear], seed: 4));
        Network<float>? loaded = null;
        long allocated = AllocatedBy(() => loaded = Network<float>.Load(new MemoryStream(file)));
        Assert.True(allocated < file.Length * 1.05 + (1 << 20), $"Load allocated {allocated:N0} bytes for a {file.Length:N0}-byte model");
        Assert.Equal(Bytes(loaded!), file);
        Assert.Equal(file, Bytes(Network<float>.Load(new NonSeekableStream(file))));
    }

    /// <summary>
    /// The 16 MiB model of 2²² inputs and one unit: its in-memory layout pads each row of one unit to a 64-byte
    /// block (16 float32 lanes), 256 MiB, and Load allocates that and nothing more (it allocated 608 MiB).
    /// </summary>
    [Fact]
    public void ANarrowModelCostsItsPaddedLayoutAndNothingMore()
    {
        byte[] file = Bytes(new Network<float>([1 << 22, 1], [Activation.Sigmoid], seed: 4));
        long padded = (1L << 22) * 16 * sizeof(float);
        long allocated = AllocatedBy(() => Network<float>.Load(new MemoryStream(file)));
        Assert.True(allocated < padded + (1 << 20), $"Load allocated {allocated:N0} bytes for a {file.Length:N0}-byte model whose padded weights are {padded:N0}");
    }

    /// <summary>A file that shrinks under a non-atomic writer while it is read: an EndOfStreamException escaped.</summary>
    [Fact]
    public void AFileThatEndsEarlyWhileReadIsInvalidDataNamingIt()
    {
        byte[] file = Bytes(new Network<float>([3, 2], [Activation.Sigmoid], seed: 4));
        var error = Assert.Throws<InvalidDataException>(() => Network<float>.Load(new ShrinkingStream(file)));
        Assert.StartsWith("model stream: the file changed while it was read", error.Message);
    }

    /// <summary>A stream that cannot seek, as a pipe or a network stream.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }

    /// <summary>A file whose length was taken before a writer truncated it: it delivers 20 bytes fewer than its Length says.</summary>
    private sealed class ShrinkingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override long Length => base.Length + 20;
    }
}
