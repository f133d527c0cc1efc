namespace FastNeuron;

/// <summary>
/// What a saved model carries besides its weights: how raw inputs are standardised before the first layer, and what
/// the input columns, the target and the classes are called. Every list is either empty or as long as the network
/// needs (<see cref="Network{T}.InputCount"/> names, means and scales; one class label per output, or two for a
/// single-output binary classifier).
/// </summary>
public sealed record ModelMetadata
{
    /// <summary>The input columns' names, in order (empty when unknown).</summary>
    public IReadOnlyList<string> FeatureNames { get; init; } = [];

    /// <summary>The target column's name (null when unknown).</summary>
    public string? TargetName { get; init; }

    /// <summary>The classes' labels, output j being class j (empty for regression).</summary>
    public IReadOnlyList<string> ClassLabels { get; init; } = [];

    /// <summary>Per input, the mean subtracted before the first layer (empty: inputs go in raw).</summary>
    public IReadOnlyList<double> Means { get; init; } = [];

    /// <summary>Per input, the scale divided by after the mean is subtracted: x' = (x − mean) / scale.</summary>
    public IReadOnlyList<double> Scales { get; init; } = [];

    /// <summary>Means and scales from row-major <paramref name="data"/> of <paramref name="columns"/> columns: each column's mean and population standard deviation (1 where it is 0).</summary>
    public static (double[] Means, double[] Scales) Standardisation<T>(ReadOnlySpan<T> data, int columns)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (data.Length == 0 || data.Length % columns != 0)
        {
            throw new ArgumentException($"data has {data.Length} values, not a positive whole number of rows of {columns}.", nameof(data));
        }
        int rows = data.Length / columns;
        var means = new double[columns];
        var scales = new double[columns];
        for (int j = 0; j < columns; j++)
        {
            double sum = 0;
            for (int i = 0; i < rows; i++) sum += double.CreateChecked(data[i * columns + j]);
            double mean = sum / rows, squares = 0;
            for (int i = 0; i < rows; i++)
            {
                double d = double.CreateChecked(data[i * columns + j]) - mean;
                squares += d * d;
            }
            double deviation = Math.Sqrt(squares / rows);
            means[j] = mean;
            scales[j] = deviation > 0 ? deviation : 1;
        }
        return (means, scales);
    }
}
