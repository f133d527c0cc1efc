using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>A table's target column as classes (labels and each row's class) or as numbers (regression).</summary>
internal sealed class Targets
{
    /// <summary>The classes' labels in output order; null for regression.</summary>
    public string[]? ClassLabels { get; private init; }

    /// <summary>Each row's class; null for regression.</summary>
    public int[]? ClassIndices { get; private init; }

    /// <summary>Each row's <see cref="Count"/> values, row-major; null for classification.</summary>
    public double[]? Values { get; private init; }

    /// <summary>The values per row: 1, or several for a multi-output regression (always 1 for classes).</summary>
    public int Count { get; private init; } = 1;

    /// <summary>The data the values came from, so that a value the element type cannot hold is named by file and line.</summary>
    private Table? Source { get; init; }

    /// <summary>
    /// The target as the training task reads it. auto: classification when any cell is not a number, or when every
    /// cell is an integer and there are at most 20 distinct values (FANN one-hot outputs are classes); else regression.
    /// </summary>
    public static Targets From(Table table, string task)
    {
        if (table.TargetCount > 1)
        {
            if (task == "classification") throw new CliException($"--task classification: {table.Path} has {table.TargetCount} targets, which are a regression with one output each; classes come from one target column.");
            return new Targets { Values = Numbers(table, "several targets are a regression, which needs numbers"), Count = table.TargetCount, Source = table };
        }
        string[] cells = table.Targets!;
        var numbers = new double[cells.Length];
        bool numeric = true, integers = true;
        for (int i = 0; i < cells.Length; i++)
        {
            if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                numeric = false;
                if (task == "regression") throw new CliException($"{table.Path}, line {table.Lines[i]}: the target '{cells[i]}' is not a number, and --task regression needs one.");
                break;
            }
            integers &= numbers[i] == Math.Round(numbers[i]);
        }
        // Numeric labels are compared as numbers (1, 1.0 and 01 are one class, spelt as first written).
        string[] distinct = numeric ? FirstSpellings(cells, numbers) : cells.Distinct().ToArray();
        bool classification = task switch
        {
            "classification" => true,
            "regression" => false,
            _ => !numeric || (integers && distinct.Length <= 20),
        };
        if (!classification)
        {
            return new Targets { Values = numbers, Source = table };
        }
        if (numeric)
        {
            Array.Sort(distinct, (a, b) => Number(a).CompareTo(Number(b)));
            var byValue = distinct.Select((label, i) => (value: Number(label), i)).ToDictionary(p => p.value, p => p.i);
            return new Targets { ClassLabels = distinct, ClassIndices = numbers.Select(v => byValue[v + 0.0]).ToArray() };
        }
        string[] labels = distinct.Order(StringComparer.Ordinal).ToArray();
        var index = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i);
        return new Targets { ClassLabels = labels, ClassIndices = cells.Select(c => index[c]).ToArray() };
    }

    /// <summary>Per distinct number (−0 as 0), the first cell that spells it, in file order.</summary>
    private static string[] FirstSpellings(string[] cells, double[] numbers)
    {
        var seen = new HashSet<double>();
        return cells.Where((_, i) => seen.Add(numbers[i] + 0.0)).ToArray();
    }

    /// <summary>A label's number (+0.0 turns −0 into 0, so that both are one key), or NaN when it is not one.</summary>
    private static double Number(string label)
        => double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value + 0.0 : double.NaN;

    /// <summary>The target read against a trained model: its classes (a label it does not know is an error), or numbers.</summary>
    public static Targets ForModel(Table table, IReadOnlyList<string> modelLabels)
    {
        string[] cells = table.Targets!;
        if (modelLabels.Count == 0) return new Targets { Values = Numbers(table, "the model is a regression"), Count = table.TargetCount, Source = table };
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var byValue = new Dictionary<double, int>();
        for (int c = 0; c < modelLabels.Count; c++)
        {
            index.TryAdd(modelLabels[c], c);
            if (Number(modelLabels[c]) is var value && !double.IsNaN(value)) byValue.TryAdd(value, c);
        }
        var classes = new int[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            if (!index.TryGetValue(cells[i], out classes[i]) && !byValue.TryGetValue(Number(cells[i]), out classes[i]))
            {
                throw new CliException($"{table.Path}, line {table.Lines[i]}: label '{cells[i]}' is not one the model knows ({string.Join(", ", modelLabels)}).");
            }
        }
        return new Targets { ClassLabels = modelLabels.ToArray(), ClassIndices = classes };
    }

    /// <summary>Every target cell as a finite number, or an error naming the file, the line and <paramref name="why"/>.</summary>
    private static double[] Numbers(Table table, string why)
    {
        string[] cells = table.Targets!;
        var values = new double[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                string which = table.TargetCount == 1 ? "" : $" (target {i % table.TargetCount + 1} of {table.TargetCount})";
                throw new CliException($"{table.Path}, line {table.Lines[i / table.TargetCount]}: the target '{cells[i]}'{which} is not a number, and {why}.");
            }
        }
        return values;
    }

    /// <summary>A regression's values of <paramref name="rows"/> (rows × <see cref="Count"/>), each (y − mean) / scale when <paramref name="means"/> are given, from float64, rounded once to T.</summary>
    public T[] ValuesOf<T>(int[] rows, IReadOnlyList<double> means, IReadOnlyList<double> scales)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var y = new T[rows.Length * Count];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int k = 0; k < Count; k++)
            {
                double value = Values![rows[i] * Count + k];
                if (!ElementRange.TryRound(value, out T _)) throw OutOfRange<T>(rows[i], value);
                y[i * Count + k] = T.CreateChecked(means.Count == 0 ? value : (value - means[k]) / scales[k]);
            }
        }
        return y;
    }

    /// <summary>
    /// The network's targets for <paramref name="rows"/>, as it learns them: one-hot classes (a 0/1 value for one
    /// sigmoid output), or each row's values, standardised per output with the network's
    /// <see cref="ModelMetadata.TargetMeans"/> and <see cref="ModelMetadata.TargetScales"/> when it has them
    /// ((y − mean) / scale from the float64 value, rounded once to T).
    /// </summary>
    public T[] Encode<T>(Network<T> network, int[] rows)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        if (ClassIndices is null) return ValuesOf<T>(rows, network.Metadata.TargetMeans, network.Metadata.TargetScales);
        if (network.OutputCount == 1) return rows.Select(r => T.CreateChecked(ClassIndices[r])).ToArray();
        return network.OneHot(rows.Select(r => ClassIndices[r]).ToArray());
    }

    /// <summary>The error for row r's <paramref name="value"/>, beyond T's range (1e39 in float32), naming its file and line.</summary>
    private CliException OutOfRange<T>(int r, double value)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        => new(Source is null
            ? $"The target {value.ToString(CultureInfo.InvariantCulture)} is beyond {ElementRange.Name<T>()}'s range."
            : $"{Source.Path}, line {Source.Lines[r]}: the target {value.ToString(CultureInfo.InvariantCulture)} is beyond {ElementRange.Name<T>()}'s range.");
}
