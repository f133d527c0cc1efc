using System.Globalization;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 15, a metadata first line as scikit-learn's bundled CSVs have (<c>150,4,setosa,versicolor,virginica</c>
/// before headerless data), through the command: where it is as wide as the data it is taken as the header, and
/// train, evaluate and predict warn and suggest --skip 1; where it is wider, the ragged second line suggests it; for a
/// model that knows its columns' names it is read as data, and the error on it says why and suggests it; with
/// --skip 1 the data trains as it should (the last column's classes, no names taken from the line).
/// </summary>
public sealed class MetadataFirstLineTests() : TemporaryFolderTests("fastneuron-metadata-line-")
{
    private (int ExitCode, string Output, string Error) Run(string arguments) => CommandLineTests.Run(Folder, arguments);

    /// <summary>150 rows of four measurements and a class 0, 1 or 2, headerless; returns them as text.</summary>
    private static string Rows()
    {
        var random = new Random(3);
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < 150; i++)
        {
            int kind = i % 3;
            text.AppendLine(string.Join(",", Enumerable.Range(0, 4).Select(_ => (5 + kind + random.NextDouble()).ToString("F1", CultureInfo.InvariantCulture))) + $",{kind}");
        }
        return text.ToString();
    }

    private const string SameWidth = "150,4,setosa,versicolor,virginica\n";
    private const string Wider = "150,4,setosa,versicolor,virginica,x\n";
    private const string Warning = "line 1 was taken as the header because 'setosa', 'versicolor', 'virginica' are not numbers, but 2 of its 5 cells are numbers ('150', '4')";

    [Fact]
    public void OfTheDatasWidthItIsWarnedAboutByTrainEvaluateAndPredict()
    {
        Write("iris.csv", SameWidth + Rows());
        var train = Run("train iris.csv --epochs 1 --out iris.fnn");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains($"warning: iris.csv, {Warning}", train.Error);
        Assert.EndsWith("add --skip 1.", train.Error.Trim());
        Assert.Equal(0, Run("train iris.csv --skip 1 --epochs 1 --out skipped.fnn").ExitCode);
        foreach (string command in new[] { "evaluate skipped.fnn iris.csv", "predict skipped.fnn iris.csv" })
        {
            var (exitCode, _, error) = Run(command);
            Assert.True(exitCode == 0, error);
            Assert.Contains($"warning: iris.csv, {Warning}", error);
        }
    }

    [Fact]
    public void WithSkip1TheDataTrainsAsItShould()
    {
        Write("iris.csv", SameWidth + Rows());
        var skipped = Run("train iris.csv --skip 1 --epochs 1 --out skipped.fnn");
        Assert.True(skipped.ExitCode == 0, skipped.Error);
        Assert.Contains("iris.csv: 150 rows × 4 features, target (last column): 3 classes", skipped.Output);
        Assert.DoesNotContain("warning", skipped.Error);
        var model = Network<float>.Load(Path.Combine(Folder, "skipped.fnn"));
        Assert.Equal(["0", "1", "2"], model.Metadata.ClassLabels);
        Assert.Equal(["column 0", "column 1", "column 2", "column 3"], model.Metadata.FeatureNames);
    }

    [Fact]
    public void WiderThanTheDataItsRaggedSecondLineSuggestsSkip1InEveryCommand()
    {
        Write("wide.csv", Wider + Rows());
        Write("plain.csv", Rows());
        Assert.Equal(0, Run("train plain.csv --epochs 1 --out plain.fnn").ExitCode);
        const string Suggestion = "wide.csv, line 2: 5 columns where the first row has 6: malformed CSV. Line 1 may be a line before the data (scikit-learn's bundled CSVs start with one: rows, features, class names); --skip 1 skips it.";
        foreach (string command in new[] { "train wide.csv --epochs 1 --out wide.fnn", "evaluate plain.fnn wide.csv", "predict plain.fnn wide.csv" })
        {
            var (exitCode, _, error) = Run(command);
            Assert.Equal(1, exitCode);
            Assert.Contains(Suggestion, error);
        }
        Assert.Equal(0, Run("evaluate plain.fnn wide.csv --skip 1").ExitCode);
    }

    [Theory]
    [InlineData(SameWidth)]
    [InlineData(Wider)]
    public void ForAModelThatKnowsItsColumnsNamesTheErrorOnItSuggestsSkip1(string line)
    {
        Write("named.csv", "a,b,c,d,species\n" + Rows());
        Assert.Equal(0, Run("train named.csv --epochs 1 --out named.fnn").ExitCode);
        Write("iris.csv", line + Rows());
        foreach (string command in new[] { "evaluate named.fnn iris.csv", "predict named.fnn iris.csv" })
        {
            var (exitCode, _, error) = Run(command);
            Assert.Equal(1, exitCode);
            Assert.Contains("iris.csv, line 1, column 3: 'setosa' is not a finite number. Line 1 holds none of the model's input names ('a', 'b', 'c', …), so it was read as data; if it is a line before the data (scikit-learn's bundled CSVs start with one: rows, features, class names), --skip 1 skips it.", error);
        }
        Assert.Equal(0, Run("evaluate named.fnn iris.csv --skip 1").ExitCode);
    }
}
