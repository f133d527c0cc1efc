using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>
/// A table made ready for <see cref="Network{T}.Fit"/>: the training and validation rows (file order), their
/// standardised features and their targets as the network reads them.
/// </summary>
internal sealed record TrainingData<T>(int[] TrainRows, int[] ValidationRows, T[] TrainInputs, T[] TrainTargets, T[] ValidationInputs, T[] ValidationTargets)
    where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>;

/// <summary>
/// The one way FastNeuron splits and standardises data for training: <c>fastneuron train</c> and the tests on the
/// shipped data sets both come through here, so they see the same rows and the same bits.
/// </summary>
internal static class TrainingData
{
    /// <summary>
    /// Splits <paramref name="table"/> (<see cref="Split"/>), standardises the features with the training part's means
    /// and population deviations (<see cref="ModelMetadata.Standardisation{T}"/>, applied by
    /// <see cref="Network{T}.Standardise"/>) unless <paramref name="standardise"/> is false (missing cells, NaN from
    /// --impute mean, first filled with the training rows' column means, said on <paramref name="notes"/>), sets
    /// <paramref name="network"/>'s metadata (names, labels, standardisation) and encodes the targets for it. A
    /// regression's targets are standardised too, per output with the training part's means and deviations
    /// (<see cref="ModelMetadata.TargetMeans"/>, <see cref="ModelMetadata.TargetScales"/>), so that the network learns
    /// values near 0 and 1 whatever the targets' units; <see cref="Network{T}.Predict"/> gives them back in those units.
    /// </summary>
    public static TrainingData<T> Prepare<T>(Network<T> network, Table table, Targets targets, double validation, int seed, bool standardise, TextWriter? notes = null)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        (int[] trainRows, int[] validationRows) = Split(targets, table.Rows, validation, seed);
        // Missing cells (read as NaN with --impute mean) take the training rows' means, before anything is computed from them.
        if (table.Features.Any(double.IsNaN))
        {
            if (!standardise) throw new CliException("--impute mean with --no-standardise: the model keeps the training means it filled with as its standardisation's, so evaluate and predict can fill the same way; drop --no-standardise.");
            if (Imputation.Note(table.Path, Imputation.FillWithTrainingMeans(table, trainRows), "the training rows' column means") is { } note) notes?.WriteLine(note);
        }
        T[] trainX = table.Gather<T>(trainRows), validationX = table.Gather<T>(validationRows);
        (double[] means, double[] scales) = standardise ? ModelMetadata.Standardisation<T>(trainX, table.FeatureCount) : ([], []);
        RefuseOverflow(table, trainRows, means, scales);
        (double[] targetMeans, double[] targetScales) = standardise && targets.Values is { } values
            ? ModelMetadata.Standardisation<double>(trainRows.SelectMany(r => values.AsSpan(r * targets.Count, targets.Count).ToArray()).ToArray(), targets.Count)
            : ([], []);
        var metadata = new ModelMetadata
        {
            FeatureNames = table.FeatureNames,
            TargetName = table.TargetName,
            TargetNames = table.TargetNames,
            ClassLabels = targets.ClassLabels ?? [],
            Means = means,
            Scales = scales,
            TargetMeans = targetMeans,
            TargetScales = targetScales,
        };
        metadata.CheckSavable();
        network.Metadata = metadata;
        network.Standardise(trainX, trainX);
        network.Standardise(validationX, validationX);
        return new TrainingData<T>(trainRows, validationRows, trainX, targets.Encode(network, trainRows), validationX, targets.Encode(network, validationRows));
    }

    /// <summary>
    /// Fails naming the file, line and column of the value furthest from its column's mean when a column's mean or
    /// deviation overflowed float64 (1e200, whose square does not fit), instead of a model that would output NaN.
    /// </summary>
    private static void RefuseOverflow(Table table, int[] trainRows, double[] means, double[] scales)
    {
        for (int j = 0; j < means.Length; j++)
        {
            if (double.IsFinite(means[j]) && double.IsFinite(scales[j])) continue;
            int worst = trainRows.MaxBy(r => Math.Abs(table.Features[r * table.FeatureCount + j]));
            double value = table.Features[worst * table.FeatureCount + j];
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{table.Where(worst, j)}: {value:R} is too large to standardise in float64 (the column's sum of squares overflows); rescale the column, or train with --no-standardise."));
        }
    }

    /// <summary>
    /// A seeded split, stratified by class: per class in class order (or over all rows for regression), the rows are
    /// shuffled by one <see cref="Random"/>(<paramref name="seed"/>) and the first round(n·<paramref name="fraction"/>)
    /// validate, but never every row of a class: at least one stays in training (so a class of one row trains, and a
    /// split where every class keeps a training row is what it always was). Both parts come back in file order.
    /// </summary>
    public static (int[] Train, int[] Validation) Split(Targets targets, int rows, double fraction, int seed)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        IEnumerable<int[]> groups = targets.ClassIndices is { } classes
            ? Enumerable.Range(0, rows).GroupBy(i => classes[i]).OrderBy(g => g.Key).Select(g => g.ToArray())
            : [Enumerable.Range(0, rows).ToArray()];
        foreach (int[] group in groups)
        {
            random.Shuffle(group);
            int held = Math.Min((int)Math.Round(group.Length * fraction), group.Length - 1);
            validation.AddRange(group[..held]);
            train.AddRange(group[held..]);
        }
        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }
}
