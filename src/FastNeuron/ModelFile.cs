using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Text;
using System.Text.Unicode;

namespace FastNeuron;

/// <summary>
/// FastNeuron's model file, version 1 (docs/model-format.md): a header, the architecture, the metadata, the weights
/// and a CRC-64 over everything before it. Reading never trusts a size before the checksum has matched, and never
/// allocates more than the bytes actually there.
/// </summary>
internal static class ModelFile
{
    /// <summary>"FNMODEL" and a line feed: a text-mode transfer that rewrites line ends breaks the magic, not the weights.</summary>
    public static ReadOnlySpan<byte> Magic => "FNMODEL\n"u8;
    public const int Version = 1;
    public const int MaxLayers = 1024;
    public const int MaxUnits = 1 << 24;
    public const int MaxStringBytes = 4096;
    private const int HeaderBytes = 32;
    private const int ChecksumBytes = 8;

    /// <summary>The architecture and the values of a model, as read, before a network is built from them.</summary>
    public sealed record Contents(int ElementSize, bool UseBias, Loss Loss, int[] Sizes, Activation[] Activations, ModelMetadata Metadata, double[][] Weights, double[][] Biases);

    public static byte[] Write<T>(int[] sizes, Activation[] activations, bool useBias, Loss loss, ModelMetadata metadata, Func<int, T[]> weights, Func<int, T[]> biases)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var buffer = new MemoryStream();
        var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
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

    /// <summary>Reads the whole of <paramref name="stream"/> (no more than is there) and parses it; <paramref name="source"/> names it in errors.</summary>
    public static Contents Read(Stream stream, string source)
    {
        byte[] bytes;
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > Array.MaxLength) throw new InvalidDataException($"{source}: {remaining:N0} bytes is larger than any model FastNeuron writes.");
            bytes = new byte[remaining];
            stream.ReadExactly(bytes);
        }
        else
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        return Parse(bytes, source);
    }

    public static Contents Parse(ReadOnlySpan<byte> file, string source)
    {
        if (file.Length < Magic.Length || !file[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException(file.Length == 0
                ? $"{source}: the file is empty, not a FastNeuron model."
                : $"{source}: not a FastNeuron model file (it does not start with \"FNMODEL\").");
        }
        if (file.Length < HeaderBytes + ChecksumBytes)
        {
            throw new InvalidDataException($"{source}: truncated: {file.Length} bytes, and a model file has at least {HeaderBytes + ChecksumBytes}.");
        }
        int version = BinaryPrimitives.ReadInt32LittleEndian(file[8..]);
        if (version != Version)
        {
            throw new InvalidDataException($"{source}: model format version {version}; this FastNeuron reads version {Version}.");
        }
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(file[^ChecksumBytes..]);
        ulong computed = Crc64.HashToUInt64(file[..^ChecksumBytes]);
        if (stored != computed)
        {
            throw new InvalidDataException($"{source}: checksum mismatch (stored {stored:x16}, computed {computed:x16}): the file is truncated or damaged.");
        }
        var reader = new SpanReader(file[..^ChecksumBytes], source);
        reader.Skip(12);
        int elementSize = reader.Int32("element size", 4, 8);
        if (elementSize is not (4 or 8)) throw reader.Bad($"element size {elementSize}; only 4 (float32) and 8 (float64) exist");
        bool useBias = reader.Int32("bias flag", 0, 1) == 1;
        var loss = (Loss)reader.Int32("loss", 0, (int)Loss.CrossEntropy);
        int layers = reader.Int32("layer count", 1, MaxLayers);
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
            FeatureNames = reader.Strings("feature names", sizes[0]),
            TargetName = reader.Strings("target name", 1) is [var name] ? name : null,
            ClassLabels = reader.Strings("class labels", Math.Max(2, sizes[^1])),
        };
        int standardised = reader.Int32("standardisation count", 0, sizes[0]);
        if (standardised != 0 && standardised != sizes[0]) throw reader.Bad($"standardisation for {standardised} inputs; the network has {sizes[0]}");
        metadata = metadata with { Means = reader.Doubles(standardised), Scales = reader.Doubles(standardised) };
        long needed = 0;
        for (int l = 0; l < layers; l++) needed += ((long)sizes[l] * sizes[l + 1] + sizes[l + 1]) * elementSize;
        if (needed != reader.Remaining)
        {
            throw reader.Bad($"the architecture needs {needed:N0} bytes of weights but {reader.Remaining:N0} follow");
        }
        var weights = new double[layers][];
        var biases = new double[layers][];
        for (int l = 0; l < layers; l++)
        {
            weights[l] = reader.Values(sizes[l] * sizes[l + 1], elementSize);
            biases[l] = reader.Values(sizes[l + 1], elementSize);
        }
        return new Contents(elementSize, useBias, loss, sizes, activations, metadata, weights, biases);
    }

    /// <summary>Bounds-checked little-endian reads, each failure naming the field and its offset.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> data, string source)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly long Remaining => _data.Length - _position;

        public void Skip(int count) => _position += count;

        public readonly InvalidDataException Bad(string what) => new($"{source}: {what} (at byte {_position}).");

        private ReadOnlySpan<byte> Take(int count, string field)
        {
            if (count > _data.Length - _position) throw Bad($"truncated in the {field}");
            ReadOnlySpan<byte> taken = _data.Slice(_position, count);
            _position += count;
            return taken;
        }

        public int Int32(string field, int min, int max)
        {
            int value = BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));
            if (value < min || value > max) throw Bad($"{field} is {value}, outside {min} to {max}");
            return value;
        }

        public string[] Strings(string field, int max)
        {
            int count = Int32($"{field} count", 0, max);
            var strings = new string[count];
            for (int i = 0; i < count; i++)
            {
                int length = Int32($"{field}[{i}] length", 0, MaxStringBytes);
                ReadOnlySpan<byte> bytes = Take(length, $"{field}[{i}]");
                // Strict: a lenient decoder would load invalid bytes as U+FFFD, and saving would then not give the file back.
                if (Utf8.IsValid(bytes)) strings[i] = Encoding.UTF8.GetString(bytes);
                else throw Bad($"{field}[{i}] is not valid UTF-8");
            }
            return strings;
        }

        public double[] Doubles(int count)
        {
            ReadOnlySpan<byte> bytes = Take(count * 8, "standardisation");
            var values = new double[count];
            for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]);
            return values;
        }

        public double[] Values(int count, int elementSize)
        {
            ReadOnlySpan<byte> bytes = Take(count * elementSize, "weights");
            var values = new double[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = elementSize == 8 ? BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]) : BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
            }
            return values;
        }
    }
}
