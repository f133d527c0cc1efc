using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using FastNeuron.IO;
using Microsoft.Win32.SafeHandles;

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
/// <para>While a neuron trains on the file, <see cref="Dispose"/> (on another thread) does not unmap memory in use:
/// the trainer throws <see cref="ObjectDisposedException"/> at its next epoch, and the memory is unmapped when it
/// stops. Each epoch starts by checking the file's length, so a file truncated after <see cref="Open"/> gives an
/// <see cref="InvalidDataException"/> naming it. What no check can prevent: another process truncating the file in
/// the middle of an epoch; reading a page it removed is a SIGBUS (an in-page error on Windows) that ends the
/// process. Replacing the file by renaming, as FastNeuron's writers do, is safe: the mapping keeps the old file.</para>
/// </remarks>
public sealed unsafe class MatrixFile : IDisposable
{
    /// <summary>The header's size in bytes; the data starts here.</summary>
    public const int HeaderSize = 64;

    /// <summary>The format version this library reads and writes.</summary>
    public const uint Version = 1;

    internal static ReadOnlySpan<byte> Magic => "FNMATRIX"u8;

    private readonly MappedView _mapped;

    private MatrixFile(string path, MappedView mapped, long rows, int columns, int elementSize)
    {
        Path = path;
        _mapped = mapped;
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
        SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long length = RandomAccess.GetLength(file);
            (long rows, int columns, int elementSize) = CheckHeader(path, file, length);
            return new MatrixFile(path, new MappedView(file, length), rows, columns, elementSize);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads and checks the header of <paramref name="file"/> (<paramref name="length"/> bytes), and that the length is what it says.</summary>
    private static (long Rows, int Columns, int ElementSize) CheckHeader(string path, SafeFileHandle file, long length)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        if (length < HeaderSize || RandomAccess.Read(file, header, 0) < HeaderSize)
        {
            throw new InvalidDataException($"{path}: truncated: the file has {length} bytes but the header alone needs {HeaderSize}.");
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
        return ((long)rows, (int)columns, (int)elementSize);
    }

    /// <summary>
    /// Counts the caller as a user of the mapped memory until the lease is disposed: a <see cref="Dispose"/> meanwhile
    /// unmaps only when the lease ends, and the user sees <see cref="ObjectDisposedException"/> at its next
    /// <see cref="CheckUsable"/>. Throws <see cref="ObjectDisposedException"/> when the file is already disposed.
    /// </summary>
    internal Lease Use()
    {
        ObjectDisposedException.ThrowIf(!_mapped.TryAddUser(), this);
        return new Lease(_mapped);
    }

    /// <summary>
    /// What a trainer checks at every epoch start: the file is not disposed (<see cref="ObjectDisposedException"/>),
    /// and it still has the length it had when opened (<see cref="InvalidDataException"/> naming it): reading a page
    /// that a truncation removed would kill the process, which no exception can catch.
    /// </summary>
    internal void CheckUsable()
    {
        ObjectDisposedException.ThrowIf(_mapped.IsDisposed, this);
        long length = _mapped.CurrentLength();
        ObjectDisposedException.ThrowIf(length < 0, this);
        if (length < _mapped.Length)
        {
            throw new InvalidDataException(
                $"{Path}: the file now has {length:N0} bytes but had {_mapped.Length:N0} when it was opened: it was truncated while in use, so training stops before reading past its end.");
        }
    }

    /// <summary>One user of the mapped memory, from <see cref="Use"/>.</summary>
    internal readonly struct Lease(MappedView mapped) : IDisposable
    {
        public void Dispose() => mapped.ReleaseUser();
    }

    /// <summary>The file's X as elements of T (rows × columns, row-major). Valid until disposed.</summary>
    internal T* Inputs<T>()
        where T : unmanaged
    {
        CheckType<T>();
        return (T*)(_mapped.Pointer + HeaderSize);
    }

    /// <summary>The file's y (rows). Valid until disposed.</summary>
    internal T* Targets<T>()
        where T : unmanaged
    {
        CheckType<T>();
        return (T*)(_mapped.Pointer + HeaderSize) + Rows * Columns;
    }

    /// <summary>Row <paramref name="row"/>'s inputs, copied into <paramref name="destination"/>.</summary>
    public void ReadRow<T>(long row, Span<T> destination, out T target)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        using Lease lease = Use();
        CheckUsable();
        new ReadOnlySpan<T>(Inputs<T>() + row * Columns, Columns).CopyTo(destination);
        target = Targets<T>()[row];
    }

    /// <summary>
    /// Unmaps the file, at once or, while a training call is reading it (on another thread), when that call stops:
    /// it then throws <see cref="ObjectDisposedException"/> at its next epoch.
    /// </summary>
    public void Dispose() => _mapped.Dispose();

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
        ObjectDisposedException.ThrowIf(_mapped.IsDisposed, this);
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
