using FastNeuron.Cli.Commands;
using FastNeuron.Cli.Data;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 15: a CSV error names the file's own line, whatever the header mode, with rows skipped before the header or
/// the data, in train, evaluate and predict alike. (Sep numbers a reader's first row as line 2 when it reads no
/// header, so the command counts that row itself; and the separator is found on the first row after the skipped
/// ones, as a title line skipped with --skip holds none.)
/// </summary>
public sealed class CsvLineNumberTests() : TemporaryFolderTests("fastneuron-lines-")
{
    private static readonly string[] Rows = ["1,2,0", "3,4,1", "5,6,0", "7,8,1"];

    /// <summary>
    /// A file of <paramref name="skip"/> title lines (no separator, as a title or a note above a table has none), a
    /// header when <paramref name="header"/> is true, then <see cref="Rows"/> with 'x' in data row
    /// <paramref name="badRow"/>'s second cell; returns the path and the bad cell's line.
    /// </summary>
    private (string Path, int Line) BadFile(int skip, bool header, int badRow)
    {
        var lines = new List<string>();
        for (int i = 0; i < skip; i++) lines.Add(i == 0 ? "Measurements taken in 2026" : "(units: cm)");
        if (header) lines.Add("a,b,y");
        for (int r = 0; r < Rows.Length; r++) lines.Add(r == badRow ? Rows[r].Replace(Rows[r].Split(',')[1], "x") : Rows[r]);
        return (Write($"data-{skip}-{header}-{badRow}.csv", string.Join("\n", lines) + "\n"), skip + (header ? 1 : 0) + badRow + 1);
    }

    /// <summary>A model of inputs a, b and target y, for evaluate and predict.</summary>
    private string Model()
    {
        string data = Write("good.csv", "a,b,y\n" + string.Join("\n", Rows) + "\n");
        string model = Path.Combine(Folder, "good.fnn");
        TrainCommand.Run(new TrainSettings { Data = data, Epochs = 1, Layers = [2], Threads = 1, Out = model }, TextWriter.Null, interactive: false);
        return model;
    }

    public static TheoryData<string, string, int, int> Cases()
    {
        var cases = new TheoryData<string, string, int, int>();
        foreach (string command in new[] { "train", "evaluate", "predict" })
        {
            foreach (int skip in new[] { 0, 1, 2 })
            {
                foreach (int badRow in new[] { 0, 2 })
                {
                    cases.Add(command, "Yes", skip, badRow);
                    cases.Add(command, "No", skip, badRow);
                    cases.Add(command, "Auto", skip, badRow);               // with a header line, found as one
                }
                cases.Add(command, "Auto without a header", skip, 2);      // a first row of numbers is data; a bad first row would be the header
            }
        }
        return cases;
    }

    [Theory, MemberData(nameof(Cases))]
    public void ABadCellNamesItsLineInTheFile(string command, string mode, int skip, int badRow)
    {
        bool hasHeader = mode is "Yes" or "Auto";
        HeaderMode header = mode == "Auto without a header" ? HeaderMode.Auto : Enum.Parse<HeaderMode>(mode);
        (string path, int line) = BadFile(skip, hasHeader, badRow);
        Action run = command switch
        {
            "train" => () => TrainCommand.Run(new TrainSettings { Data = path, Header = header, Skip = skip, Epochs = 1, Threads = 1, Out = Path.Combine(Folder, "m.fnn") }, TextWriter.Null, interactive: false),
            "evaluate" => () => ModelCommands.Evaluate(Model(), path, null, header, skip, "auto", TextWriter.Null),
            _ => () => ModelCommands.Predict(Model(), path, null, header, skip, "auto", TextWriter.Null),
        };
        var error = Assert.Throws<InvalidDataException>(run);
        Assert.Equal($"{path}, line {line}, column 2{(hasHeader ? " ('b')" : "")}: 'x' is not a finite number.", error.Message);
    }

    [Fact]
    public void ARaggedRowAndAnEmptyTargetNameTheirLinesAfterSkippedRowsToo()
    {
        string ragged = Write("ragged.csv", "Measurements\n1,2,0\n3,4\n");
        var error = Assert.Throws<InvalidDataException>(() => Table.Read(ragged, null, HeaderMode.No, 1, "csv", targetRequired: true));
        Assert.Equal($"{ragged}, line 3: 2 columns where the first row has 3: malformed CSV.", error.Message);
        string empty = Write("empty.csv", "Measurements\nNotes\na,b,y\n1,2,\n");
        error = Assert.Throws<InvalidDataException>(() => Table.Read(empty, null, HeaderMode.Auto, 2, "csv", targetRequired: true));
        Assert.Equal($"{empty}, line 4, column 3 ('y'): the target is empty.", error.Message);
    }
}
