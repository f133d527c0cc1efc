using System.Globalization;
using FastNeuron.Cli;
using FastNeuron.Cli.Data;

namespace FastNeuron.Tests;

/// <summary>
/// The command's data readers in process (issue 13, items 7 and 9 and the smaller data items): FANN headers checked
/// against the file before allocating, non-finite and out-of-range values named by file, line and column, numeric
/// labels compared as numbers, duplicate column names, folders, quoted numbers in convert, and the split that keeps
/// every class in training.
/// </summary>
public sealed class CommandDataTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fastneuron-data-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Table Csv(string path, HeaderMode header = HeaderMode.Auto)
        => Table.Read(path, target: null, header, skip: 0, "csv", targetRequired: true);

    /// <summary>Item 7: a FANN header announcing more numbers than the file holds fails on line 1 before allocating for them (was an OverflowException, or 6.4 GB).</summary>
    [Theory]
    [InlineData("2 2000000000 1")]
    [InlineData("4 400000000 1")]
    public void AFannHeaderIsCheckedAgainstTheFilesSizeBeforeAllocating(string header)
    {
        string path = Write("big.data", header + "\n" + string.Concat(Enumerable.Repeat("1 2\n3\n", 4)));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => FannFile.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.StartsWith($"{path}, line 1: the header announces", error.Message);
        Assert.Contains("but the file has", error.Message);
        Assert.True(allocated < 1 << 20, $"{allocated:N0} bytes allocated");
    }

    /// <summary>Item 7: NaN, 1e400 (beyond float64) and 1e39 (beyond float32, the type FANN data is read as) fail with the file, line and column.</summary>
    [Theory]
    [InlineData("NaN", "'NaN' is not a finite number")]
    [InlineData("1e400", "'1e400' is not a finite number")]
    [InlineData("1e39", "1E+39 is outside float32's range")]
    public void NonFiniteAndOutOfRangeFannNumbersNameTheirLineAndColumn(string value, string message)
    {
        string path = Write("bad.data", $"2 2 1\n1 2\n0\n3 {value}\n1\n");
        var error = Assert.Throws<InvalidDataException>(() => FannFile.Read(path));
        Assert.StartsWith($"{path}, line 4, column 2: {message}", error.Message);
    }

    /// <summary>Item 7: --target, --skip and --header are CSV options; FANN input refuses them instead of ignoring them.</summary>
    [Theory]
    [InlineData("3", 0, "Auto", "--target 3")]
    [InlineData(null, 2, "Auto", "--skip 2")]
    [InlineData(null, 0, "Yes", "--header Yes")]
    public void FannInputRefusesCsvOptions(string? target, int skip, string headerMode, string option)
    {
        HeaderMode header = Enum.Parse<HeaderMode>(headerMode);
        string path = Path.Combine(AppContext.BaseDirectory, "data", "diabetes.train");
        var error = Assert.Throws<CliException>(() => Table.Read(path, target, header, skip, "auto", targetRequired: true));
        Assert.StartsWith($"{option}: {path} is FANN data", error.Message);
    }

    /// <summary>Item 9: 1e39 is a float64 but not a float32: rounding it for a float32 network fails naming the cell (was infinity, then NaN).</summary>
    [Fact]
    public void ValuesBeyondTheElementTypeFailWithFileLineAndColumn()
    {
        string path = Write("wide.csv", "a,b,label\n1,2,x\n3,1e39,y\n");
        Table table = Csv(path);
        Assert.Equal(1e39, table.Gather<double>([1])[1]);
        var error = Assert.Throws<InvalidDataException>(() => table.Gather<float>([0, 1]));
        Assert.Equal($"{path}, line 3, column 2 ('b'): 1E+39 is outside float32's range (±3.4028235E+38).", error.Message);
    }

    /// <summary>Item 9: 1e200 is a float64, but its square in the standardisation is not: the cell is named (was the metadata's internal message).</summary>
    [Fact]
    public void AValueWhoseSquareOverflowsTheStandardisationIsNamed()
    {
        string path = Write("huge.csv", "a,b,label\n1,2,x\n3,4,y\n5,-1e200,x\n7,8,y\n");
        Table table = Csv(path);
        var network = new Network<double>([2, 2], [Activation.Softmax], seed: 1, useBias: true, loss: Loss.CrossEntropy);
        var error = Assert.Throws<InvalidDataException>(() => TrainingData.Prepare(network, table, Targets.From(table, "auto"), validation: 0, seed: 1, standardise: true));
        Assert.StartsWith($"{path}, line 4, column 2 ('b'): -1E+200 is too large to standardise in float64", error.Message);
        Assert.Equal(2, TrainingData.Prepare(network, table, Targets.From(table, "auto"), validation: 0, seed: 1, standardise: false).TrainInputs.Length / 4);
    }

    /// <summary>Numeric labels are compared as numbers: 1, 1.0 and 01 are one class, labelled as first written; a model's "1" knows "1.0".</summary>
    [Fact]
    public void NumericLabelsAreOneClassPerNumber()
    {
        Table table = Csv(Write("labels.csv", "a,label\n1,1.0\n2,2\n3,1\n4,01\n5,2.00\n6,-0\n7,0\n"));
        Targets targets = Targets.From(table, "auto");
        Assert.Equal(["-0", "1.0", "2"], targets.ClassLabels!);
        Assert.Equal([1, 2, 1, 1, 2, 0, 0], targets.ClassIndices!);

        Targets forModel = Targets.ForModel(table, ["0", "1", "2"]);
        Assert.Equal(targets.ClassIndices, forModel.ClassIndices);
    }

    /// <summary>A duplicate column name is refused naming both columns, for train and for convert (was: --target took the first).</summary>
    [Fact]
    public void DuplicateColumnNamesAreRefusedNamingBothColumns()
    {
        string path = Write("twice.csv", "a,b,a,label\n1,2,3,x\n4,5,6,y\n");
        var error = Assert.Throws<InvalidDataException>(() => Csv(path));
        Assert.Equal($"{path}, line 1: columns 1 and 3 are both named 'a'; column names must be unique.", error.Message);
        var converted = Assert.Throws<InvalidDataException>(() => ConvertCommand.Convert(Write("twice2.csv", "a,b,a,label\n1,2,3,0\n"), Path.Combine(_folder, "o.fnm")));
        Assert.Contains("columns 1 and 3 are both named 'a'", converted.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "o.fnm")));
    }

    /// <summary>A folder given as data says it is a folder (was "no such file").</summary>
    [Fact]
    public void AFolderGivenAsDataSaysItIsAFolder()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_folder, "d.csv")).FullName;
        Assert.Equal($"{folder}: is a folder, not a data file.", Assert.Throws<CliException>(() => Csv(folder)).Message);
        Assert.Equal($"{folder}: is a folder, not a data file.", Assert.Throws<CliException>(() => Table.Read(folder, null, HeaderMode.Auto, 0, "fann", true)).Message);
    }

    /// <summary>convert reads quoted numbers as train does (one CSV reader for both); was "'"1.5"' is not a finite number".</summary>
    [Fact]
    public void ConvertAcceptsQuotedNumbersAsTrainDoes()
    {
        string csv = Write("quoted.csv", "a;b;label\n\"1.5\";2;\"1\"\n3;\"-4\";0\n");
        string output = Path.Combine(_folder, "quoted.fnm");
        Assert.Equal((2L, 2), ConvertCommand.Convert(csv, output, target: "label"));
        Table table = Csv(csv);
        using var file = MatrixFile.Open(output);
        var row = new float[2];
        for (int i = 0; i < 2; i++)
        {
            file.ReadRow(i, row, out float y);
            Assert.Equal(table.Gather<float>([i]), row);
            Assert.Equal(float.Parse(table.Targets![i], CultureInfo.InvariantCulture), y);
        }
    }

    /// <summary>
    /// A class of one row never goes entirely to validation (at 0.6, round(0.6) = 1 row of 1 did); where every class
    /// keeps a training row, the split is the one the old rule gives, row for row.
    /// </summary>
    [Fact]
    public void EveryClassKeepsATrainingRowAndOtherSplitsDoNotChange()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            int[] sizes = Enumerable.Range(0, random.Next(2, 5)).Select(_ => random.Next(1, 12)).ToArray();
            string text = "a,label\n" + string.Concat(sizes.SelectMany((n, c) => Enumerable.Repeat($"{trial},c{c}\n", n)).OrderBy(_ => random.Next()));
            Table table = Csv(Write("split.csv", text));
            Targets targets = Targets.From(table, "classification");
            double fraction = random.Next(0, 95) / 100.0;
            int seed = random.Next();
            (int[] train, int[] validation) = TrainingData.Split(targets, table.Rows, fraction, seed);

            for (int c = 0; c < sizes.Length; c++) Assert.Contains(train, r => targets.ClassIndices![r] == c);
            Assert.Equal(table.Rows, train.Length + validation.Length);
            (int[] oldTrain, int[] oldValidation) = OldSplit(targets.ClassIndices!, fraction, seed);
            if (sizes.All(n => Math.Round(n * fraction) < n))
            {
                Assert.Equal(oldTrain, train);
                Assert.Equal(oldValidation, validation);
            }
        }
    }

    /// <summary>The split before this change, written out: per class in order, shuffle, the first round(n·f) validate.</summary>
    private static (int[] Train, int[] Validation) OldSplit(int[] classes, double fraction, int seed)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (int[] group in Enumerable.Range(0, classes.Length).GroupBy(i => classes[i]).OrderBy(g => g.Key).Select(g => g.ToArray()))
        {
            random.Shuffle(group);
            int held = (int)Math.Round(group.Length * fraction);
            validation.AddRange(group[..held]);
            train.AddRange(group[held..]);
        }
        return ([.. train.Order()], [.. validation.Order()]);
    }
}
