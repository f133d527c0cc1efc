using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FastNeuron.IO;

/// <summary>
/// Streams rows into a <see cref="MatrixFile"/> (docs/matrix-format.md) without holding them: X goes to
/// <see cref="AtomicFile"/>'s temporary file while y goes to a second one; <see cref="Commit"/> appends y, writes the
/// header and lets <see cref="AtomicFile"/> flush and rename. Disposed without <see cref="Commit"/>, it deletes both
/// temporaries: a failure leaves no partial output and any existing target as it was.
/// </summary>
internal sealed class MatrixFileWriter<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly string _path;
    private readonly string _temporary;
    private readonly string _targetsTemporary;
    private readonly FileStream _inputs;
    private readonly FileStream _targets;
    private bool _committed;

    /// <summary>Starts writing <paramref name="path"/>, whose rows have <paramref name="columns"/> inputs each.</summary>
    /// <exception cref="DirectoryNotFoundException">The target's folder does not exist.</exception>
    public MatrixFileWriter(string path, int columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        _path = AtomicFile.Target(path);
        string folder = Path.GetDirectoryName(_path)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{path}: the folder {folder} does not exist.");
        }
        Columns = columns;
        StaleTemporaryFiles.Remove(_path);
        _temporary = AtomicFile.TemporaryPath(_path);
        _targetsTemporary = _temporary + ".y";
        _inputs = new FileStream(_temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        try
        {
            _targets = new FileStream(_targetsTemporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        }
        catch
        {
            _inputs.Dispose();
            AtomicFile.Discard(_temporary);
            throw;
        }
        _inputs.Write(new byte[MatrixFile.HeaderSize]);
    }

    /// <summary>Inputs per row.</summary>
    public int Columns { get; }

    /// <summary>Rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Appends rows: row-major <paramref name="inputs"/> (targets.Length × <see cref="Columns"/>) and their <paramref name="targets"/>.</summary>
    public void WriteRows(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        if ((long)targets.Length * Columns != inputs.Length)
        {
            throw new ArgumentException($"inputs has {inputs.Length} values but targets × columns is {targets.Length} × {Columns}.", nameof(inputs));
        }
        _inputs.Write(MemoryMarshal.AsBytes(inputs));
        _targets.Write(MemoryMarshal.AsBytes(targets));
        Rows += targets.Length;
    }

    /// <summary>Completes the file and renames it over the target.</summary>
    /// <exception cref="InvalidOperationException">No row was written: a matrix file has at least one.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        if (Rows == 0) throw new InvalidOperationException($"{_path}: no rows were written; a matrix file needs at least one.");
        _targets.Position = 0;
        _targets.CopyTo(_inputs);
        Span<byte> header = stackalloc byte[MatrixFile.HeaderSize];
        header.Clear();
        MatrixFile.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MatrixFile.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)Unsafe.SizeOf<T>());
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], (ulong)Rows);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], (ulong)Columns);
        _inputs.Position = 0;
        _inputs.Write(header);
        _inputs.Dispose();
        _targets.Dispose();
        try
        {
            AtomicFile.Replace(_temporary, _path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AtomicFile.NamingTheTarget(e, _path, _temporary);
        }
        _committed = true;
        AtomicFile.Discard(_targetsTemporary);
    }

    /// <summary>Closes the temporaries and, unless committed, removes them.</summary>
    public void Dispose()
    {
        _inputs.Dispose();
        _targets.Dispose();
        if (!_committed) AtomicFile.Discard(_temporary);
        AtomicFile.Discard(_targetsTemporary);
    }
}
