namespace FastNeuron.Cli;

/// <summary>
/// The command's checks on the files it will write. The writing itself is the core's one atomic replacement,
/// <see cref="IO.AtomicFile"/> (a temporary file beside the target, flushed to disk, then renamed).
/// </summary>
internal static class OutputPaths
{
    /// <summary>Fails early, before any work, when <paramref name="path"/> names a folder or a file in a folder that does not exist.</summary>
    public static void CheckWritable(string path, string option)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (Directory.Exists(full)) throw new CliException($"{option} {path}: is a folder, not a file.");
        if (folder is null || !Directory.Exists(folder)) throw new CliException($"{option} {path}: the folder {folder} does not exist.");
    }
}
