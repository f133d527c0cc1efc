using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>
/// <c>--impute mean</c>: feature cells that are missing (empty, <c>NA</c>, <c>N/A</c>, <c>NaN</c>, <c>?</c>) are read
/// as NaN and filled with their column's mean over the training rows that have a value. The model keeps those means as
/// its standardisation's (<see cref="ModelMetadata.Means"/>), and evaluate and predict fill with them. Without the
/// option a missing cell is an error that suggests it.
/// </summary>
internal static class Imputation
{
    /// <summary>Whether <paramref name="cell"/> (trimmed) stands for a missing value.</summary>
    public static bool IsMissing(ReadOnlySpan<char> cell)
        => cell.IsEmpty || cell.Equals("NA", StringComparison.OrdinalIgnoreCase) || cell.Equals("N/A", StringComparison.OrdinalIgnoreCase)
            || cell.Equals("NaN", StringComparison.OrdinalIgnoreCase) || cell.SequenceEqual("?");

    /// <summary>
    /// Fills every row's missing features with the mean of <paramref name="trainRows"/>' values in that column;
    /// returns how many cells were filled.
    /// </summary>
    /// <exception cref="CliException">A column with a missing cell has no value in any training row.</exception>
    public static int FillWithTrainingMeans(Table table, int[] trainRows)
    {
        int columns = table.FeatureCount;
        var means = new double[columns];
        for (int j = 0; j < columns; j++)
        {
            double sum = 0;
            int count = 0;
            foreach (int r in trainRows)
            {
                double value = table.Features[r * columns + j];
                if (double.IsNaN(value)) continue;
                sum += value;
                count++;
            }
            means[j] = count == 0 ? double.NaN : sum / count;
        }
        return Fill(table, means, j => $"{table.Path}: column {table.FeatureColumns[j]}{(table.HasHeader ? $" ('{table.FeatureNames[j]}')" : "")} has no value in any training row, so --impute mean has no mean to fill it with.");
    }

    /// <summary>Fills missing features with a trained model's means (its standardisation's); returns how many cells were filled.</summary>
    /// <exception cref="CliException">A cell is missing and the model has no means (trained with --no-standardise).</exception>
    public static int FillWithModelMeans(Table table, IReadOnlyList<double> means, string modelPath)
        => Fill(table, means.Count == 0 ? Enumerable.Repeat(double.NaN, table.FeatureCount).ToArray() : means,
            _ => $"{modelPath}: the model has no training means (it was trained with --no-standardise), so --impute mean cannot fill {table.Path}'s missing cells.");

    private static int Fill(Table table, IReadOnlyList<double> means, Func<int, string> noMean)
    {
        int columns = table.FeatureCount, filled = 0;
        for (int i = 0; i < table.Features.Length; i++)
        {
            if (!double.IsNaN(table.Features[i])) continue;
            double mean = means[i % columns];
            if (double.IsNaN(mean)) throw new CliException(noMean(i % columns));
            table.Features[i] = mean;
            filled++;
        }
        return filled;
    }

    /// <summary>One line saying what was filled, or null when nothing was.</summary>
    public static string? Note(string path, int filled, string with)
        => filled == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{path}: filled {filled:N0} missing feature cell{(filled == 1 ? "" : "s")} with {with} (--impute mean).");
}
