namespace FastNeuron.Cli.Data;

/// <summary>Which columns of a CSV file are the features (in the order the command feeds them) and which one is the target.</summary>
/// <param name="Path">The file, for messages.</param>
/// <param name="Header">The header's names, or null when the file has none.</param>
/// <param name="Columns">The columns every row must have.</param>
/// <param name="FeatureColumns">Per feature, its 0-based column in the file.</param>
/// <param name="FeatureNames">Per feature, its name (the header's, the model's, or <c>column N</c> without either).</param>
/// <param name="TargetColumns">The targets' 0-based columns (one, several for a multi-output regression, or none).</param>
/// <param name="MatchedByName">True when the features were picked by the model's names from the header.</param>
/// <param name="Categories">
/// Per feature, the category its one-hot input stands for (a model's <c>column=category</c> input: 1 when the
/// column's cell is that text, else 0), or null for a number; null when no feature is one.
/// </param>
internal sealed record CsvLayout(string Path, string[]? Header, int Columns, int[] FeatureColumns, string[] FeatureNames, int[] TargetColumns, bool MatchedByName, string?[]? Categories = null)
{
    public int FeatureCount => FeatureColumns.Length;

    /// <summary>The first target's 0-based column, or −1 without one.</summary>
    public int TargetColumn => TargetColumns.Length == 0 ? -1 : TargetColumns[0];

    /// <summary>The one target column's header name, or null (no header, no target, or several).</summary>
    public string? TargetName => Header is not null && TargetColumns.Length == 1 ? Header[TargetColumns[0]] : null;

    /// <summary>Every target column's header name when there are several and a header, else empty.</summary>
    public string[] TargetNames => Header is not null && TargetColumns.Length > 1 ? TargetColumns.Select(c => Header[c]).ToArray() : [];

    /// <summary>"path, line L, column C ('name')" for a message about one cell (C 1-based, the name only with a header).</summary>
    public string Where(int line, int column) => $"{Path}, line {line}, column {column + 1}{(Header is null ? "" : $" ('{Header[column]}')")}";
}
