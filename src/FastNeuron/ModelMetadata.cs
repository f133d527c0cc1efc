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

    /// <summary>The classes' labels, output j being class j (empty for regression); each distinct.</summary>
    public IReadOnlyList<string> ClassLabels { get; init; } = [];

    /// <summary>Per input, the mean subtracted before the first layer (empty: inputs go in raw).</summary>
    public IReadOnlyList<double> Means { get; init; } = [];

    /// <summary>Per input, the scale divided by after the mean is subtracted: x' = (x − mean) / scale.</summary>
    public IReadOnlyList<double> Scales { get; init; } = [];

    /// <summary>
    /// Each output's target column, in output order, when a regression has several (empty otherwise: then
    /// <see cref="TargetName"/> names the one target).
    /// </summary>
    public IReadOnlyList<string> TargetNames { get; init; } = [];

    /// <summary>
    /// Per output, the mean a regression's target was standardised with for training (empty: the network learned the
    /// raw targets). The network's output o stands for y = o · <see cref="TargetScales"/>[k] + mean; <see cref="Network{T}.Predict"/>
    /// returns y.
    /// </summary>
    public IReadOnlyList<double> TargetMeans { get; init; } = [];

    /// <summary>Per output, the scale a regression's target was divided by after its mean was subtracted: o = (y − mean) / scale.</summary>
    public IReadOnlyList<double> TargetScales { get; init; } = [];

    /// <summary>
    /// Turns network outputs (rows × <see cref="TargetMeans"/>.Count, row-major) into target units in place:
    /// y = o · scale + mean, computed in float64 and rounded once to T. Nothing changes without target standardisation.
    /// </summary>
    public void ToTargetUnits<T>(Span<T> outputs)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int units = TargetMeans.Count;
        if (units == 0) return;
        if (outputs.Length % units != 0) throw new ArgumentException($"outputs has {outputs.Length} values, not whole rows of {units} outputs.", nameof(outputs));
        for (int i = 0; i < outputs.Length; i++)
        {
            int k = i % units;
            outputs[i] = T.CreateChecked(double.CreateChecked(outputs[i]) * TargetScales[k] + TargetMeans[k]);
        }
    }

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

    /// <summary>
    /// Fails with an <see cref="ArgumentException"/> (parameter "value") naming the list that does not fit a network of
    /// <paramref name="inputs"/> inputs and <paramref name="outputs"/> outputs (layer <paramref name="outputLayer"/>):
    /// each list must be empty or one per input (names, means, scales) or class; class labels distinct; standardisation
    /// finite, scales non-zero.
    /// </summary>
    internal void CheckFits(int inputs, int outputs, int outputLayer)
    {
        CheckCount(FeatureNames.Count, inputs, "FeatureNames", "inputs");
        CheckCount(Means.Count, inputs, "Means", "inputs");
        CheckCount(Scales.Count, Means.Count == 0 ? inputs : Means.Count, "Scales", "means");
        if (Scales.Count != Means.Count) throw new ArgumentException($"Metadata has {Means.Count} means but {Scales.Count} scales.", "value");
        CheckCount(TargetNames.Count, outputs, "TargetNames", "output");
        CheckCount(TargetMeans.Count, outputs, "TargetMeans", "output");
        if (TargetScales.Count != TargetMeans.Count) throw new ArgumentException($"Metadata has {TargetMeans.Count} target means but {TargetScales.Count} target scales.", "value");
        if (TargetMeans.Count != 0 && ClassLabels.Count != 0) throw new ArgumentException("Metadata has class labels and target standardisation; the standardisation is for a regression's numbers.", "value");
        for (int k = 0; k < TargetScales.Count; k++)
        {
            if (!double.IsFinite(TargetMeans[k]) || !double.IsFinite(TargetScales[k]) || TargetScales[k] == 0)
            {
                throw new ArgumentException($"Metadata's target standardisation for output {k} is mean {TargetMeans[k]}, scale {TargetScales[k]}; both must be finite and the scale non-zero.", "value");
            }
        }
        int classes = outputs == 1 ? 2 : outputs;
        if (ClassLabels.Count != 0 && ClassLabels.Count != classes)
        {
            throw new ArgumentException($"Metadata has {ClassLabels.Count} class labels; the output layer (layer {outputLayer}) has {outputs} units, so {classes} classes.", "value");
        }
        CheckDistinct(ClassLabels, "ClassLabels", "class", "label");
        // A command matches data columns to the model's inputs by name: two inputs of one name would read one column twice.
        CheckDistinct(FeatureNames, "FeatureNames", "input", "name");
        for (int j = 0; j < Scales.Count; j++)
        {
            if (!double.IsFinite(Means[j]) || !double.IsFinite(Scales[j]) || Scales[j] == 0)
            {
                throw new ArgumentException($"Metadata's standardisation for input {j} is mean {Means[j]}, scale {Scales[j]}; both must be finite and the scale non-zero.", "value");
            }
        }
    }

    /// <summary>
    /// Fails with an <see cref="ArgumentException"/> naming the first name or label longer than a model file holds
    /// (<see cref="ModelFile.MaxStringBytes"/> UTF-8 bytes), which Save would refuse: the command calls it before
    /// training, so that a long header fails before the work rather than after it.
    /// </summary>
    internal void CheckSavable()
    {
        CheckLengths(FeatureNames, "FeatureNames");
        CheckLengths(ClassLabels, "ClassLabels");
        if (TargetName is not null) CheckLengths([TargetName], "TargetName");
        CheckLengths(TargetNames, "TargetNames");
    }

    private static void CheckLengths(IReadOnlyList<string> names, string list)
    {
        for (int i = 0; i < names.Count; i++)
        {
            int bytes = System.Text.Encoding.UTF8.GetByteCount(names[i]);
            if (bytes > ModelFile.MaxStringBytes)
            {
                throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Metadata.{list}[{i}] ('{names[i][..Math.Min(40, names[i].Length)]}…') is {bytes:N0} bytes in UTF-8; a model file holds names and labels of at most {ModelFile.MaxStringBytes:N0}."), "value");
            }
        }
    }

    private static void CheckCount(int count, int needed, string name, string what)
    {
        if (count != 0 && count != needed)
        {
            throw new ArgumentException($"Metadata.{name} has {count} entries; it must be empty or one per {what} ({needed}).", "value");
        }
    }

    /// <summary>Each of <paramref name="values"/> non-null and different from the others, or an error naming both positions.</summary>
    private static void CheckDistinct(IReadOnlyList<string> values, string list, string what, string noun)
    {
        var firstWith = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is null) throw new ArgumentException($"Metadata.{list}[{i}] is null; each {what} needs a {noun}.", "value");
            if (!firstWith.TryAdd(values[i], i))
            {
                throw new ArgumentException($"Metadata.{list}[{firstWith[values[i]]}] and {list}[{i}] are both '{values[i]}'; each {what} needs a {noun} of its own.", "value");
            }
        }
    }
}
