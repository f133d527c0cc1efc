using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>
/// A first row taken as the header because some cell is not a number, but which holds numbers too, is most often
/// not a header: a data row with a typo (<c>1,x,0</c>), or a line before the header such as scikit-learn's
/// <c>150,4,setosa,versicolor,virginica</c>. Either way the command goes on (the row may be a header with numeric
/// names), and says so once. For evaluate and predict, a first row of text that holds none of the model's input
/// names is read as data, and an error on it says why and suggests --skip 1.
/// </summary>
internal static class HeaderCheck
{
    /// <summary>Writes one warning to <paramref name="notes"/> when any of <paramref name="header"/>'s cells is a number (as <paramref name="dialect"/> writes numbers).</summary>
    public static void WarnIfNumeric(string path, int line, string[] header, CsvDialect dialect, TextWriter? notes)
    {
        string[] numbers = header.Where(dialect.IsNumber).ToArray();
        if (numbers.Length == 0 || notes is null) return;
        string[] text = header.Where(cell => !dialect.IsNumber(cell)).ToArray();
        notes.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warning: {path}, line {line} was taken as the header because {Quote(text)} {(text.Length == 1 ? "is not a number" : "are not numbers")}, but {numbers.Length} of its {header.Length} cells are numbers ({Quote(numbers)}). " +
            $"If it is data with a mistyped cell, fix the cell (--header No reads line {line} as data and names it); if it is a line before the header or the data (scikit-learn's bundled CSVs start with one), add --skip 1."));
    }

    /// <summary>
    /// The hint for an error on a first row of text that holds none of the model's input names, and so was read as
    /// data: most often a line before the data, as scikit-learn's bundled CSVs start with.
    /// </summary>
    public static string NotTheModelsNames(int line, ModelColumns model) => string.Create(CultureInfo.InvariantCulture,
        $" Line {line} holds none of the model's input names ({Quote(model.FeatureNames.ToArray())}), so it was read as data; if it is a line before the data (scikit-learn's bundled CSVs start with one: rows, features, class names), --skip 1 skips it.");

    private static string Quote(string[] cells) => string.Join(", ", cells.Take(3).Select(c => $"'{c}'")) + (cells.Length > 3 ? ", …" : "");
}
