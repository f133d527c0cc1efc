namespace FastNeuron.Cli.Data;

/// <summary>How a CSV file's cells are read where the user says otherwise than the defaults.</summary>
/// <param name="DecimalComma">--decimal-comma: numbers are written 1,5 (cells separated by ';' or tab), whatever the first rows show.</param>
/// <param name="UnseenAsZeros">
/// --unseen-category zeros (evaluate, predict): a text cell of a category the model does not know becomes all-zero
/// inputs, counted and said on stderr, instead of an error.
/// </param>
internal sealed record CellReading(bool DecimalComma = false, bool UnseenAsZeros = false);
