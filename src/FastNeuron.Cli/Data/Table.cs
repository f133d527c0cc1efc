using System.Globalization;
using nietras.SeparatedValues;

namespace FastNeuron.Cli.Data;

/// <summary>
/// A data file read for the command: features (rows × columns, float32), and the target column's cells as text (CSV)
/// or the target vectors (FANN). CSV goes through Sep, the command's one CSV reader; FANN files through
/// <see cref="FannFile"/>. Every error names the file, the line and the column.
/// </summary>
internal sealed class Table
{
    public required string Path { get; init; }
    public required string[] FeatureNames { get; init; }
    public required string? TargetName { get; init; }
    /// <summary>Rows × features, parsed as float64 (the command rounds them once to the network's type).</summary>
    public required double[] Features { get; init; }
    /// <summary>Per row, the target cell as written (CSV), or the class index / value (FANN); null without a target.</summary>
    public required string[]? Targets { get; init; }
    /// <summary>Per row, the file's line where the row starts (for messages).</summary>
    public required int[] Lines { get; init; }
    /// <summary>True for FANN files, whose one-hot outputs become class labels "0", "1", …</summary>
    public bool FromFann { get; init; }

    public int Rows => Lines.Length;
    public int FeatureCount => FeatureNames.Length;

    /// <summary>The features of <paramref name="rows"/>, in that order, each rounded once to T (rows × features).</summary>
    public T[] Gather<T>(IReadOnlyList<int> rows)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int columns = FeatureCount;
        var x = new T[rows.Count * columns];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = 0; j < columns; j++) x[i * columns + j] = T.CreateChecked(Features[rows[i] * columns + j]);
        }
        return x;
    }

    public static bool IsFann(string path, string format)
        => format == "fann" || (format == "auto" && System.IO.Path.GetExtension(path).ToLowerInvariant() is ".data" or ".train" or ".test" or ".fann");

    /// <summary>
    /// Reads <paramref name="path"/>. <paramref name="target"/> names the target column (header name or 0-based index;
    /// default the last column); with <paramref name="targetRequired"/> false, a file without that column is read as
    /// features only (for predict).
    /// </summary>
    public static Table Read(string path, string? target, HeaderMode header, int skip, string format, bool targetRequired, int? expectedFeatures = null)
    {
        if (!File.Exists(path)) throw new CliException($"{path}: no such file.");
        if (new FileInfo(path).Length == 0) throw new CliException($"{path}: the file is empty.");
        return IsFann(path, format) ? ReadFann(path) : ReadCsv(path, target, header, skip, targetRequired, expectedFeatures);
    }

    private static Table ReadFann(string path)
    {
        FannData data;
        try
        {
            data = FannFile.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new CliException(e.Message);
        }
        var targets = new string[data.Rows];
        bool oneHot = data.OutputCount > 1;
        for (int i = 0; i < data.Rows; i++)
        {
            ReadOnlySpan<float> y = data.Outputs.AsSpan(i * data.OutputCount, data.OutputCount);
            targets[i] = oneHot ? Metrics.ArgMax(y).ToString(CultureInfo.InvariantCulture) : y[0].ToString("R", CultureInfo.InvariantCulture);
        }
        return new Table
        {
            Path = path,
            FeatureNames = Enumerable.Range(0, data.InputCount).Select(j => $"x{j}").ToArray(),
            TargetName = null,
            Features = Array.ConvertAll(data.Inputs, v => (double)v),
            Targets = targets,
            // FANN pairs take two lines after the header line: inputs on 2 + 2i, outputs on 3 + 2i.
            Lines = Enumerable.Range(0, data.Rows).Select(i => 2 + 2 * i).ToArray(),
            FromFann = true,
        };
    }

    private static Table ReadCsv(string path, string? target, HeaderMode header, int skip, bool targetRequired, int? expectedFeatures)
    {
        using SepReader reader = Sep.Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = true }).FromFile(path);
        string[]? names = null;
        int columns = -1, targetIndex = -1, skipped = 0;
        string? targetName = null;
        var features = new List<double>();
        var targets = new List<string>();
        var lines = new List<int>();
        double[] row = [];
        foreach (SepReader.Row csvRow in reader)
        {
            if (skipped < skip)
            {
                skipped++;
                continue;
            }
            int line = csvRow.LineNumberFrom;
            if (columns < 0)
            {
                columns = csvRow.ColCount;
                var first = new string[columns];
                for (int c = 0; c < columns; c++) first[c] = csvRow[c].ToString().Trim();
                bool isHeader = header == HeaderMode.Yes || (header == HeaderMode.Auto && first.Any(cell => !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
                targetIndex = TargetIndex(path, target, columns, isHeader ? first : null, targetRequired, expectedFeatures);
                int featureCount = targetIndex >= 0 ? columns - 1 : columns;
                if (featureCount < 1) throw new CliException($"{path}: {columns} column{(columns == 1 ? "" : "s")}: no feature column besides the target.");
                names = isHeader
                    ? first.Where((_, c) => c != targetIndex).ToArray()
                    : Enumerable.Range(0, columns).Where(c => c != targetIndex).Select(c => $"column {c}").ToArray();
                row = new double[featureCount];
                targetName = isHeader && targetIndex >= 0 ? first[targetIndex] : null;
                if (isHeader) continue;
            }
            if (csvRow.ColCount != columns)
            {
                throw new CliException($"{path}, line {line}: {csvRow.ColCount} columns where the first row has {columns}: malformed CSV.");
            }
            string? targetCell = null;
            for (int c = 0, j = 0; c < columns; c++)
            {
                ReadOnlySpan<char> cell = csvRow[c].Span.Trim();
                if (c == targetIndex)
                {
                    targetCell = cell.ToString();
                    if (targetCell.Length == 0) throw new CliException($"{path}, line {line}, column {c + 1}{(targetName is null ? "" : $" ('{targetName}')")}: the target is empty.");
                    continue;
                }
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                {
                    throw new CliException($"{path}, line {line}, column {c + 1} ('{names![j]}'): '{cell.ToString()}' is not a finite number.");
                }
                row[j++] = value;
            }
            features.AddRange(row);
            if (targetCell is not null) targets.Add(targetCell);
            lines.Add(line);
        }
        if (columns < 0 || lines.Count == 0)
        {
            throw new CliException($"{path}: no data rows{(columns < 0 ? " (the file has only blank lines or skipped lines)" : " after the header")}.");
        }
        return new Table
        {
            Path = path,
            FeatureNames = names!,
            TargetName = targetName,
            Features = features.ToArray(),
            Targets = targetIndex >= 0 ? targets.ToArray() : null,
            Lines = lines.ToArray(),
        };
    }

    /// <summary>The target column's index, or −1 when it is optional and absent.</summary>
    private static int TargetIndex(string path, string? target, int columns, string[]? names, bool required, int? expectedFeatures)
    {
        if (!required && expectedFeatures == columns) return -1;
        if (target is not null)
        {
            if (names is not null && Array.IndexOf(names, target) is var named and >= 0) return named;
            if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < columns) return index;
            if (required)
            {
                throw new CliException(names is null
                    ? $"{path}: there is no target column '{target}': the file has no header, and its columns are 0 to {columns - 1}."
                    : $"{path}: there is no target column '{target}'; the columns are: {string.Join(", ", names)}.");
            }
        }
        if (columns < 2) throw new CliException($"{path}: 1 column: a data set needs at least one feature and a target.");
        return columns - 1;
    }
}
