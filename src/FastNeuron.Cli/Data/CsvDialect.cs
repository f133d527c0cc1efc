using System.Globalization;

namespace FastNeuron.Cli.Data;

/// <summary>
/// How a CSV file writes its cells. The separator is found on the first row after the rows <c>--skip</c> skips (Sep
/// would look at the file's first row, which for a skipped title line holds no separator, and read every row as one
/// column). Decimal commas (<c>1,5</c>, as European spreadsheets write numbers, between semicolons or tabs) are read
/// when <c>--decimal-comma</c> asks, or when the first rows write numbers that way and none with a decimal point;
/// in a comma-separated file <c>1,5</c> is two cells.
/// </summary>
/// <param name="Separator">The character between cells: ';', tab, '|' or ','.</param>
/// <param name="DecimalComma">Whether numbers are written with a decimal comma.</param>
internal sealed record CsvDialect(char Separator, bool DecimalComma)
{
    /// <summary>The separators looked for, in the order a tie is settled (Sep's).</summary>
    private static readonly char[] Separators = [';', '\t', '|', ','];

    /// <summary>The rows after the skipped ones looked at for the separator and the decimal mark.</summary>
    private const int RowsLookedAt = 100;

    /// <summary>The longest row looked at; a row longer than this (a quote left open) is judged on its start.</summary>
    private const int LongestRow = 1 << 20;

    private static readonly NumberFormatInfo Comma = CommaFormat();

    /// <summary>How the file's numbers parse: invariant, or with ',' as the decimal mark (and no group separator).</summary>
    public NumberFormatInfo Numbers => DecimalComma ? Comma : NumberFormatInfo.InvariantInfo;

    /// <summary>Parses a cell as the file writes numbers.</summary>
    public bool TryParse(ReadOnlySpan<char> cell, out double value) => double.TryParse(cell, NumberStyles.Float, Numbers, out value);

    public bool IsNumber(string cell) => TryParse(cell, out _);

    /// <summary>A target cell as the rest of the command reads it (with a decimal point): "2,5" becomes "2.5"; text stays as written.</summary>
    public string Invariant(string cell) => DecimalComma && cell.Contains(',') && TryParse(cell, out _) ? cell.Replace(',', '.') : cell;

    /// <summary>
    /// The dialect of <paramref name="path"/>, judged on the first <see cref="RowsLookedAt"/> rows after
    /// <paramref name="skip"/>; says on <paramref name="notes"/> when it found decimal commas.
    /// </summary>
    /// <param name="decimalComma">--decimal-comma: the numbers have decimal commas, whatever the first rows show.</param>
    /// <exception cref="CliException">--decimal-comma for a file whose cells are separated by commas.</exception>
    public static CsvDialect Detect(string path, int skip, bool decimalComma, TextWriter? notes)
    {
        List<(string Row, int Line)> rows = FirstRows(path, skip);
        char separator = rows.Select(r => MostFrequent(r.Row, decimalComma)).FirstOrDefault(s => s is not null) ?? ',';
        if (decimalComma)
        {
            if (separator != ',') return new CsvDialect(separator, true);
            string where = rows.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" (line {rows[0].Line})");
            throw new CliException($"--decimal-comma: {path}'s cells are separated by commas{where}, so 1,5 there is two cells; decimal commas need ';' or tab between cells.");
        }
        if (separator == ',') return new CsvDialect(separator, false);
        var cells = rows.SelectMany(r => Cells(r.Row, separator).Select(cell => (Cell: cell, r.Line))).ToArray();
        bool points = cells.Any(c => c.Cell.Contains('.') && double.TryParse(c.Cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (points || !cells.Any(c => IsCommaNumber(c.Cell))) return new CsvDialect(separator, false);
        (string example, int line) = cells.First(c => IsCommaNumber(c.Cell));
        notes?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"note: {path}: cells separated by '{(separator == '\t' ? "\\t" : separator)}' with decimal commas ('{example}' on line {line} is {example.Replace(',', '.')}), as its first rows write numbers; --decimal-comma says so outright."));
        return new CsvDialect(separator, true);
    }

    /// <summary>Whether a cell that is no number here would be one with --decimal-comma (1,5 between semicolons read with decimal points).</summary>
    public bool MayMeanDecimalComma(ReadOnlySpan<char> cell) => !DecimalComma && Separator != ',' && IsCommaNumber(cell.ToString());

    /// <summary>A number written with a decimal comma, such as 1,5 (not 1,5,0 nor 1.5).</summary>
    private static bool IsCommaNumber(string cell) => cell.Contains(',') && double.TryParse(cell, NumberStyles.Float, Comma, out _);

    /// <summary>
    /// The separator <paramref name="row"/> holds most often outside quotes (a tie goes to the first of
    /// <see cref="Separators"/>), or null for none. Where that is ',' but the row also holds ';', tab or '|' between
    /// cells whose every comma is a decimal comma (5,1;3,5;1,4;0,2 has four commas and three semicolons), or
    /// <paramref name="decimalComma"/> says numbers have them, the other one is.
    /// </summary>
    private static char? MostFrequent(string row, bool decimalComma)
    {
        Span<int> counts = stackalloc int[Separators.Length];
        bool quoted = false;
        foreach (char c in row)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && Array.IndexOf(Separators, c) is var s and >= 0) counts[s]++;
        }
        int best = -1, other = -1;
        for (int s = 0; s < counts.Length; s++)
        {
            if (counts[s] > 0 && (best < 0 || counts[s] > counts[best])) best = s;
            if (counts[s] > 0 && Separators[s] != ',' && (other < 0 || counts[s] > counts[other])) other = s;
        }
        if (best < 0) return null;
        if (Separators[best] == ',' && other >= 0 && (decimalComma || Cells(row, Separators[other]).All(cell => !cell.Contains(',') || IsCommaNumber(cell)))) return Separators[other];
        return Separators[best];
    }

    /// <summary>A row's cells split at <paramref name="separator"/> outside quotes, quotes removed, trimmed (for judging; Sep reads the data).</summary>
    private static IEnumerable<string> Cells(string row, char separator)
    {
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in row)
        {
            if (c == '"') quoted = !quoted;
            else if (c == separator && !quoted)
            {
                yield return cell.ToString().Trim();
                cell.Clear();
            }
            else cell.Append(c);
        }
        yield return cell.ToString().Trim();
    }

    /// <summary>Up to <see cref="RowsLookedAt"/> rows after the first <paramref name="skip"/>, each with its first line.</summary>
    private static List<(string Row, int Line)> FirstRows(string path, int skip)
    {
        var rows = new List<(string, int)>();
        using var reader = new StreamReader(path);
        int index = 0, line = 1;
        while (rows.Count < RowsLookedAt && NextRow(reader, ref line) is { } row)
        {
            if (index++ >= skip) rows.Add(row);
        }
        return rows;
    }

    /// <summary>The next row as Sep counts rows (a line break inside quotes continues it) with its first line, or null at the end.</summary>
    private static (string Row, int Line)? NextRow(StreamReader reader, ref int line)
    {
        string? first = reader.ReadLine();
        if (first is null) return null;
        int start = line++;
        var row = new System.Text.StringBuilder(first);
        bool open = first.Count(c => c == '"') % 2 == 1;
        while (open && row.Length < LongestRow && reader.ReadLine() is { } more)
        {
            line++;
            row.Append('\n').Append(more);
            open ^= more.Count(c => c == '"') % 2 == 1;
        }
        return (row.ToString(), start);
    }

    private static NumberFormatInfo CommaFormat()
    {
        var format = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        format.NumberDecimalSeparator = ",";
        format.NumberGroupSeparator = ".";
        return NumberFormatInfo.ReadOnly(format);
    }
}
