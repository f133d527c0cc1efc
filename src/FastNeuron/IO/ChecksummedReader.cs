using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Text;
using System.Text.Unicode;

namespace FastNeuron.IO;

/// <summary>
/// Bounded little-endian reads from a stream whose length is known, each failure naming the source, the field and
/// its byte offset, with a CRC-64 of everything read. Nothing is allocated for a count or a size before the bytes
/// that would fill it are known to be there: a header that lies costs an error, never memory.
/// </summary>
internal sealed class ChecksummedReader
{
    private const int BufferBytes = 64 * 1024;
    private readonly Stream _stream;
    private readonly string _source;
    private readonly long _length;
    private readonly Crc64 _crc = new();
    private long _position;

    /// <summary>Reads <paramref name="length"/> bytes of <paramref name="stream"/> from where it stands; <paramref name="source"/> names it in errors.</summary>
    public ChecksummedReader(Stream stream, long length, string source)
    {
        _stream = stream;
        _length = length;
        _source = source;
    }

    /// <summary>Bytes left to read.</summary>
    public long Remaining => _length - _position;

    /// <summary>The CRC-64 of every byte read so far.</summary>
    public ulong Checksum => _crc.GetCurrentHashAsUInt64();

    public InvalidDataException Bad(string what) => new($"{_source}: {what} (at byte {_position}).");

    /// <summary>The stream gave fewer bytes than its length promised: another process is writing or truncating it.</summary>
    public InvalidDataException Changed() => new($"{_source}: the file changed while it was read (it ended, or its bytes differed, at byte {_position}); read it again once its writer has finished.");

    /// <summary>Fills <paramref name="destination"/> from the stream, or fails naming <paramref name="field"/>.</summary>
    public void Read(Span<byte> destination, string field)
    {
        if (destination.Length > Remaining) throw Bad($"truncated in the {field}");
        if (_stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) < destination.Length) throw Changed();
        _crc.Append(destination);
        _position += destination.Length;
    }

    /// <summary>Reads and checksums <paramref name="count"/> bytes through one pooled 64 KiB buffer.</summary>
    public void Skip(long count, string field)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            for (long left = count; left > 0; left -= BufferBytes)
            {
                Read(buffer.AsSpan(0, (int)Math.Min(left, BufferBytes)), field);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The 8 bytes after the last byte of the length: the stored CRC-64, which is not part of the checksum.</summary>
    public ulong StoredChecksum()
    {
        Span<byte> bytes = stackalloc byte[8];
        if (_stream.ReadAtLeast(bytes, 8, throwOnEndOfStream: false) < 8) throw Changed();
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    public int Int32(string field, int min, int max)
    {
        Span<byte> bytes = stackalloc byte[4];
        Read(bytes, field);
        int value = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (value < min || value > max) throw Bad($"{field} is {value}, outside {min} to {max}");
        return value;
    }

    /// <summary>A count, then that many strings of a 4-byte length and at most <paramref name="maxBytes"/> UTF-8 bytes each.</summary>
    public string[] Strings(string field, int max, int maxBytes)
    {
        int count = Int32($"{field} count", 0, max);
        if (count > Remaining / 4) throw Bad($"truncated in the {field}: {count:N0} of them need at least {4L * count:N0} bytes and {Remaining:N0} remain");
        var strings = new string[count];
        byte[] bytes = new byte[maxBytes];
        for (int i = 0; i < count; i++)
        {
            int length = Int32($"{field}[{i}] length", 0, maxBytes);
            Read(bytes.AsSpan(0, length), $"{field}[{i}]");
            // Strict: a lenient decoder would load invalid bytes as U+FFFD, and saving would then not give the file back.
            if (!Utf8.IsValid(bytes.AsSpan(0, length))) throw Bad($"{field}[{i}] is not valid UTF-8");
            strings[i] = Encoding.UTF8.GetString(bytes, 0, length);
        }
        return strings;
    }

    public double[] Doubles(int count, string field)
    {
        if (8L * count > Remaining) throw Bad($"truncated in the {field}");
        var values = new double[count];
        Span<byte> bytes = stackalloc byte[8];
        for (int i = 0; i < count; i++)
        {
            Read(bytes, field);
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes);
        }
        return values;
    }

    /// <summary>
    /// <paramref name="rows"/> × <paramref name="columns"/> values of <paramref name="elementSize"/> bytes (float32 or
    /// float64), converted to T (exact for the same type, rounded once otherwise), into row r's first columns of
    /// <paramref name="destination"/> at r × <paramref name="stride"/>; read through one pooled 64 KiB buffer.
    /// </summary>
    public void Values<T>(Span<T> destination, int rows, int columns, int stride, int elementSize, string field)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        long count = (long)rows * columns;
        if (count * elementSize > Remaining) throw Bad($"truncated in the {field}");
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            long done = 0;
            int row = 0, column = 0;
            while (done < count)
            {
                int take = (int)Math.Min(count - done, BufferBytes / elementSize);
                Span<byte> bytes = buffer.AsSpan(0, take * elementSize);
                Read(bytes, field);
                for (int i = 0; i < take; i++)
                {
                    destination[row * stride + column] = elementSize == 8
                        ? T.CreateChecked(BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]))
                        : T.CreateChecked(BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]));
                    if (++column == columns)
                    {
                        column = 0;
                        row++;
                    }
                }
                done += take;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
