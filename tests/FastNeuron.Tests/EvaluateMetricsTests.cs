using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 15's metrics in the real command: <c>evaluate</c>'s per-class figures, macro F1, log-loss and ROC-AUC, the
/// confusion matrix as a Spectre.Console table, <c>--json</c> holding the text's numbers, and <c>--plot</c>'s picture.
/// Each test trains a small model in its own temporary folder.
/// </summary>
public sealed class EvaluateMetricsTests() : TemporaryFolderTests("fastneuron-metrics-", linkData: true)
{
    private (int ExitCode, string Output, string Error) Run(string arguments) => CommandLineTests.Run(Folder, arguments);

    private void Train(string arguments)
    {
        var train = Run($"train {arguments}");
        Assert.True(train.ExitCode == 0, train.Error);
    }

    /// <summary>
    /// Trains m.fnn on data/digits.csv with <paramref name="training"/>, then returns evaluate's text and its --json
    /// object for the same model and data, the object's task checked to be <paramref name="task"/>.
    /// </summary>
    private (string Text, JsonElement Json) TextAndJson(string training, string task)
    {
        Train($"data/digits.csv --layers 16 --epochs 3 --out m.fnn {training}");
        var text = Run("evaluate m.fnn data/digits.csv");
        Assert.True(text.ExitCode == 0, text.Error);
        var json = Run("evaluate m.fnn data/digits.csv --json");
        Assert.True(json.ExitCode == 0, json.Error);
        using JsonDocument document = JsonDocument.Parse(json.Output);
        Assert.Equal(task, document.RootElement.GetProperty("task").GetString());
        return (text.Output, document.RootElement.Clone());
    }

    private static double Number(string text, string pattern)
    {
        Match match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"no {pattern} in:\n{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The confusion matrix's counts as the text prints them: a row per actual class, label first.</summary>
    private static int[,] ConfusionFromText(string text, string[] labels)
    {
        string matrix = text[text.IndexOf("confusion matrix", StringComparison.Ordinal)..];
        var counts = new int[labels.Length, labels.Length];
        for (int a = 0; a < labels.Length; a++)
        {
            Match row = Regex.Match(matrix, $@"^\s*{Regex.Escape(labels[a])}((?:\s+\d+){{{labels.Length}}})\s*$", RegexOptions.Multiline);
            Assert.True(row.Success, $"no row for {labels[a]} in:\n{matrix}");
            int[] values = row.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            for (int p = 0; p < labels.Length; p++) counts[a, p] = values[p];
        }
        return counts;
    }

    [Fact]
    public void EvaluatePrintsPerClassFiguresMacroF1LogLossAndAucThatAgreeWithItsConfusionMatrix()
    {
        Train("data/breast_cancer_named.csv --target diagnosis --epochs 5 --out bc.fnn");

        var (exitCode, output, error) = Run("evaluate bc.fnn data/breast_cancer_named.csv");

        Assert.True(exitCode == 0, error);
        Assert.DoesNotContain("\u001b", output);
        // Spectre.Console's table: a rule under each header row, no trailing spaces.
        Assert.Equal(2, Regex.Matches(output, @"^\s*─{10,}$", RegexOptions.Multiline).Count);
        Assert.DoesNotMatch(@" \n", output);
        string[] labels = ["benign", "malignant"];
        int[,] confusion = ConfusionFromText(output, labels);
        Assert.Equal(569, confusion.Cast<int>().Sum());
        var f1 = new double[2];
        for (int c = 0; c < 2; c++)
        {
            // The class table's row: label, precision, recall, F1, support, from the same counts.
            Match row = Regex.Match(output, $@"^\s*{labels[c]}\s+(\d\.\d{{4}})\s+(\d\.\d{{4}})\s+(\d\.\d{{4}})\s+(\d+)\s*$", RegexOptions.Multiline);
            Assert.True(row.Success, output);
            double precision = (double)confusion[c, c] / (confusion[0, c] + confusion[1, c]);
            double recall = (double)confusion[c, c] / (confusion[c, 0] + confusion[c, 1]);
            f1[c] = 2 * precision * recall / (precision + recall);
            Assert.Equal(precision.ToString("F4", CultureInfo.InvariantCulture), row.Groups[1].Value);
            Assert.Equal(recall.ToString("F4", CultureInfo.InvariantCulture), row.Groups[2].Value);
            Assert.Equal(f1[c].ToString("F4", CultureInfo.InvariantCulture), row.Groups[3].Value);
            Assert.Equal(confusion[c, 0] + confusion[c, 1], int.Parse(row.Groups[4].Value, CultureInfo.InvariantCulture));
        }
        Assert.Equal(Math.Round((f1[0] + f1[1]) / 2, 4), Number(output, @"macro F1 (\d\.\d{4})"));
        Assert.InRange(Number(output, @"log-loss (\d+\.\d{4})"), 0.0001, 5);
        Assert.InRange(Number(output, @"ROC-AUC (\d\.\d{4}) \(positive class 'malignant'\)"), 0.9, 1);
    }

    [Fact]
    public void EvaluateJsonHoldsEveryFigureTheTextShowsForClasses()
    {
        (string text, JsonElement root) = TextAndJson("", "classification");

        Assert.Equal(1797, root.GetProperty("rows").GetInt32());
        Assert.Equal(Number(text, @"accuracy (\d\.\d{4})"), Math.Round(root.GetProperty("accuracy").GetDouble(), 4));
        Assert.Equal(Number(text, @"cross-entropy loss ([\d.E+-]+)"), double.Parse(root.GetProperty("loss").GetProperty("value").GetDouble().ToString("G5", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        Assert.Equal(Number(text, @"macro F1 (\d\.\d{4})"), Math.Round(root.GetProperty("macro_f1").GetDouble(), 4));
        Assert.Equal(Number(text, @"log-loss (\d+\.\d{4})"), Math.Round(root.GetProperty("log_loss").GetDouble(), 4));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("roc_auc").ValueKind);
        string[] labels = root.GetProperty("confusion_matrix").GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
        Assert.Equal(10, labels.Length);
        int[,] confusion = ConfusionFromText(text, labels);
        int[][] counts = root.GetProperty("confusion_matrix").GetProperty("counts").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        for (int a = 0; a < 10; a++)
        {
            for (int p = 0; p < 10; p++) Assert.Equal(confusion[a, p], counts[a][p]);
        }
        JsonElement[] classes = root.GetProperty("classes").EnumerateArray().ToArray();
        Assert.Equal(labels, classes.Select(c => c.GetProperty("label").GetString()));
        Assert.Equal(Enumerable.Range(0, 10).Sum(c => classes[c].GetProperty("f1").GetDouble()) / 10, root.GetProperty("macro_f1").GetDouble(), 12);
        Assert.Equal(1797, classes.Sum(c => c.GetProperty("support").GetInt32()));
    }

    [Fact]
    public void EvaluateJsonHoldsEveryFigureTheTextShowsForNumbers()
    {
        (string text, JsonElement root) = TextAndJson("--task regression", "regression");

        JsonElement overall = root.GetProperty("overall");
        Assert.Equal(Number(text, @"mean squared error ([\d.E+-]+)"), Rounded(overall.GetProperty("mean_squared_error").GetDouble(), "G6"));
        Assert.Equal(Number(text, @"mean absolute error ([\d.E+-]+)"), Rounded(overall.GetProperty("mean_absolute_error").GetDouble(), "G6"));
        Assert.Equal(Number(text, @"R² (-?\d\.\d{4})"), Math.Round(overall.GetProperty("r2").GetDouble(), 4));
        Assert.Equal(Number(text, @"squared error loss ([\d.E+-]+)"), Rounded(root.GetProperty("loss").GetProperty("value").GetDouble(), "G5"));
        Assert.Single(root.GetProperty("outputs").EnumerateArray());
    }

    private static double Rounded(double value, string format) => double.Parse(value.ToString(format, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    [Fact]
    public void EvaluatePlotWritesAPngOfTheStatedSize()
    {
        Train("data/breast_cancer_named.csv --target diagnosis --epochs 2 --out bc.fnn");

        var (exitCode, output, error) = Run("evaluate bc.fnn data/breast_cancer_named.csv --plot confusion.png");

        Assert.True(exitCode == 0, error);
        Match stated = Regex.Match(output, @"confusion matrix picture \((\d+) × (\d+) px\) written to confusion.png");
        Assert.True(stated.Success, output);
        byte[] png = File.ReadAllBytes(Path.Combine(Folder, "confusion.png"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal(int.Parse(stated.Groups[1].Value, CultureInfo.InvariantCulture), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(int.Parse(stated.Groups[2].Value, CultureInfo.InvariantCulture), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void EvaluatePlotOfARegressionIsRefusedBeforeAnyOutput()
    {
        Train("data/digits.csv --task regression --layers 4 --epochs 1 --out r.fnn");

        var (exitCode, output, error) = Run("evaluate r.fnn data/digits.csv --plot c.png");

        Assert.Equal(1, exitCode);
        Assert.Contains("--plot c.png: the confusion-matrix picture is for classification, and this model predicts numbers.", error);
        Assert.Equal("", output);
        Assert.False(File.Exists(Path.Combine(Folder, "c.png")));
    }

    [Theory]
    [InlineData("--plot bc.fnn", "bc.fnn", "--plot bc.fnn: is the model file")]
    [InlineData("--plot data.csv", "data.csv", "--plot data.csv: is the data file")]
    public void EvaluatePlotNeverOverwritesAnInput(string plot, string input, string message)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer_named.csv"), Path.Combine(Folder, "data.csv"));
        Train("data.csv --target diagnosis --epochs 1 --out bc.fnn");
        byte[] before = File.ReadAllBytes(Path.Combine(Folder, input));

        var (exitCode, output, error) = Run($"evaluate bc.fnn data.csv {plot}");

        Assert.Equal(1, exitCode);
        Assert.Contains(message, error);
        Assert.Contains("refusing to overwrite an input", error);
        Assert.DoesNotContain("accuracy", output);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(Folder, input)));
    }
}
