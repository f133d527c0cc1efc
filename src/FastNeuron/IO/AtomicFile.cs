namespace FastNeuron.IO;

/// <summary>
/// The one way FastNeuron replaces a file: write a temporary file in the target's folder, flush it to disk, then
/// rename it over the target. A failure or a crash leaves any existing target as it was, never half-written; the
/// temporary file is removed on failure.
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
        string full = Path.GetFullPath(path);
        string temporary = TemporaryPath(full);
        try
        {
            write(temporary);
            Replace(temporary, full);
        }
        finally
        {
            Discard(temporary);
        }
    }

    /// <summary>A hidden name beside the target, unique per process and thread, keeping the target's extension.</summary>
    internal static string TemporaryPath(string fullPath)
        => Path.Combine(Path.GetDirectoryName(fullPath)!,
            $".{Path.GetFileNameWithoutExtension(fullPath)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp{Path.GetExtension(fullPath)}");

    /// <summary>
    /// The end of <see cref="Write(string, Action{string})"/>, for writers that stream into <see cref="TemporaryPath"/>
    /// themselves (<see cref="MatrixFileWriter{T}"/>): flushes the complete temporary file to disk, then renames it
    /// over <paramref name="fullPath"/>.
    /// </summary>
    internal static void Replace(string temporary, string fullPath)
    {
        using (var file = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, fullPath, overwrite: true);
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
