using System.Text.RegularExpressions;

namespace FastNeuron.Tests;

/// <summary>
/// The real command on data whose columns, values or options are not what training saw (issue 13, items 4 and 9 and
/// the smaller command items): columns matched by name, refusals before any work, and no NaN printed with exit 0.
/// </summary>
public sealed class CommandColumnTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fastneuron-columns-").FullName;
    private readonly string[] _lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer_named.csv"));

    public CommandColumnTests()
    {
        Directory.CreateSymbolicLink(Path.Combine(_folder, "data"), Path.Combine(AppContext.BaseDirectory, "data"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int ExitCode, string Output, string Error) Run(string arguments) => CommandLineTests.Run(_folder, arguments);

    /// <summary>Writes the breast cancer data with its columns in <paramref name="order"/> (indices into the file's columns; −1 an extra text column).</summary>
    private void WriteColumns(string name, int[] order, bool header = true)
    {
        IEnumerable<string> lines = _lines.Select((line, i) =>
        {
            string[] cells = line.Split(',');
            return string.Join(",", order.Select(c => c >= 0 ? cells[c] : i == 0 ? "note" : "n/a"));
        });
        File.WriteAllLines(Path.Combine(_folder, name), header ? lines : lines.Skip(1));
    }

    private void TrainModel()
    {
        var train = Run("train data/breast_cancer_named.csv --target diagnosis --layers 4 --epochs 3 --out m.fnn");
        Assert.True(train.ExitCode == 0, train.Error);
    }

    /// <summary>
    /// Item 4: with a header, evaluate and predict take the model's columns by name in the model's order, whatever
    /// the file's order and extra columns (reordered, this gave 0.7167 instead of 1.0000 before); a missing one is an
    /// error naming it; without a header, position, said once on stderr.
    /// </summary>
    [Fact]
    public void EvaluateAndPredictPickTheModelsColumnsByName()
    {
        TrainModel();
        int columns = _lines[0].Split(',').Length;
        WriteColumns("reordered.csv", [-1, .. Enumerable.Range(0, columns).Reverse()]);
        var original = Run("evaluate m.fnn data/breast_cancer_named.csv");
        var reordered = Run("evaluate m.fnn reordered.csv");
        Assert.True(reordered.ExitCode == 0, reordered.Error);
        Assert.Equal(original.Output.Replace("data/breast_cancer_named.csv", "reordered.csv"), reordered.Output);
        Assert.Equal("", reordered.Error);
        Assert.Equal(Run("predict m.fnn data/breast_cancer_named.csv").Output, Run("predict m.fnn reordered.csv").Output);

        WriteColumns("missing.csv", Enumerable.Range(1, columns - 1).ToArray());
        var missing = Run("predict m.fnn missing.csv");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("fastneuron predict: missing.csv: the model's input column 'mean radius' is not in the header.", missing.Error.Trim());

        WriteColumns("headerless.csv", Enumerable.Range(0, columns).ToArray(), header: false);
        var headerless = Run("evaluate m.fnn headerless.csv --header No");
        Assert.True(headerless.ExitCode == 0, headerless.Error);
        Assert.Equal(Regex.Match(original.Output, "accuracy .*").Value, Regex.Match(headerless.Output, "accuracy .*").Value);
        Assert.Equal("note: headerless.csv has no header, so its columns are the model's 30 inputs by position, the target apart.", headerless.Error.Trim());
        // Guessed, the first row (numbers and a text label, none of the model's names) is data, not a header.
        Assert.Equal(headerless, Run("evaluate m.fnn headerless.csv"));
        Assert.Contains("569 rows", headerless.Output);
    }

    /// <summary>Item 9: a value beyond the float32 model's range fails naming file, line and column; predict printed NaN with exit 0 before.</summary>
    [Fact]
    public void PredictRefusesValuesBeyondTheModelsTypeInsteadOfPrintingNaN()
    {
        TrainModel();
        string[] row = _lines[5].Split(',');
        row[2] = "1e39";
        File.WriteAllLines(Path.Combine(_folder, "wide.csv"), [_lines[0], _lines[1], string.Join(",", row)]);
        var predict = Run("predict m.fnn wide.csv");
        Assert.Equal(1, predict.ExitCode);
        Assert.DoesNotContain("NaN", predict.Output);
        Assert.StartsWith("fastneuron predict: wide.csv, line 3, column 3 ('mean perimeter'): 1E+39 is outside float32's range", predict.Error);

        // 3e38 is a float32, but the network's sums over 30 of them are not: the row's output is NaN, refused by line.
        string[] cells = _lines[5].Split(',');
        string huge = string.Join(",", cells.Select((cell, c) => c < cells.Length - 1 ? "3e38" : cell));
        File.WriteAllLines(Path.Combine(_folder, "huge.csv"), [_lines[0], _lines[1], huge]);
        var overflow = Run("predict m.fnn huge.csv");
        Assert.Equal(1, overflow.ExitCode);
        Assert.DoesNotContain("NaN", overflow.Output);
        Assert.StartsWith("fastneuron predict: huge.csv, line 3: the model ", overflow.Error);
        Assert.Contains("which is no class or value; nothing was predicted", overflow.Error);
    }

    /// <summary>Options out of range are refused naming the option, before any training (all were accepted silently).</summary>
    [Theory]
    [InlineData("--validation NaN", "--validation NaN: ")]
    [InlineData("--patience -2", "--patience -2: ")]
    [InlineData("--batch-size -7", "--batch-size -7: ")]
    [InlineData("--skip -3", "--skip -3: ")]
    [InlineData("--patience 3 --validation 0", "--patience 3: early stopping watches the validation loss, and --validation 0 holds out no rows")]
    public void OptionsOutOfRangeAreRefusedNamingTheOption(string options, string message)
    {
        var train = Run($"train data/breast_cancer_named.csv --layers 2 --epochs 1 --out m.fnn {options}");
        Assert.Equal(1, train.ExitCode);
        Assert.StartsWith($"fastneuron train: {message}", train.Error);
        Assert.Single(train.Error.Trim().Split('\n'));
        Assert.DoesNotContain("epoch", train.Output);
        Assert.False(File.Exists(Path.Combine(_folder, "m.fnn")));
    }

    /// <summary>--patience is refused too when the fraction rounds to no validation rows at all (2 rows per class at 0.1).</summary>
    [Fact]
    public void PatienceWithNoValidationRowsIsRefused()
    {
        File.WriteAllLines(Path.Combine(_folder, "tiny.csv"), ["a,label", "1,x", "2,y", "3,x", "4,y"]);
        var train = Run("train tiny.csv --layers 2 --epochs 1 --validation 0.1 --patience 2 --out m.fnn");
        Assert.Equal(1, train.ExitCode);
        Assert.Equal("fastneuron train: --patience 2: --validation 0.1 holds out no rows of these 4, so early stopping has no loss to watch.", train.Error.Trim());
        Assert.False(File.Exists(Path.Combine(_folder, "m.fnn")));
    }

    /// <summary>A column name longer than a model file holds (4,096 bytes) fails before training, not at Save after it.</summary>
    [Fact]
    public void AHeaderNameTooLongForTheModelFileFailsBeforeTraining()
    {
        string name = new('w', 5000);
        File.WriteAllLines(Path.Combine(_folder, "long.csv"), ["a," + name + ",label", "1,2,x", "3,4,y", "5,6,x", "7,8,y"]);
        var train = Run("train long.csv --layers 2 --epochs 1 --out m.fnn");
        Assert.Equal(1, train.ExitCode);
        Assert.Contains("5,000 bytes in UTF-8; a model file holds names and labels of at most 4,096", train.Error);
        Assert.DoesNotContain("epoch", train.Output);
    }

    /// <summary>When --plot fails after the model is saved, the message says the model was saved (and it was).</summary>
    [Fact]
    public void AFailedPlotSaysTheModelWasSaved()
    {
        string plot = new string('p', 300) + ".png";
        var train = Run($"train data/breast_cancer_named.csv --layers 2 --epochs 1 --out m.fnn --plot {plot}");
        Assert.Equal(1, train.ExitCode);
        Assert.StartsWith($"fastneuron train: --plot {plot}: cannot write it: ", train.Error);
        Assert.EndsWith("The model was saved to m.fnn.", train.Error.Trim());
        Assert.Equal(30, Network<float>.Load(Path.Combine(_folder, "m.fnn")).InputCount);
    }
}
