using System.Diagnostics;
using System.Globalization;

namespace FastNeuron.IO;

/// <summary>
/// Temporary files that a killed writer left beside a target (<c>.NAME.PID.THREAD.tmp.EXT</c>, and the matrix
/// writer's <c>.y</c> beside it): removed by the next save of the same target, but only those whose writer process
/// is gone and that nobody has written for a minute, so that a save in progress (in this process, another one, or
/// another PID namespace sharing the folder) is never touched.
/// </summary>
internal static class StaleTemporaryFiles
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    /// <summary>Removes the stale temporary files of <paramref name="fullPath"/>; never throws an I/O error of its own.</summary>
    public static void Remove(string fullPath)
    {
        string folder = Path.GetDirectoryName(fullPath)!;
        string prefix = $".{Path.GetFileNameWithoutExtension(fullPath)}.", suffix = $".tmp{Path.GetExtension(fullPath)}";
        try
        {
            foreach (string file in Directory.EnumerateFiles(folder, $"{prefix}*{suffix}*"))
            {
                if (WriterOf(Path.GetFileName(file), prefix, suffix) is { } pid && !IsRunning(pid)
                    && DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > Quiet)
                {
                    AtomicFile.Discard(file);
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The writer's process id in a temporary file's name, or null when the name is not one of ours for this target.</summary>
    internal static int? WriterOf(string name, string prefix, string suffix)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return null;
        string rest = name[prefix.Length..];
        if (rest.EndsWith(".y", StringComparison.Ordinal)) rest = rest[..^2];
        if (!rest.EndsWith(suffix, StringComparison.Ordinal)) return null;
        string[] ids = rest[..^suffix.Length].Split('.');
        return ids.Length == 2 && int.TryParse(ids[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            && int.TryParse(ids[1], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
