namespace FastNeuron.IO;

/// <summary>
/// A stream that cannot seek, copied into memory as a seekable, read-only stream: the chunks grow from 4 KiB to at
/// most 1 MiB as bytes actually arrive, so what is allocated follows what the stream delivers (never a size a header
/// claims) and no byte is copied twice.
/// </summary>
internal sealed class ChunkedCopy : Stream
{
    private const int FirstChunk = 4 * 1024, LargestChunk = 1 << 20;
    private readonly List<byte[]> _chunks = [];
    private long _position;

    /// <summary>The bytes of <paramref name="head"/> (already read from it) and then the rest of <paramref name="source"/>.</summary>
    public ChunkedCopy(ReadOnlySpan<byte> head, Stream source)
    {
        var chunk = new byte[Math.Max(FirstChunk, head.Length)];
        head.CopyTo(chunk);
        int filled = head.Length;
        while (true)
        {
            filled += source.ReadAtLeast(chunk.AsSpan(filled), chunk.Length - filled, throwOnEndOfStream: false);
            Length += filled;
            if (filled < chunk.Length)
            {
                _chunks.Add(chunk[..filled]);
                return;
            }
            _chunks.Add(chunk);
            chunk = new byte[Math.Min(LargestChunk, chunk.Length * 2)];
            filled = 0;
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int copied = 0;
        long start = 0;
        foreach (byte[] chunk in _chunks)
        {
            if (copied == buffer.Length) break;
            long end = start + chunk.Length;
            if (_position < end)
            {
                int from = (int)(_position - start);
                int take = Math.Min(chunk.Length - from, buffer.Length - copied);
                chunk.AsSpan(from, take).CopyTo(buffer[copied..]);
                copied += take;
                _position += take;
            }
            start = end;
        }
        return copied;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
