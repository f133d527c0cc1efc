namespace FastNeuron.Cli.Data;

/// <summary>
/// How a CSV file writes its cells: the separator, found on the first row after the rows <c>--skip</c> skips (Sep
/// would look at the file's first row, which for a skipped title line holds no separator, and read every row as
/// one column).
/// </summary>
/// <param name="Separator">The character between cells: ';', tab, '|' or ','.</param>
internal sealed record CsvDialect(char Separator)
{
    /// <summary>The separators looked for, in the order a tie is settled (Sep's).</summary>
    private static readonly char[] Separators = [';', '\t', '|', ','];

    /// <summary>The rows after the skipped ones looked at for a separator; a file whose first rows hold none has one column.</summary>
    private const int RowsLookedAt = 100;

    /// <summary>The longest row looked at; a row longer than this (a quote left open) is judged on its start.</summary>
    private const int LongestRow = 1 << 20;

    /// <summary>The dialect of <paramref name="path"/>, judged on the first row after <paramref name="skip"/> rows that has a separator (',' when none of the first rows has one).</summary>
    public static CsvDialect Detect(string path, int skip)
    {
        using var reader = new StreamReader(path);
        int index = 0;
        while (NextRow(reader) is { } row && index < (long)skip + RowsLookedAt)
        {
            if (index++ < skip) continue;
            if (MostFrequent(row) is { } separator) return new CsvDialect(separator);
        }
        return new CsvDialect(',');
    }

    /// <summary>The separator <paramref name="row"/> holds most often outside quotes (a tie goes to the first of <see cref="Separators"/>), or null for none.</summary>
    private static char? MostFrequent(string row)
    {
        Span<int> counts = stackalloc int[Separators.Length];
        bool quoted = false;
        foreach (char c in row)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && Array.IndexOf(Separators, c) is var s and >= 0) counts[s]++;
        }
        int best = -1;
        for (int s = 0; s < counts.Length; s++)
        {
            if (counts[s] > 0 && (best < 0 || counts[s] > counts[best])) best = s;
        }
        return best < 0 ? null : Separators[best];
    }

    /// <summary>The next row as Sep counts rows (a line break inside quotes continues it), or null at the end.</summary>
    private static string? NextRow(StreamReader reader)
    {
        string? line = reader.ReadLine();
        if (line is null) return null;
        var row = new System.Text.StringBuilder(line);
        bool open = line.Count(c => c == '"') % 2 == 1;
        while (open && row.Length < LongestRow && reader.ReadLine() is { } more)
        {
            row.Append('\n').Append(more);
            open ^= more.Count(c => c == '"') % 2 == 1;
        }
        return row.ToString();
    }
}
