using System.Globalization;

namespace FastNeuron.Cli;

/// <summary><c>fastneuron convert</c>: CSV to a matrix file, one clear line on stderr and exit 1 on failure.</summary>
internal static class ConvertCommand
{
    public static int Run(FileInfo csv, FileInfo output, string? target, bool hasHeader, int elementSize, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            (long rows, int columns) = MatrixFile.ConvertCsv(csv.FullName, output.FullName, target, hasHeader, elementSize);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{output.FullName}: {rows:N0} rows × {columns} inputs + target, {(elementSize == 4 ? "float32" : "float64")}"));
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"fastneuron convert: {e.Message}");
            return 1;
        }
    }
}
