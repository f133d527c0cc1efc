using System.Globalization;
using System.Text;

namespace FastNeuron.Cli;

/// <summary>
/// Prints float64 arrays the way numpy 1.24 prints them by default (precision 8, 'maxprec' float mode,
/// trailing zeros trimmed, every element padded to a common width), so that the demo's lines are the seed
/// program's lines character for character.
/// </summary>
internal static class NumpyFormat
{
    /// <summary>An (n, 1) column, e.g. <c>[[-0.16595599]\n [ 0.44064899]]</c>.</summary>
    public static string Column(IReadOnlyList<double> values)
    {
        string[] cells = Cells(values);
        var text = new StringBuilder("[");
        for (int i = 0; i < cells.Length; i++)
        {
            text.Append(i == 0 ? "[" : " [").Append(cells[i]).Append(']');
            if (i < cells.Length - 1)
            {
                text.Append('\n');
            }
        }
        return text.Append(']').ToString();
    }

    /// <summary>A 1-d array, e.g. <c>[0.99993704]</c>.</summary>
    public static string Vector(IReadOnlyList<double> values) => "[" + string.Join(" ", Cells(values)) + "]";

    private static string[] Cells(IReadOnlyList<double> values)
    {
        // Each value rounded to 8 decimals, trailing zeros dropped (numpy keeps "1." for whole numbers).
        var parts = values.Select(v =>
        {
            string s = v.ToString("F8", CultureInfo.InvariantCulture).TrimEnd('0');
            int dot = s.IndexOf('.');
            return (Integer: s[..dot], Fraction: s[(dot + 1)..]);
        }).ToArray();
        int integerWidth = parts.Max(p => p.Integer.Length);
        int fractionWidth = parts.Max(p => p.Fraction.Length);
        return parts.Select(p => p.Integer.PadLeft(integerWidth) + "." + p.Fraction.PadRight(fractionWidth)).ToArray();
    }
}
