using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>A FANN training-data file's contents: row-major inputs (rows × inputs) and outputs (rows × outputs), float32, and each pair's input line.</summary>
internal sealed record FannData(float[] Inputs, float[] Outputs, int Rows, int InputCount, int OutputCount, int[] Lines);

/// <summary>
/// FANN's training-data format: a first line <c>pairs inputs outputs</c>, then per pair a line of inputs and a line
/// of outputs, numbers separated by white space (any amount: not CSV, so not Sep's), read as float32. The header is
/// checked against the file's size before anything is allocated for it.
/// </summary>
internal static class FannFile
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid FANN data; the message names the file, the line and, for a number, its column.</exception>
    public static FannData Read(string path)
    {
        long bytes = new FileInfo(path).Length;
        using var reader = new StreamReader(path);
        string? first = reader.ReadLine();
        if (first is null) throw new InvalidDataException($"{path}: the file is empty.");
        (int pairs, int inputs, int outputs) = Header(path, first, bytes);
        var x = new float[pairs * inputs];
        var y = new float[pairs * outputs];
        var lines = new int[pairs];
        int number = 1;
        for (int p = 0; p < pairs; p++)
        {
            lines[p] = NextLine(path, reader, ref number, pairs, p, out string inputLine);
            Numbers(path, inputLine, number, x.AsSpan(p * inputs, inputs), "inputs");
            NextLine(path, reader, ref number, pairs, p, out string outputLine);
            Numbers(path, outputLine, number, y.AsSpan(p * outputs, outputs), "outputs");
        }
        while (reader.ReadLine() is { } extra)
        {
            number++;
            if (extra.Trim().Length > 0) throw new InvalidDataException($"{path}, line {number}: the header announces {pairs} pairs ({2 * (long)pairs} data lines), and this line is one more.");
        }
        return new FannData(x, y, pairs, inputs, outputs, lines);
    }

    /// <summary>
    /// The header's three counts. Each number takes at least two bytes (a digit and a separator or line end, the last
    /// one maybe only its digit), so a header announcing more numbers than the file can hold fails here, before any
    /// allocation, and so does one whose arrays would exceed <see cref="Array.MaxLength"/>.
    /// </summary>
    private static (int Pairs, int Inputs, int Outputs) Header(string path, string line, long bytes)
    {
        string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var counts = new int[parts.Length];
        if (parts.Length != 3 || parts.Where((part, i) => !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out counts[i]) || counts[i] <= 0).Any())
        {
            throw new InvalidDataException($"{path}, line 1: expected 'pairs inputs outputs' (three positive integers up to {int.MaxValue:N0}), found '{Shorten(line)}'.");
        }
        (long pairs, long inputs, long outputs) = (counts[0], counts[1], counts[2]);
        Int128 numbers = (Int128)pairs * (inputs + outputs);
        Int128 needed = line.Length + 2 * numbers;
        if (needed > bytes || pairs * inputs > Array.MaxLength || pairs * outputs > Array.MaxLength)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}, line 1: the header announces {pairs:N0} pairs of {inputs:N0} inputs and {outputs:N0} outputs ({numbers:N0} numbers, at least {needed:N0} bytes), but the file has {bytes:N0} bytes."));
        }
        return (counts[0], counts[1], counts[2]);
    }

    /// <summary>The next non-blank line (its number in <paramref name="number"/>), or an error saying the file ends early.</summary>
    private static int NextLine(string path, StreamReader reader, ref int number, int pairs, int pair, out string text)
    {
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length > 0)
            {
                text = line;
                return number;
            }
        }
        throw new InvalidDataException($"{path}: the header announces {pairs} pairs ({2 * (long)pairs} data lines), but the file ends after line {number}, in pair {pair + 1}.");
    }

    private static void Numbers(string path, string line, int number, Span<float> values, string what)
    {
        string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != values.Length) throw new InvalidDataException($"{path}, line {number}: {parts.Length} {what} where the header says {values.Length}.");
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
            {
                string where = $"{path}, line {number}, column {i + 1}";
                throw new InvalidDataException(double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double wide) && double.IsFinite(wide)
                    ? $"{where}: {ElementRange.OutOfRange<float>(wide)}; FANN data is read as float32."
                    : $"{where}: '{Shorten(parts[i])}' is not a finite number.");
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
