namespace FastNeuron.Cli.Data;

/// <summary>The checks every data file passes before it is opened, each failing with one line that names the file.</summary>
internal static class DataFile
{
    /// <exception cref="CliException">The path is a folder, does not exist, or is an empty file.</exception>
    public static void CheckReadable(string path)
    {
        if (Directory.Exists(path)) throw new CliException($"{path}: is a folder, not a data file.");
        if (!File.Exists(path)) throw new CliException($"{path}: no such file.");
        if (new FileInfo(path).Length == 0) throw new CliException($"{path}: the file is empty.");
    }
}
