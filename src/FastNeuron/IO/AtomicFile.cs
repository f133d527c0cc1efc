namespace FastNeuron.IO;

/// <summary>
/// The one way FastNeuron replaces a file: write a temporary file in the target's folder, flush it to disk, then
/// rename it over the target. A failure or a crash leaves any existing target as it was, never half-written; the
/// temporary file is removed on failure, and one left by a killed writer is removed by the next save of the same
/// target (<see cref="StaleTemporaryFiles"/>). A target that is a symbolic link stays a link: the file it points to
/// is replaced. An existing target's permissions are kept. Errors name the target, not the temporary file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>, which gets the temporary file's stream.</summary>
    public static void Write(string path, Action<Stream> write)
        => Write(path, temporary =>
        {
            using var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
            write(file);
        });

    /// <summary>
    /// Writes <paramref name="path"/> with <paramref name="write"/>, which gets the temporary file's path (with the
    /// target's extension, for writers that go by it, such as image libraries) and must create that file.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Target(path);
        string temporary = TemporaryPath(full);
        try
        {
            StaleTemporaryFiles.Remove(full);
            write(temporary);
            Replace(temporary, full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NamingTheTarget(e, path, temporary);
        }
        finally
        {
            Discard(temporary);
        }
    }

    /// <summary>
    /// The file a save of <paramref name="path"/> replaces: its full path, or, when it is a symbolic link, the full
    /// path of the file the link finally points to (which need not exist yet), so that the link survives the save.
    /// A link that sits in a folder everyone may write to and that has the sticky bit (/tmp) is not followed but
    /// replaced: another user may have planted it there to redirect the save onto one of the saver's own files.
    /// </summary>
    internal static string Target(string path)
    {
        string current = Path.GetFullPath(path);
        for (int hop = 0; hop < MaxLinkHops; hop++)
        {
            var info = new FileInfo(current);
            if (info.LinkTarget is null || InSharedStickyFolder(current)) return current;
            FileSystemInfo? next = info.ResolveLinkTarget(returnFinalTarget: false);
            if (next is null) return current;
            current = next.FullName;
        }
        return current;
    }

    /// <summary>Links followed at most, as the kernel's own limit on a path's symbolic links.</summary>
    private const int MaxLinkHops = 40;

    /// <summary>Whether <paramref name="fullPath"/>'s folder is world-writable with the sticky bit, where other users' links can lie.</summary>
    private static bool InSharedStickyFolder(string fullPath)
    {
        if (OperatingSystem.IsWindows()) return false;
        string? folder = Path.GetDirectoryName(fullPath);
        if (folder is null) return false;
        UnixFileMode mode = File.GetUnixFileMode(folder);
        return (mode & UnixFileMode.OtherWrite) != 0 && (mode & UnixFileMode.StickyBit) != 0;
    }

    /// <summary>A hidden name beside the target, unique per process and thread, keeping the target's extension.</summary>
    internal static string TemporaryPath(string fullPath)
        => Path.Combine(Path.GetDirectoryName(fullPath)!,
            $".{Path.GetFileNameWithoutExtension(fullPath)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp{Path.GetExtension(fullPath)}");

    /// <summary>
    /// The end of <see cref="Write(string, Action{string})"/>, for writers that stream into <see cref="TemporaryPath"/>
    /// themselves (<see cref="MatrixFileWriter{T}"/>): gives the temporary file an existing target's permissions,
    /// flushes it to disk, then renames it over <paramref name="fullPath"/>.
    /// </summary>
    internal static void Replace(string temporary, string fullPath)
    {
        using (var file = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            if (!OperatingSystem.IsWindows() && File.Exists(fullPath))
            {
                File.SetUnixFileMode(file.SafeFileHandle, File.GetUnixFileMode(fullPath));
            }
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, fullPath, overwrite: true);
    }

    /// <summary>
    /// The same kind of exception, its message naming <paramref name="path"/> (as the caller gave it) where the
    /// system named the temporary file: the user asked for the target and knows nothing of the temporary.
    /// </summary>
    internal static Exception NamingTheTarget(Exception e, string path, string temporary)
    {
        string reason = e.Message.Replace(temporary, "its temporary file", StringComparison.Ordinal);
        string message = $"{path}: could not be saved: {reason} Any earlier file there is unchanged.";
        return e switch
        {
            UnauthorizedAccessException => new UnauthorizedAccessException(message, e),
            DirectoryNotFoundException => new DirectoryNotFoundException(message, e),
            FileNotFoundException => new FileNotFoundException(message, path, e),
            _ => new IOException(message, e),
        };
    }

    /// <summary>Removes a temporary file left by a failed write, if any; never throws an I/O error of its own.</summary>
    internal static void Discard(string temporary)
    {
        try
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
