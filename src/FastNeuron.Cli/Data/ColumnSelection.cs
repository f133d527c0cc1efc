using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>
/// Chooses a CSV file's feature and target columns from its first row. With a header and a model that knows its
/// columns' names (evaluate, predict), the features are the model's columns picked by name, in the model's order,
/// other columns ignored; otherwise by position: every column but the target, in file order.
/// </summary>
internal static class ColumnSelection
{
    /// <param name="path">The file, for messages.</param>
    /// <param name="line">The first row's line.</param>
    /// <param name="header">The first row's cells when they are a header, else null.</param>
    /// <param name="columns">The first row's cell count.</param>
    /// <param name="request">What the command asks for.</param>
    /// <returns>
    /// The layout; its <see cref="CsvLayout.Header"/> is null when the first row is data. A row guessed to be a header
    /// (<see cref="HeaderMode.Auto"/>: a cell is not a number) that holds none of the model's names is data: a
    /// headerless file whose labels are text.
    /// </returns>
    /// <exception cref="InvalidDataException">Two columns share a name, or a model's column is missing.</exception>
    /// <exception cref="ArgumentException">The requested target column is not in the file.</exception>
    public static CsvLayout Choose(string path, int line, string[]? header, int columns, CsvRequest request)
    {
        if (header is not null && request.Model is { HasNames: true } model)
        {
            if (request.Header == HeaderMode.Auto && !model.FeatureNames.Any(name => header.Contains(name) || (name.IndexOf('=') is var at and > 0 && header.Contains(name[..at]))))
            {
                return Choose(path, line, null, columns, request);
            }
            RefuseDuplicateNames(path, line, header);
            return ByName(path, header, request, model);
        }
        if (header is not null) RefuseDuplicateNames(path, line, header);
        int[] targets = TargetsByPosition(path, header, columns, request);
        int[] features = Enumerable.Range(0, columns).Where(c => !targets.Contains(c)).ToArray();
        if (features.Length < 1) throw new InvalidDataException($"{path}: {columns} column{(columns == 1 ? "" : "s")}: no feature column besides the target.");
        string[] names = features.Select(c => header is null ? $"column {c}" : header[c]).ToArray();
        return new CsvLayout(path, header, columns, features, names, targets, MatchedByName: false);
    }

    private static void RefuseDuplicateNames(string path, int line, string[] header)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < header.Length; c++)
        {
            if (!first.TryAdd(header[c], c))
            {
                throw new InvalidDataException($"{path}, line {line}: columns {first[header[c]] + 1} and {c + 1} are both named '{header[c]}'; column names must be unique.");
            }
        }
    }

    private static CsvLayout ByName(string path, string[] header, CsvRequest request, ModelColumns model)
    {
        int[] features = model.FeatureNames.Select(name => Array.IndexOf(header, name)).ToArray();
        // A one-hot input of a text column, named column=category, reads that column.
        string?[] categories = new string?[features.Length];
        for (int j = 0; j < features.Length; j++)
        {
            if (features[j] >= 0 || model.FeatureNames[j].IndexOf('=') is not (var at and > 0)) continue;
            features[j] = Array.IndexOf(header, model.FeatureNames[j][..at]);
            if (features[j] >= 0) categories[j] = model.FeatureNames[j][(at + 1)..];
        }
        string[] missing = model.FeatureNames.Where((_, j) => features[j] < 0).ToArray();
        if (missing.Length > 0)
        {
            string names = string.Join(", ", missing.Take(8).Select(m => $"'{m}'")) + (missing.Length > 8 ? $" and {missing.Length - 8} more" : "");
            throw new InvalidDataException($"{path}: the model's input column{(missing.Length == 1 ? "" : "s")} {names} {(missing.Length == 1 ? "is" : "are")} not in the header.");
        }
        int[] targets = [];
        if (request.TargetRequired)
        {
            string? wanted = request.Target ?? model.TargetName;
            targets = wanted is null ? Last(header.Length, model.TargetCount) : FindAll(header, header.Length, wanted);
            if (targets.Length == 0) throw new ArgumentException($"{path}: there is no target column '{wanted}'; the columns are: {string.Join(", ", header)}.");
            if (targets.FirstOrDefault(features.Contains, -1) is var input and >= 0)
            {
                throw new ArgumentException($"{path}: the target column '{header[input]}' is one of the model's inputs; name the target with --target.");
            }
        }
        return new CsvLayout(path, header, header.Length, features, model.FeatureNames.ToArray(), targets, MatchedByName: true,
            categories.Any(c => c is not null) ? categories : null);
    }

    /// <summary>The target columns' indices by position rules (the last column, or a model's last outputs), or none when optional and absent.</summary>
    private static int[] TargetsByPosition(string path, string[]? header, int columns, CsvRequest request)
    {
        int count = request.Model?.TargetCount ?? 1;
        if (!request.TargetRequired && request.Model?.InputCount == columns) return [];
        string? wanted = request.Target ?? request.Model?.TargetName;
        if (wanted is not null)
        {
            if (FindAll(header, columns, wanted) is { Length: > 0 } found) return found;
            if (request.TargetRequired && (request.Target is not null || header is not null))
            {
                throw new ArgumentException(header is null
                    ? $"{path}: there is no target column '{wanted}': the file has no header, and its columns are 0 to {columns - 1}."
                    : $"{path}: there is no target column '{wanted}'; the columns are: {string.Join(", ", header)}.");
            }
        }
        if (columns < count + 1) throw new InvalidDataException($"{path}: {columns} column{(columns == 1 ? "" : "s")}: a data set needs at least one feature and {(count == 1 ? "a target" : $"{count} targets")}.");
        return Last(columns, count);
    }

    private static int[] Last(int columns, int count) => Enumerable.Range(columns - count, count).ToArray();

    /// <summary>
    /// The columns <paramref name="wanted"/> names: one column (a header name or a 0-based index), else a comma-separated
    /// list of them (<c>--target a,b,c</c>), each found and none twice; empty when any is not found.
    /// </summary>
    private static int[] FindAll(string[]? header, int columns, string wanted)
    {
        if (Find(header, columns, wanted) is var one and >= 0) return [one];
        if (!wanted.Contains(',')) return [];
        int[] found = wanted.Split(',').Select(name => Find(header, columns, name.Trim())).ToArray();
        if (found.Contains(-1)) return [];
        if (found.Distinct().Count() != found.Length) throw new ArgumentException($"--target {wanted}: a column is named twice.");
        return found;
    }

    /// <summary>A column by header name, else by 0-based index; −1 when neither.</summary>
    private static int Find(string[]? header, int columns, string wanted)
    {
        if (header is not null && Array.IndexOf(header, wanted) is var named and >= 0) return named;
        return int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < columns ? index : -1;
    }
}
