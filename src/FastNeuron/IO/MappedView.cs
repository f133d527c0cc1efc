using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FastNeuron.IO;

/// <summary>
/// A whole file mapped read-only, with its users counted the way <see cref="SafeHandle"/> counts them
/// (DangerousAddRef/DangerousRelease on the view's handle): <see cref="Dispose"/> while a user holds the view marks
/// it disposed at once, and the memory is unmapped only when the last user has released it, so nothing reads
/// unmapped memory. The file's own handle stays open, so that its length can be checked again while it is in use.
/// </summary>
internal sealed unsafe class MappedView : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private int _disposed;

    /// <summary>Maps the first <paramref name="length"/> bytes of <paramref name="file"/>, which the view then owns.</summary>
    public MappedView(SafeFileHandle file, long length)
    {
        _file = file;
        Length = length;
        _map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + _view.PointerOffset;
    }

    /// <summary>The mapped length: the file's length when it was opened.</summary>
    public long Length { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The first mapped byte; valid while a user holds the view (<see cref="TryAddUser"/>).</summary>
    public byte* Pointer => _pointer;

    /// <summary>Counts one more user, or returns false once the view is disposed.</summary>
    public bool TryAddUser()
    {
        if (IsDisposed) return false;
        bool added = false;
        try
        {
            _view.SafeMemoryMappedViewHandle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
        }
        return added;
    }

    /// <summary>Releases a user from <see cref="TryAddUser"/>; the last one after <see cref="Dispose"/> unmaps.</summary>
    public void ReleaseUser() => _view.SafeMemoryMappedViewHandle.DangerousRelease();

    /// <summary>The file's length now, through the handle opened with it (so a file renamed over the path does not count); -1 once disposed.</summary>
    public long CurrentLength()
    {
        try
        {
            return RandomAccess.GetLength(_file);
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
    }

    /// <summary>Marks the view disposed; the memory is unmapped now, or when its last user releases it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
        _file.Dispose();
    }
}
