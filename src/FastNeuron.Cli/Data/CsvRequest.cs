namespace FastNeuron.Cli.Data;

/// <summary>What a command asks of a CSV file: the options the user gave and, for evaluate and predict, the model's columns.</summary>
/// <param name="Target">The user's --target (a header name or a 0-based index), or null.</param>
/// <param name="Header">Whether the first row (after <paramref name="Skip"/>) names the columns.</param>
/// <param name="Skip">Rows to skip before the header or the data.</param>
/// <param name="TargetRequired">False for predict: a file without a target column is read as features only.</param>
/// <param name="Model">The model's columns (evaluate, predict), or null (train, convert).</param>
/// <param name="Notes">Where warnings about the file go (stderr), or null to drop them.</param>
/// <param name="Impute">True with --impute mean: a missing feature cell (<see cref="Imputation.IsMissing"/>) is read as NaN, to be filled.</param>
/// <param name="OnText">
/// For train: called with (data row, feature, cell) for a feature cell that is text, which is then read as NaN for
/// <see cref="TextColumns"/> to one-hot encode; null: such a cell is an error.
/// </param>
/// <param name="Cells">--decimal-comma and --unseen-category zeros, or null for neither.</param>
internal sealed record CsvRequest(string? Target, HeaderMode Header, int Skip, bool TargetRequired, ModelColumns? Model = null, TextWriter? Notes = null, bool Impute = false,
    Action<int, int, string>? OnText = null, CellReading? Cells = null);
