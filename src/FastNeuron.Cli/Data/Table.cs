using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>
/// A data file read for the command: features (rows × columns, float64), and the target column's cells as text (CSV)
/// or the target vectors (FANN). CSV goes through <see cref="CsvRows"/>, the command's one CSV reader; FANN files
/// through <see cref="FannFile"/>. Every error names the file, the line and the column.
/// </summary>
internal sealed class Table
{
    public required string Path { get; init; }
    public required string[] FeatureNames { get; init; }
    public required string? TargetName { get; init; }
    /// <summary>Rows × features, parsed as float64 (the command rounds them once to the network's type).</summary>
    public required double[] Features { get; init; }
    /// <summary>Per feature, its 1-based column in the file (for messages).</summary>
    public required int[] FeatureColumns { get; init; }
    /// <summary>
    /// Per row, its <see cref="TargetCount"/> target cells as written (CSV), or the class index / the values (FANN),
    /// row-major; null without a target.
    /// </summary>
    public required string[]? Targets { get; init; }
    /// <summary>The target cells per row: 1, or several for a multi-output regression.</summary>
    public int TargetCount { get; init; } = 1;
    /// <summary>The targets' names when there are several and a header names them, else empty.</summary>
    public string[] TargetNames { get; init; } = [];
    /// <summary>Per row, the file's line where the row starts (for messages).</summary>
    public required int[] Lines { get; init; }
    /// <summary>True for FANN files, whose one-hot outputs become class labels "0", "1", … (other outputs stay numbers).</summary>
    public bool FromFann { get; init; }
    /// <summary>True when the file has a header (the features' names are then its names).</summary>
    public bool HasHeader { get; init; }
    /// <summary>With text features allowed (train), each text feature cell by (data row, feature), its feature read as NaN; null otherwise.</summary>
    public Dictionary<(int Row, int Feature), string>? Texts { get; init; }
    /// <summary>True when the features were picked from the header by a model's names, in the model's order.</summary>
    public bool MatchedByName { get; init; }

    public int Rows => Lines.Length;
    public int FeatureCount => FeatureNames.Length;

    /// <summary>The features of <paramref name="rows"/>, in that order, each rounded once to T (rows × features).</summary>
    /// <exception cref="InvalidDataException">A value is beyond T's range; the message names the file, the line and the column.</exception>
    public T[] Gather<T>(IReadOnlyList<int> rows)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int columns = FeatureCount;
        var x = new T[rows.Count * columns];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                double value = Features[rows[i] * columns + j];
                if (!ElementRange.TryRound(value, out x[i * columns + j])) throw new InvalidDataException($"{Where(rows[i], j)}: {ElementRange.OutOfRange<T>(value)}.");
            }
        }
        return x;
    }

    /// <summary>"path, line L, column C ('name')" for feature <paramref name="feature"/> of row <paramref name="row"/>.</summary>
    public string Where(int row, int feature)
        => $"{Path}, line {Lines[row]}, column {FeatureColumns[feature]}{(HasHeader ? $" ('{FeatureNames[feature]}')" : "")}";

    public static bool IsFann(string path, string format)
        => format == "fann" || (format == "auto" && System.IO.Path.GetExtension(path).ToLowerInvariant() is ".data" or ".train" or ".test" or ".fann");

    /// <summary>
    /// Reads <paramref name="path"/>. <paramref name="target"/> names the target column (header name or 0-based index;
    /// default the model's target, else the last column); with <paramref name="targetRequired"/> false, a file without
    /// that column is read as features only (for predict). With <paramref name="model"/> and a header, the model's
    /// columns are picked by name (<see cref="ColumnSelection"/>). Warnings about the file go to <paramref name="notes"/>.
    /// With <paramref name="impute"/>, a missing CSV feature cell is read as NaN for <see cref="Imputation"/> to fill;
    /// with <paramref name="textFeatures"/>, a text cell is read as NaN and kept in <see cref="Texts"/> for <see cref="TextColumns"/>;
    /// <paramref name="cells"/> are --decimal-comma and --unseen-category zeros.
    /// </summary>
    public static Table Read(string path, string? target, HeaderMode header, int skip, string format, bool targetRequired, ModelColumns? model = null, TextWriter? notes = null, bool impute = false, bool textFeatures = false,
        CellReading? cells = null)
    {
        if (skip < 0) throw new CliException($"--skip {skip}: the rows to skip cannot be negative.");
        if (!IsFann(path, format)) return ReadCsv(path, new CsvRequest(target, header, skip, targetRequired, model, notes, impute, Cells: cells), textFeatures);
        string? csvOnly = target is not null ? $"--target {target}" : skip != 0 ? $"--skip {skip}" : header != HeaderMode.Auto ? $"--header {header}" : cells?.DecimalComma == true ? "--decimal-comma" : null;
        if (csvOnly is not null) throw new CliException($"{csvOnly}: {path} is FANN data, whose header line gives the inputs and the outputs; the option is for CSV files (--format csv reads it as CSV).");
        DataFile.CheckReadable(path);
        return ReadFann(path);
    }

    private static Table ReadFann(string path)
    {
        FannData data = FannFile.Read(path);
        // Classes only when every row is exactly one-hot (one 1, the rest 0); any other outputs are a regression
        // with one target per output, as libfann trains them.
        bool oneHot = data.OutputCount > 1 && Enumerable.Range(0, data.Rows).All(i => IsOneHot(data.Outputs.AsSpan(i * data.OutputCount, data.OutputCount)));
        int targetCount = data.OutputCount > 1 && !oneHot ? data.OutputCount : 1;
        var targets = new string[data.Rows * targetCount];
        for (int i = 0; i < data.Rows; i++)
        {
            ReadOnlySpan<float> y = data.Outputs.AsSpan(i * data.OutputCount, data.OutputCount);
            if (oneHot) targets[i] = Metrics.ArgMax(y).ToString(CultureInfo.InvariantCulture);
            else for (int k = 0; k < targetCount; k++) targets[i * targetCount + k] = y[k].ToString("R", CultureInfo.InvariantCulture);
        }
        return new Table
        {
            Path = path,
            FeatureNames = Enumerable.Range(0, data.InputCount).Select(j => $"x{j}").ToArray(),
            FeatureColumns = Enumerable.Range(1, data.InputCount).ToArray(),
            TargetName = null,
            Features = Array.ConvertAll(data.Inputs, v => (double)v),
            Targets = targets,
            TargetCount = targetCount,
            Lines = data.Lines,
            FromFann = true,
        };
    }

    private static bool IsOneHot(ReadOnlySpan<float> y)
    {
        int ones = 0;
        foreach (float v in y)
        {
            if (v == 1) ones++;
            else if (v != 0) return false;
        }
        return ones == 1;
    }

    private static Table ReadCsv(string path, CsvRequest request, bool textFeatures)
    {
        var texts = new Dictionary<(int Row, int Feature), string>();
        if (textFeatures) request = request with { OnText = (row, feature, text) => texts[(row, feature)] = text };
        var features = new List<double>();
        var targets = new List<string>();
        var lines = new List<int>();
        CsvLayout layout = CsvRows.Read(path, request, (_, line, row, cells) =>
        {
            features.AddRange(row);
            foreach (string cell in cells) targets.Add(cell);
            lines.Add(line);
        });
        return new Table
        {
            Path = path,
            FeatureNames = layout.FeatureNames,
            FeatureColumns = layout.FeatureColumns.Select(c => c + 1).ToArray(),
            TargetName = layout.TargetName,
            Features = features.ToArray(),
            Targets = layout.TargetColumns.Length > 0 ? targets.ToArray() : null,
            TargetCount = Math.Max(1, layout.TargetColumns.Length),
            TargetNames = layout.TargetNames,
            Lines = lines.ToArray(),
            HasHeader = layout.Header is not null,
            MatchedByName = layout.MatchedByName,
            Texts = textFeatures ? texts : null,
        };
    }
}
