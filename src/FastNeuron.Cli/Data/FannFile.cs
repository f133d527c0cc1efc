using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>A FANN training-data file's contents: row-major inputs (rows × inputs) and outputs (rows × outputs), float32, and each pair's input line.</summary>
internal sealed record FannData(float[] Inputs, float[] Outputs, int Rows, int InputCount, int OutputCount, int[] Lines);

/// <summary>
/// FANN's training-data format as libfann reads it: a first line <c>pairs inputs outputs</c>, then the numbers,
/// separated by any white space with line breaks anywhere (<see cref="FannNumbers"/>; not CSV, so not Sep's), counted:
/// each pair's inputs, then its outputs. Files usually hold a line per vector, but a vector wrapped over several lines
/// or a pair on one line read the same. Numbers are read as float32. The header is checked against the file's size
/// before anything is allocated for it.
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
        var numbers = new FannNumbers(reader, firstLine: 2);
        var announced = new Announced(path, pairs, inputs, outputs);
        for (int p = 0; p < pairs; p++)
        {
            lines[p] = Numbers(numbers, announced, p, x.AsSpan(p * inputs, inputs), "input");
            Numbers(numbers, announced, p, y.AsSpan(p * outputs, outputs), "output");
        }
        if (numbers.Next())
        {
            throw new InvalidDataException($"{path}, line {numbers.Line}, column {numbers.Column}: the header announces {announced}, and '{Shorten(numbers)}' is one more.");
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

    /// <summary>What the header announces, for messages: "2 pairs of 3 inputs and 1 output (8 numbers)".</summary>
    private sealed record Announced(string Path, int Pairs, int Inputs, int Outputs)
    {
        public long Numbers => (long)Pairs * (Inputs + Outputs);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Pairs:N0} pair{(Pairs == 1 ? "" : "s")} of {Inputs:N0} input{(Inputs == 1 ? "" : "s")} and {Outputs:N0} output{(Outputs == 1 ? "" : "s")} ({Numbers:N0} numbers)");
    }

    /// <summary>Reads pair <paramref name="pair"/>'s inputs or outputs into <paramref name="values"/>, each a finite float32; returns the first one's line.</summary>
    private static int Numbers(FannNumbers numbers, Announced announced, int pair, Span<float> values, string what)
    {
        int first = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!numbers.Next())
            {
                long read = (long)pair * (announced.Inputs + announced.Outputs) + (what == "input" ? 0 : announced.Inputs) + i;
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{announced.Path}: the header announces {announced}, but the file ends after line {numbers.LastLine} with {read:N0} of them, in pair {pair + 1:N0}'s {what}s."));
            }
            if (i == 0) first = numbers.Line;
            ReadOnlySpan<char> text = numbers.Current;
            if (!numbers.Truncated && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && float.IsFinite(values[i])) continue;
            string where = string.Create(CultureInfo.InvariantCulture, $"{announced.Path}, line {numbers.Line}, column {numbers.Column}");
            string place = string.Create(CultureInfo.InvariantCulture, $"pair {pair + 1:N0}, {what} {i + 1:N0} of {values.Length:N0}");
            throw new InvalidDataException(!numbers.Truncated && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double wide) && double.IsFinite(wide)
                ? $"{where}: {ElementRange.OutOfRange<float>(wide)}; FANN data is read as float32 ({place})."
                : $"{where}: '{Shorten(numbers)}' is not a finite number ({place}).");
        }
        return first;
    }

    private static string Shorten(FannNumbers numbers) => Shorten(numbers.Current.ToString());

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
