using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>A FANN training-data file's contents: row-major inputs (rows × inputs) and outputs (rows × outputs), float32.</summary>
internal sealed record FannData(float[] Inputs, float[] Outputs, int Rows, int InputCount, int OutputCount);

/// <summary>
/// FANN's training-data format: a first line <c>pairs inputs outputs</c>, then per pair a line of inputs and a line
/// of outputs, numbers separated by white space (any amount: not CSV, so not Sep's).
/// </summary>
internal static class FannFile
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid FANN data; the message names the file and the line.</exception>
    public static FannData Read(string path)
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
        return new FannData(x, y, pairs, inputs, outputs);
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
