using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Text;
using FastNeuron.IO;

namespace FastNeuron;

/// <summary>
/// FastNeuron's model file, versions 1 and 2 (docs/model-format.md): a header, the architecture, the metadata, the weights
/// and a CRC-64 over everything before it. Reading checks the magic before reading on, never trusts a size before the
/// checksum has matched, and never allocates for a size the bytes that are there cannot fill.
/// </summary>
internal static class ModelFile
{
    /// <summary>"FNMODEL" and a line feed: a text-mode transfer that rewrites line ends breaks the magic, not the weights.</summary>
    public static ReadOnlySpan<byte> Magic => "FNMODEL\n"u8;
    /// <summary>The newest version, written only for what version 1 cannot hold (several target names, target standardisation), so every other model keeps version 1's bytes.</summary>
    public const int Version = 2;
    public const int MaxLayers = 1024;
    public const int MaxUnits = 1 << 24;
    public const int MaxStringBytes = 4096;
    private const int HeaderBytes = 32;
    private const int ChecksumBytes = 8;

    /// <summary>A model's architecture and metadata, as read, before a network is built and its weights read into it.</summary>
    public sealed record Header(int ElementSize, bool UseBias, Loss Loss, int[] Sizes, Activation[] Activations, ModelMetadata Metadata);

    public static byte[] Write<T>(int[] sizes, Activation[] activations, bool useBias, Loss loss, ModelMetadata metadata, Func<int, T[]> weights, Func<int, T[]> biases)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var buffer = new MemoryStream();
        var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);
        bool second = metadata.TargetNames.Count > 0 || metadata.TargetMeans.Count > 0;
        writer.Write(Magic);
        writer.Write(second ? 2 : 1);
        writer.Write(System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        writer.Write(useBias ? 1 : 0);
        writer.Write((int)loss);
        writer.Write(activations.Length);
        writer.Write(sizes[0]);
        for (int l = 0; l < activations.Length; l++)
        {
            writer.Write(sizes[l + 1]);
            writer.Write((int)activations[l]);
        }
        WriteStrings(writer, metadata.FeatureNames);
        WriteStrings(writer, metadata.TargetName is null ? [] : [metadata.TargetName]);
        WriteStrings(writer, metadata.ClassLabels);
        writer.Write(metadata.Means.Count);
        foreach (double mean in metadata.Means) writer.Write(mean);
        foreach (double scale in metadata.Scales) writer.Write(scale);
        if (second)
        {
            WriteStrings(writer, metadata.TargetNames);
            writer.Write(metadata.TargetMeans.Count);
            foreach (double mean in metadata.TargetMeans) writer.Write(mean);
            foreach (double scale in metadata.TargetScales) writer.Write(scale);
        }
        for (int l = 0; l < activations.Length; l++)
        {
            foreach (T value in weights(l)) WriteValue(writer, value);
            foreach (T value in biases(l)) WriteValue(writer, value);
        }
        writer.Flush();
        ulong checksum = Crc64.HashToUInt64(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        writer.Write(checksum);
        writer.Flush();
        return buffer.ToArray();
    }

    private static void WriteValue<T>(BinaryWriter writer, T value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) writer.Write(System.Runtime.CompilerServices.Unsafe.BitCast<T, double>(value));
        else writer.Write(System.Runtime.CompilerServices.Unsafe.BitCast<T, float>(value));
    }

    private static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> strings)
    {
        writer.Write(strings.Count);
        foreach (string s in strings)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(s);
            if (bytes.Length > MaxStringBytes) throw new ArgumentException($"A name or label of {bytes.Length} bytes is longer than a model file holds ({MaxStringBytes}): '{s[..40]}…'.");
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    /// <summary>
    /// Checks <paramref name="stream"/>, from where it stands, in docs/model-format.md's order: the magic before
    /// anything else is read, the length, the version, and the CRC-64 over every byte (one pass through a 64 KiB
    /// buffer); then returns a reader at the start, which checksums again as it parses, so a file that changes
    /// between the two passes fails too. A stream that cannot seek is first copied in bounded chunks (<see cref="ChunkedCopy"/>).
    /// <paramref name="source"/> names the stream in errors.
    /// </summary>
    public static ChecksummedReader Open(Stream stream, string source)
    {
        Span<byte> head = stackalloc byte[HeaderBytes];
        long start = stream.CanSeek ? stream.Position : 0;
        int read = stream.ReadAtLeast(head[..Magic.Length], Magic.Length, throwOnEndOfStream: false);
        if (read < Magic.Length || !head[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException(read == 0
                ? $"{source}: the file is empty, not a FastNeuron model."
                : $"{source}: not a FastNeuron model file (it does not start with \"FNMODEL\").");
        }
        if (!stream.CanSeek) stream = new ChunkedCopy(head[..Magic.Length], stream);
        stream.Position = start;
        long length = stream.Length - start;
        if (length < HeaderBytes + ChecksumBytes)
        {
            throw new InvalidDataException($"{source}: truncated: {length} bytes, and a model file has at least {HeaderBytes + ChecksumBytes}.");
        }
        var whole = new ChecksummedReader(stream, length - ChecksumBytes, source);
        whole.Read(head, "header");
        int version = BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
        if (version is < 1 or > Version)
        {
            throw new InvalidDataException($"{source}: model format version {version}; this FastNeuron reads versions 1 to {Version}.");
        }
        whole.Skip(whole.Remaining, "model");
        ulong stored = whole.StoredChecksum(), computed = whole.Checksum;
        if (stored != computed)
        {
            throw new InvalidDataException($"{source}: checksum mismatch (stored {stored:x16}, computed {computed:x16}): the file is truncated or damaged.");
        }
        stream.Position = start;
        var reader = new ChecksummedReader(stream, length - ChecksumBytes, source);
        reader.Read(head[..8], "header");
        return reader;
    }

    /// <summary>
    /// After <see cref="Open"/>, the architecture and the metadata, each field's range checked and every size checked
    /// against the bytes that remain before anything is allocated for it; the reader is left at the first weight.
    /// </summary>
    public static Header ReadHeader(ChecksummedReader reader)
    {
        int version = reader.Int32("version", 1, Version);
        int elementSize = reader.Int32("element size", 4, 8);
        if (elementSize is not (4 or 8)) throw reader.Bad($"element size {elementSize}; only 4 (float32) and 8 (float64) exist");
        bool useBias = reader.Int32("bias flag", 0, 1) == 1;
        var loss = (Loss)reader.Int32("loss", 0, (int)Loss.CrossEntropy);
        int layers = reader.Int32("layer count", 1, MaxLayers);
        if (8L * layers > reader.Remaining) throw reader.Bad($"truncated in the layers: {layers} of them need {8L * layers} bytes");
        var sizes = new int[layers + 1];
        var activations = new Activation[layers];
        sizes[0] = reader.Int32("input count", 1, MaxUnits);
        for (int l = 0; l < layers; l++)
        {
            sizes[l + 1] = reader.Int32($"layer {l}'s unit count", 1, MaxUnits);
            activations[l] = (Activation)reader.Int32($"layer {l}'s activation", 0, (int)Activation.Softmax);
        }
        var metadata = new ModelMetadata
        {
            FeatureNames = reader.Strings("feature names", sizes[0], MaxStringBytes),
            TargetName = reader.Strings("target name", 1, MaxStringBytes) is [var name] ? name : null,
            ClassLabels = reader.Strings("class labels", Math.Max(2, sizes[^1]), MaxStringBytes),
        };
        int standardised = reader.Int32("standardisation count", 0, sizes[0]);
        if (standardised != 0 && standardised != sizes[0]) throw reader.Bad($"standardisation for {standardised} inputs; the network has {sizes[0]}");
        metadata = metadata with { Means = reader.Doubles(standardised, "standardisation"), Scales = reader.Doubles(standardised, "standardisation") };
        if (version >= 2)
        {
            metadata = metadata with { TargetNames = reader.Strings("target names", sizes[^1], MaxStringBytes) };
            int targets = reader.Int32("target standardisation count", 0, sizes[^1]);
            if (targets != 0 && targets != sizes[^1]) throw reader.Bad($"target standardisation for {targets} outputs; the network has {sizes[^1]}");
            metadata = metadata with { TargetMeans = reader.Doubles(targets, "target standardisation"), TargetScales = reader.Doubles(targets, "target standardisation") };
        }
        long needed = 0;
        for (int l = 0; l < layers; l++) needed += ((long)sizes[l] * sizes[l + 1] + sizes[l + 1]) * elementSize;
        if (needed != reader.Remaining)
        {
            throw reader.Bad($"the architecture needs {needed:N0} bytes of weights but {reader.Remaining:N0} follow");
        }
        return new Header(elementSize, useBias, loss, sizes, activations, metadata);
    }

    /// <summary>After the weights: the second pass's CRC-64 must be the stored one the first pass matched.</summary>
    public static void Finish(ChecksummedReader reader)
    {
        if (reader.Remaining != 0) throw reader.Bad("bytes left after the weights");
        if (reader.StoredChecksum() != reader.Checksum) throw reader.Changed();
    }
}
