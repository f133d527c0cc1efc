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

    /// <summary>
    /// Fails before any work when <paramref name="output"/> (given as <paramref name="option"/>) names the same file as
    /// one of <paramref name="inputs"/> (a path and what it is): full paths compared after resolving links, so an output
    /// never overwrites an input.
    /// </summary>
    public static void RefuseInputs(string output, string option, params (string? Path, string What)[] inputs)
    {
        string target = Resolved(output);
        foreach ((string? path, string what) in inputs)
        {
            if (path is not null && string.Equals(Resolved(path), target, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                throw new CliException($"{option} {output}: is the {what} ({path}); refusing to overwrite an input. Name another file.");
            }
        }
    }

    /// <summary>The full path, through any symbolic links to the final target when the file exists.</summary>
    private static string Resolved(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            if (File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                return Path.GetFullPath(target.FullName);
            }
            string? folder = Path.GetDirectoryName(full);
            if (folder is not null && Directory.Exists(folder) && new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true) is { } folderTarget)
            {
                return Path.Combine(Path.GetFullPath(folderTarget.FullName), Path.GetFileName(full));
            }
        }
        catch (IOException)
        {
            // A link loop or an unreadable link: compare the path as written.
        }
        return full;
    }
}
