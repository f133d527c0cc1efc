using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>
/// The cells <c>--unseen-category zeros</c> read as no category (all-zero inputs, as a category the training rows
/// lacked was encoded for validation): counted per column, with the first one's line and text, for one line on stderr.
/// </summary>
internal sealed class UnseenCategories
{
    private readonly SortedDictionary<int, (string Name, int Count, int FirstLine, string FirstCell)> _columns = [];

    public int Count => _columns.Values.Sum(c => c.Count);

    /// <summary>Counts one cell of <paramref name="column"/> (0-based in the file).</summary>
    public void Add(CsvLayout layout, int line, int column, string cell)
    {
        string name = layout.Header is null ? $"column {column + 1}" : $"'{layout.Header[column]}'";
        _columns[column] = _columns.TryGetValue(column, out var seen) ? seen with { Count = seen.Count + 1 } : (name, 1, line, cell);
    }

    /// <summary>"path: N cells of a category the model does not know became zeros …", or null when there were none.</summary>
    public string? Note(string path)
    {
        if (_columns.Count == 0) return null;
        string columns = string.Join("; ", _columns.Values.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Name} {c.Count:N0} (the first '{c.FirstCell}' on line {c.FirstLine})")));
        return string.Create(CultureInfo.InvariantCulture,
            $"{path}: {Count:N0} cell{(Count == 1 ? "" : "s")} of a category the model does not know became all-zero inputs (--unseen-category zeros): {columns}.");
    }
}
