using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using FastNeuron.IO;

namespace FastNeuron;

/// <summary>
/// A training set on disk in FastNeuron's binary matrix format, mapped into memory rather than read: a neuron
/// trains on it with no copy of X, so it may be larger than RAM.
/// </summary>
/// <remarks>
/// <para>The format (version 1, little-endian), documented in docs/matrix-format.md:</para>
/// <list type="table">
/// <item><term>0</term><description>magic, the 8 ASCII bytes <c>FNMATRIX</c></description></item>
/// <item><term>8</term><description>format version, uint32 = 1</description></item>
/// <item><term>12</term><description>element size in bytes, uint32: 4 (float32) or 8 (float64)</description></item>
/// <item><term>16</term><description>rows, uint64 (≥ 1)</description></item>
/// <item><term>24</term><description>columns (inputs per row), uint64 (≥ 1)</description></item>
/// <item><term>32</term><description>32 reserved bytes, zero</description></item>
/// <item><term>64</term><description>X, rows × columns elements, row-major; then y, rows elements</description></item>
/// </list>
/// <para>Opening checks every field and that the file's length is exactly what the header says, so nothing
/// is ever read past its end. Writing goes through <see cref="IO.AtomicFile"/>: a temporary file in the same folder,
/// flushed to disk and renamed over the target only when complete.</para>
/// </remarks>
public sealed unsafe class MatrixFile : IDisposable
{
    /// <summary>The header's size in bytes; the data starts here.</summary>
    public const int HeaderSize = 64;

    /// <summary>The format version this library reads and writes.</summary>
    public const uint Version = 1;

    internal static ReadOnlySpan<byte> Magic => "FNMATRIX"u8;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _base;

    private MatrixFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* pointer, long rows, int columns, int elementSize)
    {
        Path = path;
        _map = map;
        _view = view;
        _base = pointer;
        Rows = rows;
        Columns = columns;
        ElementSize = elementSize;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Rows (training examples).</summary>
    public long Rows { get; }

    /// <summary>Inputs per row.</summary>
    public int Columns { get; }

    /// <summary>4 for float32, 8 for float64.</summary>
    public int ElementSize { get; }

    /// <summary>Maps <paramref name="path"/>, checking its header and length.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid matrix file; the message names the file and the field.</exception>
    public static MatrixFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        long length = new FileInfo(path).Length;
        Span<byte> header = stackalloc byte[HeaderSize];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            if (length < HeaderSize)
            {
                throw new InvalidDataException($"{path}: truncated: the file has {length} bytes but the header alone needs {HeaderSize}.");
            }
            stream.ReadExactly(header);
        }
        if (!header[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path}: magic is '{Printable(header[..8])}', not 'FNMATRIX': this is not a FastNeuron matrix file.");
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != Version)
        {
            throw new InvalidDataException($"{path}: version is {version}; this FastNeuron reads version {Version}.");
        }
        uint elementSize = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        if (elementSize is not (4 or 8))
        {
            throw new InvalidDataException($"{path}: element size is {elementSize}; it must be 4 (float32) or 8 (float64).");
        }
        ulong rows = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
        ulong columns = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        if (rows == 0 || rows > long.MaxValue / 8)
        {
            throw new InvalidDataException($"{path}: rows is {rows}; it must be between 1 and {long.MaxValue / 8}.");
        }
        if (columns == 0 || columns > int.MaxValue / Training.FusedEpochRunner<float>.MaxColumnsDivisor)
        {
            throw new InvalidDataException($"{path}: columns is {columns}; it must be between 1 and {int.MaxValue / Training.FusedEpochRunner<float>.MaxColumnsDivisor}.");
        }
        if (!TryExpectedLength(rows, columns, elementSize, out long expected) || expected != length)
        {
            throw new InvalidDataException(
                $"{path}: the file has {length} bytes but its header (rows {rows}, columns {columns}, element size {elementSize}) needs " +
                (expected > 0 ? $"{expected}." : "more than a file can hold."));
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        pointer += view.PointerOffset;
        return new MatrixFile(path, map, view, pointer, (long)rows, (int)columns, (int)elementSize);
    }

    /// <summary>The file's X as elements of T (rows × columns, row-major). Valid until disposed.</summary>
    internal T* Inputs<T>()
        where T : unmanaged
    {
        CheckType<T>();
        return (T*)(_base + HeaderSize);
    }

    /// <summary>The file's y (rows). Valid until disposed.</summary>
    internal T* Targets<T>()
        where T : unmanaged
    {
        CheckType<T>();
        return (T*)(_base + HeaderSize) + Rows * Columns;
    }

    /// <summary>Row <paramref name="row"/>'s inputs, copied into <paramref name="destination"/>.</summary>
    public void ReadRow<T>(long row, Span<T> destination, out T target)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        new ReadOnlySpan<T>(Inputs<T>() + row * Columns, Columns).CopyTo(destination);
        target = Targets<T>()[row];
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_base != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _base = null;
        }
        _view.Dispose();
        _map.Dispose();
    }

    /// <summary>
    /// Writes row-major <paramref name="inputs"/> (targets.Length rows × <paramref name="columns"/>) and
    /// <paramref name="targets"/> to <paramref name="path"/>, through a temporary file flushed to disk and renamed over it.
    /// </summary>
    public static void Write<T>(string path, ReadOnlySpan<T> inputs, int columns, ReadOnlySpan<T> targets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if ((long)targets.Length * columns != inputs.Length || targets.IsEmpty)
        {
            throw new ArgumentException($"inputs has {inputs.Length} values but targets × columns is {targets.Length} × {columns}; and neither may be empty.", nameof(inputs));
        }
        using var writer = new MatrixFileWriter<T>(path, columns);
        writer.WriteRows(inputs, targets);
        writer.Commit();
    }

    private static bool TryExpectedLength(ulong rows, ulong columns, uint elementSize, out long length)
    {
        length = -1;
        try
        {
            ulong values = checked(rows * columns + rows);
            length = (long)checked(values * elementSize + HeaderSize);
            return length > 0;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private void CheckType<T>()
    {
        ObjectDisposedException.ThrowIf(_base == null, this);
        if (Unsafe.SizeOf<T>() != ElementSize)
        {
            throw new InvalidOperationException($"{Path} holds {(ElementSize == 4 ? "float32" : "float64")} values, not {typeof(T).Name}.");
        }
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (byte b in bytes) text.Append(b is >= 32 and < 127 ? (char)b : '?');
        return text.ToString();
    }
}
