namespace FastNeuron.Cli;

/// <summary>Writes an output through a temporary file in the target's folder, renamed over the target once complete.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with a temporary path beside <paramref name="path"/> (same extension, for writers
    /// that go by it), then renames it over the target; on any failure the temporary file is removed and an existing
    /// target is left as it was.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileNameWithoutExtension(full)}.{Environment.ProcessId}.tmp{Path.GetExtension(full)}");
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Fails early, before any work, when <paramref name="path"/> names a folder or a file in a folder that does not exist.</summary>
    public static void CheckWritable(string path, string option)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (Directory.Exists(full)) throw new CliException($"{option} {path}: is a folder, not a file.");
        if (folder is null || !Directory.Exists(folder)) throw new CliException($"{option} {path}: the folder {folder} does not exist.");
    }
}
