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

    /// <summary>Fails early when a picture's <paramref name="path"/> does not end in .png: the plots are PNG files, and a .jpg holding PNG bytes misleads every viewer.</summary>
    public static void RequirePng(string path, string option)
    {
        if (!Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"{option} {path}: the picture is written as PNG; name the file with .png.");
        }
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

    /// <summary>
    /// The full path, through any symbolic links to the final target when the file exists, with the file's name as
    /// its folder lists it: on a case-insensitive file system (macOS's and Windows' defaults) <c>Data.csv</c> opens
    /// <c>data.csv</c>, and the two must compare equal.
    /// </summary>
    private static string Resolved(string path)
    {
        string full = AsListed(Path.GetFullPath(path), File.Exists, folder => Directory.EnumerateFileSystemEntries(folder));
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

    /// <summary>
    /// <paramref name="full"/> with its file name replaced by the entry of its folder that the file system opened for
    /// it: the name itself when the folder lists it (or the file does not exist), else the one entry equal to it but
    /// for case. <paramref name="exists"/> and <paramref name="entries"/> are the file system's (parameters, so a test
    /// can play a case-insensitive one on any machine).
    /// </summary>
    internal static string AsListed(string full, Func<string, bool> exists, Func<string, IEnumerable<string>> entries)
    {
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !exists(full)) return full;
        string name = Path.GetFileName(full);
        string? caseOnly = null;
        foreach (string entry in entries(folder))
        {
            string listed = Path.GetFileName(entry);
            if (listed == name) return full;
            if (string.Equals(listed, name, StringComparison.OrdinalIgnoreCase)) caseOnly ??= listed;
        }
        return caseOnly is null ? full : Path.Combine(folder, caseOnly);
    }
}
