using System.Globalization;
using FastNeuron.Cli.Data;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 15, decimal commas (<c>1,5</c> in a semicolon-separated file, as European spreadsheets write them): detected
/// from the file's first rows and said on stderr, or asked for with <c>--decimal-comma</c>; train, evaluate, predict
/// and convert read such a file as the same numbers written with decimal points. In a comma-separated file
/// <c>1,5</c> is two cells, and stays so.
/// </summary>
public sealed class DecimalCommaTests() : TemporaryFolderTests("fastneuron-decimal-comma-")
{
    private (int ExitCode, string Output, string Error) Run(string arguments) => CommandLineTests.Run(Folder, arguments);

    /// <summary>
    /// The same rows twice: <c>points.csv</c> (comma-separated, decimal points) and <c>commas.csv</c> (semicolons,
    /// decimal commas); with <paramref name="header"/>, a header row names the columns.
    /// </summary>
    private void Pair(bool header, bool numericTarget = false)
    {
        var random = new Random(7);
        var points = new System.Text.StringBuilder(header ? "length,width,kind\n" : "");
        var commas = new System.Text.StringBuilder(header ? "length;width;kind\n" : "");
        for (int i = 0; i < 120; i++)
        {
            double length = Math.Round(4 + random.NextDouble() * 4, 2), width = Math.Round(2 + random.NextDouble() * 2, 2);
            string kind = numericTarget ? (length * 0.5 + width).ToString("0.00", CultureInfo.InvariantCulture) : length + width > 8 ? "large" : "small";
            string[] cells = [length.ToString("0.00", CultureInfo.InvariantCulture), width.ToString("0.00", CultureInfo.InvariantCulture), kind];
            points.AppendLine(string.Join(",", cells));
            commas.AppendLine(string.Join(";", cells.Select(c => c.Replace('.', ','))));
        }
        Write("points.csv", points.ToString());
        Write("commas.csv", commas.ToString());
    }

    [Theory]
    [InlineData(true, false)]    // a header, text classes
    [InlineData(false, true)]    // no header and a decimal target: a row holds more commas than semicolons
    public void TrainDetectsDecimalCommasSaysSoAndLearnsWhatTheDecimalPointFileTeaches(bool header, bool numericTarget)
    {
        Pair(header, numericTarget);
        var points = Run("train points.csv --epochs 3 --out points.fnn");
        var commas = Run("train commas.csv --epochs 3 --out commas.fnn");
        Assert.True(commas.ExitCode == 0, commas.Error);
        Assert.Contains("commas.csv: cells separated by ';' with decimal commas", commas.Error);
        Assert.DoesNotContain("decimal commas", points.Error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, "points.fnn")), File.ReadAllBytes(Path.Combine(Folder, "commas.fnn")));
    }

    [Fact]
    public void EvaluatePredictAndConvertHonourThemToo()
    {
        Pair(header: true);
        Assert.Equal(0, Run("train points.csv --epochs 3 --out m.fnn").ExitCode);
        var evaluatePoints = Run("evaluate m.fnn points.csv");
        var evaluateCommas = Run("evaluate m.fnn commas.csv");
        Assert.True(evaluateCommas.ExitCode == 0, evaluateCommas.Error);
        Assert.Equal(evaluatePoints.Output.Replace("points.csv", "commas.csv"), evaluateCommas.Output);
        Assert.Equal(Run("predict m.fnn points.csv").Output, Run("predict m.fnn commas.csv --decimal-comma").Output);
        Pair(header: true, numericTarget: true);   // convert writes the target as a number
        Assert.Equal(0, Run("convert points.csv points.fnm").ExitCode);
        var convert = Run("convert commas.csv commas.fnm");
        Assert.True(convert.ExitCode == 0, convert.Error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, "points.fnm")), File.ReadAllBytes(Path.Combine(Folder, "commas.fnm")));
    }

    [Fact]
    public void TheOptionReadsDecimalCommasTheFirstRowsDoNotShow()
    {
        // Whole numbers for 150 rows, then 2,5: the first rows cannot tell, so the cell is an error that names the option.
        string rows = string.Concat(Enumerable.Range(0, 150).Select(i => $"{i % 7};{i % 5};{i % 2}\n")) + "2,5;3;1\n";
        Write("late.csv", "a;b;y\n" + rows);
        var strict = Run("train late.csv --epochs 1 --out late.fnn");
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("late.csv, line 152, column 1 ('a'): '2,5' is not a finite number. If the file writes decimal commas, --decimal-comma reads it as 2.5.", strict.Error);
        var told = Run("train late.csv --epochs 1 --out late.fnn --decimal-comma");
        Assert.True(told.ExitCode == 0, told.Error);
        Table table = Table.Read(Path.Combine(Folder, "late.csv"), null, HeaderMode.Auto, 0, "csv", targetRequired: true, cells: new CellReading(DecimalComma: true));
        Assert.Equal(2.5, table.Features[^2]);
    }

    [Fact]
    public void InACommaSeparatedFileOneCommaFiveIsTwoCells()
    {
        string path = Write("plain.csv", "1,5,0\n2,5,1\n3,5,0\n");
        var notes = new StringWriter();
        Table table = Table.Read(path, null, HeaderMode.Auto, 0, "csv", targetRequired: true, notes: notes);
        Assert.Equal([1.0, 5, 2, 5, 3, 5], table.Features);
        Assert.Equal("", notes.ToString());
        var refused = Run("train plain.csv --decimal-comma --epochs 1 --out m.fnn");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--decimal-comma: plain.csv's cells are separated by commas (line 1), so 1,5 there is two cells; decimal commas need ';' or tab between cells.", refused.Error);
    }

    [Fact]
    public void AFileMixingDecimalPointsAndCommasIsNotGuessed()
    {
        string path = Write("mixed.csv", "a;b;y\n1.5;2,5;0\n3;4;1\n");
        var error = Assert.Throws<InvalidDataException>(() => Table.Read(path, null, HeaderMode.Auto, 0, "csv", targetRequired: true));
        Assert.StartsWith($"{path}, line 2, column 2 ('b'): '2,5' is not a finite number.", error.Message);
    }
}
