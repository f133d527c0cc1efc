using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>
/// Text feature columns (a penguins-style <c>island</c>), one-hot encoded: <c>train</c> reads a feature column whose
/// every cell is text as categories, learned from the training rows (ordinal order) and kept in the model as its
/// inputs' names, <c>island=Biscoe</c>, <c>island=Dream</c>, …; <c>evaluate</c> and <c>predict</c> turn the column
/// back into those inputs by name (<see cref="ColumnSelection"/>) and refuse a category the model does not know. A
/// column that mixes numbers and text is still an error naming its first text cell.
/// </summary>
internal static class TextColumns
{
    /// <summary>Per text column of a model's layout, the categories the model knows.</summary>
    public static Dictionary<int, HashSet<string>> KnownCategories(CsvLayout layout)
    {
        var known = new Dictionary<int, HashSet<string>>();
        for (int j = 0; layout.Categories is not null && j < layout.Categories.Length; j++)
        {
            if (layout.Categories[j] is not { } category) continue;
            if (!known.TryGetValue(layout.FeatureColumns[j], out HashSet<string>? set)) known[layout.FeatureColumns[j]] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(category);
        }
        return known;
    }

    /// <summary>
    /// <paramref name="table"/> with each text column replaced by one 0/1 input per category of
    /// <paramref name="trainRows"/> (a row whose category the training rows lack, which only a validation row can
    /// have, gets zeros; a missing cell under --impute mean gets NaN in each input, which imputation then fills with
    /// the training rows' means: the categories' frequencies); unchanged without text. Says what it did on
    /// <paramref name="notes"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A column holds numbers and text: its first text cell, by file, line and column.</exception>
    /// <exception cref="CliException">A text column in a file without a header, whose inputs would have no names to be found by.</exception>
    public static Table OneHot(Table table, int[] trainRows, TextWriter notes)
    {
        if (table.Texts is not { Count: > 0 } texts) return table;
        int columns = table.FeatureCount, rows = table.Rows;
        var isText = new bool[columns];
        foreach (int j in texts.Keys.Select(k => k.Feature).Distinct())
        {
            int numbers = Enumerable.Range(0, rows).Count(r => !double.IsNaN(table.Features[r * columns + j]));
            if (numbers > 0)
            {
                int first = texts.Keys.Where(k => k.Feature == j).Min(k => k.Row);
                throw new InvalidDataException($"{table.Where(first, j)}: '{texts[(first, j)]}' is not a finite number.");
            }
            if (!table.HasHeader)
            {
                throw new CliException($"{table.Where(texts.Keys.Where(k => k.Feature == j).Min(k => k.Row), j)}: the column holds text, which train one-hot encodes by the column's name; give the file a header row.");
            }
            isText[j] = true;
        }
        var categories = new string[columns][];
        for (int j = 0; j < columns; j++)
        {
            categories[j] = isText[j] ? trainRows.Select(r => texts.GetValueOrDefault((r, j))).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray() : [];
        }
        int width = Enumerable.Range(0, columns).Sum(j => isText[j] ? categories[j].Length : 1);
        var names = new List<string>();
        var sources = new List<int>();
        for (int j = 0; j < columns; j++)
        {
            if (!isText[j])
            {
                names.Add(table.FeatureNames[j]);
                sources.Add(table.FeatureColumns[j]);
                continue;
            }
            names.AddRange(categories[j].Select(c => $"{table.FeatureNames[j]}={c}"));
            sources.AddRange(categories[j].Select(_ => table.FeatureColumns[j]));
        }
        var features = new double[rows * width];
        int unseen = 0;
        for (int r = 0; r < rows; r++)
        {
            int at = r * width;
            for (int j = 0; j < columns; j++)
            {
                if (!isText[j])
                {
                    features[at++] = table.Features[r * columns + j];
                    continue;
                }
                int index = texts.TryGetValue((r, j), out string? text) ? Array.BinarySearch(categories[j], text, StringComparer.Ordinal) : -1;
                if (index >= 0) features[at + index] = 1;
                else if (text is not null) unseen++;
                // A missing cell (read only under --impute mean): each of its inputs missing, so that imputation fills
                // them with the training rows' means, the categories' frequencies, as it fills a number.
                else features.AsSpan(at, categories[j].Length).Fill(double.NaN);
                at += categories[j].Length;
            }
        }
        string encoded = string.Join(", ", Enumerable.Range(0, columns).Where(j => isText[j]).Select(j => $"'{table.FeatureNames[j]}' ({categories[j].Length} categories)"));
        string lacking = unseen == 0 ? "." : string.Create(CultureInfo.InvariantCulture, $"; {unseen:N0} validation cell{(unseen == 1 ? "" : "s")} of a category the training rows lack became zeros.");
        notes.WriteLine($"{table.Path}: one-hot encoded the text column{(isText.Count(t => t) == 1 ? "" : "s")} {encoded}, categories from the training rows{lacking}");
        return new Table
        {
            Path = table.Path,
            FeatureNames = names.ToArray(),
            FeatureColumns = sources.ToArray(),
            TargetName = table.TargetName,
            TargetNames = table.TargetNames,
            TargetCount = table.TargetCount,
            Features = features,
            Targets = table.Targets,
            Lines = table.Lines,
            HasHeader = table.HasHeader,
        };
    }
}
