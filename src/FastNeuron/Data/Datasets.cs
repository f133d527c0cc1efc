using System.Globalization;

namespace FastNeuron.Data;

/// <summary>A table of float rows with targets, as loaded from a file.</summary>
public sealed record Dataset(float[] Inputs, float[] Targets, int Rows, int InputCount, int OutputCount)
{
    /// <summary>Row <paramref name="row"/>'s class: its target's largest output, or 0/1 around ½ for one output.</summary>
    public int Label(int row) => OutputCount == 1
        ? (Targets[row] > 0.5f ? 1 : 0)
        : Array.IndexOf(Targets, Targets.AsSpan(row * OutputCount, OutputCount).ToArray().Max(), row * OutputCount) - row * OutputCount;

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public Dataset Select(IReadOnlyList<int> indices)
    {
        var x = new float[indices.Count * InputCount];
        var y = new float[indices.Count * OutputCount];
        for (int r = 0; r < indices.Count; r++)
        {
            Inputs.AsSpan(indices[r] * InputCount, InputCount).CopyTo(x.AsSpan(r * InputCount));
            Targets.AsSpan(indices[r] * OutputCount, OutputCount).CopyTo(y.AsSpan(r * OutputCount));
        }
        return new Dataset(x, y, indices.Count, InputCount, OutputCount);
    }

    /// <summary>A seeded, stratified split: <paramref name="trainingFraction"/> of every class to the first set.</summary>
    public (Dataset Training, Dataset Test) SplitStratified(double trainingFraction, int seed)
    {
        var random = new Random(seed);
        var training = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, Rows).GroupBy(Label).OrderBy(g => g.Key))
        {
            int[] members = group.ToArray();
            random.Shuffle(members);
            int cut = (int)Math.Round(members.Length * trainingFraction);
            training.AddRange(members[..cut]);
            test.AddRange(members[cut..]);
        }
        return (Select(training), Select(test));
    }

    /// <summary>Standardises every input column with the mean and standard deviation of <paramref name="reference"/>.</summary>
    public Dataset StandardisedLike(Dataset reference)
    {
        var mean = new double[InputCount];
        var deviation = new double[InputCount];
        for (int j = 0; j < InputCount; j++)
        {
            for (int i = 0; i < reference.Rows; i++) mean[j] += reference.Inputs[i * InputCount + j];
            mean[j] /= reference.Rows;
            for (int i = 0; i < reference.Rows; i++)
            {
                double d = reference.Inputs[i * InputCount + j] - mean[j];
                deviation[j] += d * d;
            }
            deviation[j] = Math.Sqrt(deviation[j] / reference.Rows);
            if (deviation[j] == 0) deviation[j] = 1;
        }
        var x = new float[Inputs.Length];
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < InputCount; j++) x[i * InputCount + j] = (float)((Inputs[i * InputCount + j] - mean[j]) / deviation[j]);
        }
        return this with { Inputs = x };
    }

    /// <summary>
    /// A FANN training-data file: a first line <c>pairs inputs outputs</c>, then per pair a line of inputs and a line
    /// of outputs, numbers separated by white space. Errors name the file and the line.
    /// </summary>
    public static Dataset ReadFann(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new InvalidDataException($"{path}: the file is empty.");
        int[] header = Numbers(path, lines[0], 1).Select(v => (int)v).ToArray();
        if (header.Length != 3 || header.Any(h => h <= 0))
        {
            throw new InvalidDataException($"{path}, line 1: expected 'pairs inputs outputs' (three positive integers), found '{lines[0]}'.");
        }
        (int pairs, int inputs, int outputs) = (header[0], header[1], header[2]);
        var content = lines.Select((text, index) => (text, number: index + 1)).Skip(1).Where(l => l.text.Trim().Length > 0).ToArray();
        if (content.Length != 2 * pairs)
        {
            throw new InvalidDataException($"{path}: the header announces {pairs} pairs ({2 * pairs} lines) but the file has {content.Length} data lines.");
        }
        var x = new float[pairs * inputs];
        var y = new float[pairs * outputs];
        for (int p = 0; p < pairs; p++)
        {
            float[] inputLine = Numbers(path, content[2 * p].text, content[2 * p].number);
            float[] outputLine = Numbers(path, content[2 * p + 1].text, content[2 * p + 1].number);
            if (inputLine.Length != inputs) throw new InvalidDataException($"{path}, line {content[2 * p].number}: {inputLine.Length} inputs where the header says {inputs}.");
            if (outputLine.Length != outputs) throw new InvalidDataException($"{path}, line {content[2 * p + 1].number}: {outputLine.Length} outputs where the header says {outputs}.");
            inputLine.CopyTo(x, p * inputs);
            outputLine.CopyTo(y, p * outputs);
        }
        return new Dataset(x, y, pairs, inputs, outputs);
    }

    /// <summary>
    /// A CSV file of numbers whose last column is an integer class label (one-hot encoded into
    /// <paramref name="classes"/> outputs, or one 0/1 output when <paramref name="classes"/> is 2);
    /// <paramref name="skipLines"/> leading lines are skipped.
    /// </summary>
    public static Dataset ReadLabelledCsv(string path, int classes, int skipLines = 0)
    {
        var rows = File.ReadLines(path).Skip(skipLines).Select((line, index) => (line, number: index + 1 + skipLines)).Where(l => l.line.Trim().Length > 0).ToArray();
        if (rows.Length == 0) throw new InvalidDataException($"{path}: no data rows.");
        int inputCount = rows[0].line.Split(',').Length - 1;
        int outputs = classes == 2 ? 1 : classes;
        var x = new float[rows.Length * inputCount];
        var y = new float[rows.Length * outputs];
        for (int r = 0; r < rows.Length; r++)
        {
            string[] cells = rows[r].line.Split(',');
            if (cells.Length != inputCount + 1) throw new InvalidDataException($"{path}, line {rows[r].number}: {cells.Length} columns where the first row has {inputCount + 1}.");
            for (int j = 0; j < inputCount; j++)
            {
                if (!float.TryParse(cells[j], NumberStyles.Float, CultureInfo.InvariantCulture, out x[r * inputCount + j]))
                {
                    throw new InvalidDataException($"{path}, line {rows[r].number}, column {j + 1}: '{cells[j]}' is not a number.");
                }
            }
            if (!int.TryParse(cells[^1].Trim().Split('.')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) || label < 0 || label >= classes)
            {
                throw new InvalidDataException($"{path}, line {rows[r].number}: label '{cells[^1]}' is not a class in 0..{classes - 1}.");
            }
            if (outputs == 1) y[r] = label;
            else y[r * outputs + label] = 1;
        }
        return new Dataset(x, y, rows.Length, inputCount, outputs);
    }

    private static float[] Numbers(string path, string line, int number)
    {
        string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new InvalidDataException($"{path}, line {number}: '{parts[i]}' is not a number.");
            }
        }
        return values;
    }
}
