namespace FastNeuron.Cli.Data;

/// <summary>
/// The numbers of a FANN data file after its header line, one at a time, as libfann's <c>fscanf</c> reads them:
/// separated by any white space, line breaks anywhere. Each number comes with its line and its column (the how-many-th
/// number on its line, 1-based, as the command's CSV errors count cells). A number is read into a fixed buffer; a
/// longer one is kept to its first <see cref="Longest"/> characters, which no finite number needs.
/// </summary>
internal sealed class FannNumbers(TextReader reader, int firstLine)
{
    /// <summary>The characters of a number kept; a longer run of characters is no number, and the message shows its start.</summary>
    public const int Longest = 256;

    private readonly char[] _buffer = new char[4096];
    private readonly char[] _number = new char[Longest];
    private int _at, _end, _length;
    private bool _afterCarriageReturn, _atLineStart = true;

    /// <summary>The line the reader is on: after <see cref="Next"/>, the last number's line, or the last line once the file has ended.</summary>
    public int Line { get; private set; } = firstLine;

    /// <summary>The file's last line, once <see cref="Next"/> has returned false (a line break ends a line, it does not start one).</summary>
    public int LastLine => _atLineStart ? Line - 1 : Line;

    /// <summary>How many numbers <see cref="Line"/> has had so far.</summary>
    public int Column { get; private set; }

    /// <summary>Whether the last number was longer than <see cref="Longest"/> characters (and cut to them).</summary>
    public bool Truncated { get; private set; }

    /// <summary>The last number read, as written (its first <see cref="Longest"/> characters).</summary>
    public ReadOnlySpan<char> Current => _number.AsSpan(0, _length);

    /// <summary>Moves to the next number; false at the end of the file.</summary>
    public bool Next()
    {
        _length = 0;
        Truncated = false;
        int c;
        while ((c = Read()) >= 0 && char.IsWhiteSpace((char)c)) Advance((char)c);
        if (c < 0) return false;
        Column++;
        _afterCarriageReturn = _atLineStart = false;
        do
        {
            if (_length < Longest) _number[_length++] = (char)c;
            else Truncated = true;
            _at++;
        }
        while ((c = Read()) >= 0 && !char.IsWhiteSpace((char)c));
        return true;
    }

    /// <summary>The next character without consuming it, or −1 at the end.</summary>
    private int Read()
    {
        if (_at == _end)
        {
            _end = reader.Read(_buffer, 0, _buffer.Length);
            _at = 0;
            if (_end <= 0) return -1;
        }
        return _buffer[_at];
    }

    /// <summary>Consumes white space <paramref name="c"/>, counting lines (\n, \r\n and a lone \r end one).</summary>
    private void Advance(char c)
    {
        _at++;
        bool newLine = c == '\r' || (c == '\n' && !_afterCarriageReturn);
        _afterCarriageReturn = c == '\r';
        if (c == '\n' && !newLine) return;   // the \n of \r\n
        _atLineStart = newLine;
        if (!newLine) return;
        Line++;
        Column = 0;
    }
}
