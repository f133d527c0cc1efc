using nietras.SeparatedValues;

namespace FastNeuron.Cli.Data;

/// <summary>One data row: its line, its features in the layout's order, and its target cells as written (one per target column; empty without one).</summary>
internal delegate void CsvRowHandler(CsvLayout layout, int line, ReadOnlySpan<double> features, ReadOnlySpan<string> targets);

/// <summary>
/// The command's one CSV reader, for train, evaluate, predict and convert alike: Sep (comma, semicolon or tab, found
/// by <see cref="CsvDialect"/> on the first row after the skipped ones; quotes unescaped, so <c>"1.5"</c> is a number), cells trimmed, the first row after <see cref="CsvRequest.Skip"/> a header
/// when asked or when any of its cells is not a number, columns chosen by <see cref="ColumnSelection"/>, every feature
/// cell a finite float64. Rows stream to a handler, so a file larger than memory can be converted.
/// </summary>
internal static class CsvRows
{
    /// <summary>Reads <paramref name="path"/>, calling <paramref name="onRow"/> per data row; returns the layout.</summary>
    /// <exception cref="CliException">The file does not exist, is a folder or is empty.</exception>
    /// <exception cref="InvalidDataException">A ragged row, a cell that is not a finite number, an empty target, duplicate column names, a model's column missing, or no data rows; the message names the file, the line and the column.</exception>
    /// <exception cref="ArgumentException">The requested target column is not in the file.</exception>
    public static CsvLayout Read(string path, CsvRequest request, CsvRowHandler onRow)
    {
        DataFile.CheckReadable(path);
        CsvDialect dialect = CsvDialect.Detect(path, request.Skip, request.Cells?.DecimalComma ?? false, request.Notes);
        using SepReader reader = Sep.Reader(o => o with { Sep = new Sep(dialect.Separator), HasHeader = false, DisableColCountCheck = true, Unescape = true }).FromFile(path);
        CsvLayout? layout = null;
        int skipped = 0, rows = 0, read = 0, firstLine = 0;
        string notNamed = "";   // why a first row of text is read as data, when it holds none of a model's names
        double[] features = [];
        string[] targets = [];
        Dictionary<int, HashSet<string>> known = [];
        var unseen = new UnseenCategories();
        foreach (SepReader.Row row in reader)
        {
            // Sep numbers the file's first row as line 2; it starts on line 1.
            int line = read++ == 0 ? 1 : row.LineNumberFrom;
            if (skipped < request.Skip)
            {
                skipped++;
                continue;
            }
            if (layout is null)
            {
                var first = new string[row.ColCount];
                for (int c = 0; c < first.Length; c++) first[c] = row[c].Span.Trim().ToString();
                bool isHeader = request.Header == HeaderMode.Yes || (request.Header == HeaderMode.Auto && first.Any(cell => !dialect.IsNumber(cell)));
                layout = ColumnSelection.Choose(path, line, isHeader ? first : null, first.Length, request);
                features = new double[layout.FeatureCount];
                targets = new string[layout.TargetColumns.Length];
                known = TextColumns.KnownCategories(layout);
                firstLine = line;
                if (isHeader && layout.Header is null) notNamed = HeaderCheck.NotTheModelsNames(line, request.Model!);
                if (layout.Header is not null && request.Header == HeaderMode.Auto) HeaderCheck.WarnIfNumeric(path, line, layout.Header, dialect, request.Notes);
                if (layout.Header is not null) continue;
            }
            if (row.ColCount != layout.Columns)
            {
                // The first data row after a first row of another width: most often a line before the data, as
                // scikit-learn's bundled CSVs start with (rows, features, class names).
                string before = rows == 0 && layout.Header is not null
                    ? $" Line {firstLine} may be a line before the data (scikit-learn's bundled CSVs start with one: rows, features, class names); --skip 1 skips it."
                    : "";
                throw new InvalidDataException($"{path}, line {line}: {row.ColCount} columns where the first row has {layout.Columns}: malformed CSV.{before}");
            }
            foreach ((int column, HashSet<string> categories) in known)
            {
                string cell = row[column].Span.Trim().ToString();
                // A missing cell under --impute mean takes the model's means below, as train filled it.
                if (!categories.Contains(cell) && !(request.Impute && Imputation.IsMissing(cell)))
                {
                    if (request.Cells?.UnseenAsZeros == true)
                    {
                        unseen.Add(layout, line, column, cell);
                        continue;
                    }
                    throw new InvalidDataException($"{layout.Where(line, column)}: '{cell}' is not a category the model knows for this column ({string.Join(", ", categories.Order(StringComparer.Ordinal).Take(8))}{(categories.Count > 8 ? ", …" : "")}); its categories were learned from the training rows. --unseen-category zeros reads such a cell as no category (all-zero inputs).");
                }
            }
            for (int j = 0; j < features.Length; j++)
            {
                int c = layout.FeatureColumns[j];
                ReadOnlySpan<char> cell = row[c].Span.Trim();
                if (layout.Categories?[j] is { } category)
                {
                    // A missing category is missing in each of its inputs: --impute mean fills them with the model's
                    // means, the training rows' frequencies of the categories, as train did.
                    features[j] = request.Impute && Imputation.IsMissing(cell) ? double.NaN : cell.SequenceEqual(category) ? 1 : 0;
                    continue;
                }
                if (!dialect.TryParse(cell, out features[j]) || !double.IsFinite(features[j]))
                {
                    bool missing = Imputation.IsMissing(cell);
                    if (missing && request.Impute)
                    {
                        features[j] = double.NaN;
                        continue;
                    }
                    // A number with a decimal comma in a file read with decimal points is no category: it is refused, naming the option.
                    if (!missing && request.OnText is { } onText && !dialect.MayMeanDecimalComma(cell))
                    {
                        features[j] = double.NaN;
                        onText(rows, j, cell.ToString());
                        continue;
                    }
                    throw new InvalidDataException($"{layout.Where(line, c)}: '{cell.ToString()}' is not a finite number." +
                        (missing ? " If it marks a missing value, --impute mean fills such cells with the column's training mean." : "") +
                        (dialect.MayMeanDecimalComma(cell) ? $" If the file writes decimal commas, --decimal-comma reads it as {cell.ToString().Replace(',', '.')}." : "") +
                        (line == firstLine ? notNamed : ""));
                }
            }
            for (int k = 0; k < targets.Length; k++)
            {
                targets[k] = dialect.Invariant(row[layout.TargetColumns[k]].Span.Trim().ToString());
                if (targets[k].Length == 0) throw new InvalidDataException($"{layout.Where(line, layout.TargetColumns[k])}: the target is empty.");
            }
            onRow(layout, line, features, targets);
            rows++;
        }
        if (layout is null || rows == 0)
        {
            throw new InvalidDataException($"{path}: no data rows{(layout is null ? " (the file has only blank lines or skipped lines)" : " after the header")}.");
        }
        if (unseen.Note(path) is { } note) request.Notes?.WriteLine(note);
        return layout;
    }
}
