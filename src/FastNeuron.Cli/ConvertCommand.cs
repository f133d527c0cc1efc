using System.Globalization;
using System.Numerics;
using FastNeuron.IO;
using FastNeuron.Cli.Data;

namespace FastNeuron.Cli;

/// <summary>
/// <c>fastneuron convert</c>: a CSV file (through <see cref="CsvRows"/>, the command's one CSV reader, as train reads it) streamed into a memory-mappable
/// matrix file (docs/matrix-format.md) by the core's <see cref="MatrixFileWriter{T}"/>; one clear line on stderr and
/// exit 1 on failure.
/// </summary>
internal static class ConvertCommand
{
    /// <summary>
    /// The header mode from <c>--header</c> (as train, evaluate and predict take it; default Auto) and
    /// <c>--no-header</c>, kept as the same as <c>--header No</c> for scripts written before convert took
    /// <c>--header</c>; the two together must agree.
    /// </summary>
    public static HeaderMode Header(HeaderMode? header, bool noHeader)
    {
        if (noHeader && header is not null and not HeaderMode.No) throw new CliException($"--header {header} and --no-header: the second is --header No; give one of them.");
        return noHeader ? HeaderMode.No : header ?? HeaderMode.Auto;
    }

    public static int Run(FileInfo csv, FileInfo output, string? target, HeaderMode header, int elementSize, TextWriter stdout, TextWriter stderr, bool decimalComma = false)
    {
        try
        {
            OutputPaths.RefuseInputs(output.FullName, "output", (csv.FullName, "CSV file"));
            (long rows, int columns) = Convert(csv.FullName, output.FullName, target, header, elementSize, stderr, decimalComma);
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
    /// <param name="header">Whether the first line names the columns (Auto: when any cell is not a number).</param>
    /// <param name="elementSize">4 for float32, 8 for float64.</param>
    /// <param name="notes">Where warnings about the file go (stderr), or null.</param>
    /// <param name="decimalComma">--decimal-comma: numbers are written 1,5 (as detected from the first rows otherwise).</param>
    /// <returns>The rows and input columns written.</returns>
    internal static (long Rows, int Columns) Convert(string csvPath, string outputPath, string? target = null, HeaderMode header = HeaderMode.Auto, int elementSize = 4, TextWriter? notes = null, bool decimalComma = false)
        => elementSize switch
        {
            4 => Convert<float>(csvPath, outputPath, target, header, notes, decimalComma),
            8 => Convert<double>(csvPath, outputPath, target, header, notes, decimalComma),
            _ => throw new ArgumentOutOfRangeException(nameof(elementSize), elementSize, "elementSize must be 4 (float32) or 8 (float64)."),
        };

    private static (long, int) Convert<T>(string csvPath, string outputPath, string? target, HeaderMode header, TextWriter? notes, bool decimalComma)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        MatrixFileWriter<T>? writer = null;
        try
        {
            T[] row = [];
            T[] y = new T[1];
            CsvLayout layout = CsvRows.Read(csvPath, new CsvRequest(target, header, Skip: 0, TargetRequired: true, Notes: notes, Cells: new CellReading(decimalComma)), (layout, line, features, cells) =>
            {
                if (writer is null)
                {
                    if (layout.TargetColumns.Length != 1) throw new ArgumentException($"--target {target}: a matrix file holds one target column; this names {layout.TargetColumns.Length}.");
                    writer = new MatrixFileWriter<T>(outputPath, layout.FeatureCount);
                    row = new T[layout.FeatureCount];
                }
                for (int j = 0; j < features.Length; j++)
                {
                    if (!ElementRange.TryRound(features[j], out row[j])) throw new InvalidDataException($"{layout.Where(line, layout.FeatureColumns[j])}: {ElementRange.OutOfRange<T>(features[j])}.");
                }
                // The target is a number here (a matrix file holds numbers), read by the same rules as a feature.
                string cell = cells[0];
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                {
                    throw new InvalidDataException($"{layout.Where(line, layout.TargetColumn)}: '{cell}' is not a finite number.");
                }
                if (!ElementRange.TryRound(value, out y[0])) throw new InvalidDataException($"{layout.Where(line, layout.TargetColumn)}: {ElementRange.OutOfRange<T>(value)}.");
                writer.WriteRows(row, y);
            });
            writer!.Commit();
            return (writer.Rows, layout.FeatureCount);
        }
        finally
        {
            writer?.Dispose();
        }
    }
}
