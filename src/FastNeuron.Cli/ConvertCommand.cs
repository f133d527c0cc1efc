using System.Globalization;
using System.Numerics;
using FastNeuron.IO;
using nietras.SeparatedValues;

namespace FastNeuron.Cli;

/// <summary>
/// <c>fastneuron convert</c>: a CSV file (through Sep, the command's one CSV reader) streamed into a memory-mappable
/// matrix file (docs/matrix-format.md) by the core's <see cref="MatrixFileWriter{T}"/>; one clear line on stderr and
/// exit 1 on failure.
/// </summary>
internal static class ConvertCommand
{
    public static int Run(FileInfo csv, FileInfo output, string? target, bool hasHeader, int elementSize, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            OutputPaths.RefuseInputs(output.FullName, "output", (csv.FullName, "CSV file"));
            (long rows, int columns) = Convert(csv.FullName, output.FullName, target, hasHeader, elementSize);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{output.FullName}: {rows:N0} rows × {columns} inputs + target, {(elementSize == 4 ? "float32" : "float64")}"));
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or CliException)
        {
            stderr.WriteLine(Cli.ErrorLine("convert", e));
            return 1;
        }
    }

    /// <summary>
    /// Converts a CSV file (comma, semicolon or tab separated; header optional) into a matrix file: every column but
    /// the target becomes an input. Fails with the line and column of a bad cell, and leaves no output file behind.
    /// </summary>
    /// <param name="csvPath">The CSV file.</param>
    /// <param name="outputPath">The matrix file to write.</param>
    /// <param name="target">The target column: a header name, or a 0-based index; null for the last column.</param>
    /// <param name="hasHeader">Whether the first line names the columns.</param>
    /// <param name="elementSize">4 for float32, 8 for float64.</param>
    /// <returns>The rows and input columns written.</returns>
    internal static (long Rows, int Columns) Convert(string csvPath, string outputPath, string? target = null, bool hasHeader = true, int elementSize = 4)
        => elementSize switch
        {
            4 => Convert<float>(csvPath, outputPath, target, hasHeader),
            8 => Convert<double>(csvPath, outputPath, target, hasHeader),
            _ => throw new ArgumentOutOfRangeException(nameof(elementSize), elementSize, "elementSize must be 4 (float32) or 8 (float64)."),
        };

    private static (long, int) Convert<T>(string csvPath, string outputPath, string? target, bool hasHeader)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!File.Exists(csvPath))
        {
            throw new FileNotFoundException($"{csvPath}: no such file.", csvPath);
        }
        using var reader = Sep.Reader(o => o with { HasHeader = hasHeader, DisableColCountCheck = true }).FromFile(csvPath);
        int columnCount = hasHeader ? reader.Header.ColNames.Count : -1;
        int targetIndex = -1;
        MatrixFileWriter<T>? writer = null;
        try
        {
            T[] row = [];
            T[] y = new T[1];
            foreach (var csvRow in reader)
            {
                int line = csvRow.LineNumberFrom;
                if (columnCount < 0)
                {
                    columnCount = csvRow.ColCount;
                }
                if (targetIndex < 0)
                {
                    targetIndex = ResolveTarget(csvPath, target, columnCount, hasHeader ? reader.Header.ColNames : null);
                    writer = new MatrixFileWriter<T>(outputPath, columnCount - 1);
                    row = new T[columnCount - 1];
                }
                if (csvRow.ColCount != columnCount)
                {
                    throw new InvalidDataException($"{csvPath}, line {line}: {csvRow.ColCount} columns where the {(hasHeader ? "header" : "first line")} has {columnCount}.");
                }
                for (int c = 0, input = 0; c < columnCount; c++)
                {
                    ReadOnlySpan<char> cell = csvRow[c].Span.Trim();
                    if (!T.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out T value) || !T.IsFinite(value))
                    {
                        string name = hasHeader ? $" ('{reader.Header.ColNames[c]}')" : "";
                        throw new InvalidDataException($"{csvPath}, line {line}, column {c + 1}{name}: '{cell.ToString()}' is not a finite number.");
                    }
                    if (c == targetIndex) y[0] = value;
                    else row[input++] = value;
                }
                writer!.WriteRows(row, y);
            }
            if (writer is null || writer.Rows == 0)
            {
                throw new InvalidDataException($"{csvPath}: no data rows.");
            }
            writer.Commit();
            return (writer.Rows, columnCount - 1);
        }
        finally
        {
            writer?.Dispose();
        }
    }

    private static int ResolveTarget(string csvPath, string? target, int columnCount, IReadOnlyList<string>? names)
    {
        if (columnCount < 2)
        {
            throw new InvalidDataException($"{csvPath}: {columnCount} column; a training set needs at least one input and a target.");
        }
        if (target is null)
        {
            return columnCount - 1;
        }
        if (names is not null)
        {
            for (int i = 0; i < names.Count; i++)
            {
                if (names[i] == target) return i;
            }
        }
        if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < columnCount)
        {
            return index;
        }
        throw new ArgumentException(
            $"{csvPath}: there is no target column '{target}'" + (names is null ? $" (columns are 0 to {columnCount - 1})." : $"; the columns are: {string.Join(", ", names)}."),
            nameof(target));
    }
}
