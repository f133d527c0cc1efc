using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FastNeuron.Tests;

/// <summary>
/// The real <c>fastneuron</c> command, run as a process on the shipped data files: its output, its files and its
/// exit codes. Each test works in its own temporary folder with the data folder beside it.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fastneuron-cli-").FullName;

    public CommandLineTests()
    {
        Directory.CreateSymbolicLink(Path.Combine(_folder, "data"), Path.Combine(AppContext.BaseDirectory, "data"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Runs <c>fastneuron</c> with <paramref name="arguments"/> (split on spaces outside quotes) in the test's folder.</summary>
    internal static (int ExitCode, string Output, string Error) Run(string folder, string arguments) => Shared.RepositoryFiles.RunCommand(folder, arguments);

    private (int ExitCode, string Output, string Error) Run(string arguments) => Run(_folder, arguments);

    private static double Number(string text, string pattern)
        => double.Parse(Regex.Match(text, pattern).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>Issue 13, item 6: layer sizes whose weights overflow fail with one line naming the layer, not a stack trace.</summary>
    [Theory]
    [InlineData("50000,50000")]
    [InlineData("65536,65537")]
    [InlineData("70000,70000")]
    public void OversizedLayersFailWithOneLineNamingTheLayer(string layers)
    {
        var (exitCode, _, error) = Run(_folder, $"train data/diabetes.train --layers {layers} --epochs 1 --out m.fnn");
        Assert.Equal(1, exitCode);
        Assert.Contains("Layer 1 (", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(_folder, "m.fnn")));
    }

    /// <summary>
    /// An output never overwrites an input (issue 13, item 1): each command refuses before any work, with exit 1 and
    /// one line naming the option and the input, and the input is left byte for byte as it was — also through a
    /// symbolic link, and for train's default output when the data file itself ends in .fnn.
    /// </summary>
    [Theory]
    [InlineData("train clob.csv --target diagnosis --out clob.csv", "clob.csv", "--out clob.csv: is the data file")]
    [InlineData("train clob.fnn --format csv --target diagnosis", "clob.fnn", "the model file")]
    [InlineData("train clob.csv --target diagnosis --out m.fnn --plot m.fnn", "m.fnn", "--plot m.fnn: is the model file it would save")]
    [InlineData("train link.csv --target diagnosis --out clob.csv", "clob.csv", "--out clob.csv: is the data file (link.csv)")]
    [InlineData("convert clob.csv clob.csv --target diagnosis", "clob.csv", "is the CSV file")]
    [InlineData("predict m.fnn clob.csv --out m.fnn", "m.fnn", "--out m.fnn: is the model file")]
    [InlineData("predict m.fnn clob.csv --out clob.csv", "clob.csv", "--out clob.csv: is the data file")]
    public void AnOutputNeverOverwritesAnInput(string arguments, string input, string message)
    {
        string csv = Path.Combine(_folder, "clob.csv");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer_named.csv"), csv);
        File.Copy(csv, Path.Combine(_folder, "clob.fnn"));
        File.CreateSymbolicLink(Path.Combine(_folder, "link.csv"), csv);
        Assert.Equal(0, Run(_folder, "train clob.csv --target diagnosis --layers 4 --epochs 1 --out m.fnn").ExitCode);
        byte[] before = File.ReadAllBytes(Path.Combine(_folder, input));

        var (exitCode, output, error) = Run(_folder, arguments);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, error);
        Assert.Contains("refusing to overwrite an input", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("epoch", output);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_folder, input)));
    }

    [Fact]
    public void TrainEvaluatePredictOnACsvWithAHeaderAndTextLabels()
    {
        var train = Run("train data/breast_cancer_named.csv --target diagnosis --epochs 40 --out bc.fnn --plot loss.png");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("569 rows × 30 features, target 'diagnosis': 2 classes; training on 456, validating on 113", train.Output);
        Assert.Matches(@"epoch 1/40  cross-entropy loss \d\.\d{4}  val_loss \d\.\d{4}  val_acc \d\.\d{4}  [\d,]+ samples/s  left \d+:\d\d", train.Output);
        Assert.Contains("epoch 40/40", train.Output);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(_folder, "loss.png"))[..4]);
        Network<float> model = Network<float>.Load(Path.Combine(_folder, "bc.fnn"));
        Assert.Equal(["benign", "malignant"], model.Metadata.ClassLabels);
        Assert.Equal("diagnosis", model.Metadata.TargetName);
        Assert.Equal(30, model.Metadata.Means.Count);

        var evaluate = Run("evaluate bc.fnn data/breast_cancer_named.csv");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.True(Number(evaluate.Output, @"accuracy (\d\.\d+)") >= 0.97, evaluate.Output);
        Assert.Matches(@"\n\s+benign\s+\d+\s+\d+\n\s+malignant\s+\d+\s+\d+", evaluate.Output);

        var predict = Run("predict bc.fnn data/breast_cancer_named.csv --out predictions.csv");
        Assert.True(predict.ExitCode == 0, predict.Error);
        string[] lines = File.ReadAllLines(Path.Combine(_folder, "predictions.csv"));
        Assert.Equal(570, lines.Length);
        Assert.Equal("label,p(benign),p(malignant)", lines[0]);
        Assert.Matches(@"^(benign|malignant),[\d.E-]+,[\d.E-]+$", lines[1]);
        Assert.StartsWith("label,", Run("predict bc.fnn data/breast_cancer_named.csv").Output);
    }

    [Fact]
    public void TrainsOnHeaderlessCsvAndFannFiles()
    {
        var digits = Run("train data/digits.csv --epochs 30 --out digits.fnn");
        Assert.True(digits.ExitCode == 0, digits.Error);
        Assert.Contains("1,797 rows × 64 features, target (last column): 10 classes", digits.Output);
        Assert.True(Number(Run("evaluate digits.fnn data/digits.csv").Output, @"accuracy (\d\.\d+)") >= 0.97);

        var float64 = Run("train data/digits.csv --epochs 10 --float64 --out digits64.fnn");
        Assert.True(float64.ExitCode == 0, float64.Error);
        Assert.Contains("float64", float64.Output);
        Assert.Equal(8, File.ReadAllBytes(Path.Combine(_folder, "digits64.fnn"))[12]);
        Assert.True(Number(Run("evaluate digits64.fnn data/digits.csv").Output, @"accuracy (\d\.\d+)") >= 0.95);
        Assert.Equal(1798, Run("predict digits64.fnn data/digits.csv").Output.TrimEnd().Split('\n').Length);

        var mushroom = Run("train data/mushroom.train --epochs 5 --out mushroom.fnn");
        Assert.True(mushroom.ExitCode == 0, mushroom.Error);
        var evaluate = Run("evaluate mushroom.fnn data/mushroom.test");
        Assert.True(Number(evaluate.Output, @"accuracy (\d\.\d+)") >= 0.99, evaluate.Output);
    }

    [Theory]
    [InlineData("data/breast_cancer_named.csv --target diagnosis", "cross-entropy")]
    [InlineData("data/digits.csv --task regression --layers 16", "½·squared error")]
    public void EvaluatePrintsTheFinalTrainingLossOfTheSameRows(string data, string lossName)
    {
        // With --validation 0 every row trains, in file order: evaluate on the same file must print the very loss
        // train ended with (both are Metrics.MeanLoss, printed by LossText), to the digit.
        var train = Run($"train {data} --epochs 3 --validation 0 --out model.fnn");
        Assert.True(train.ExitCode == 0, train.Error);
        Match trained = Regex.Match(train.Output, @"training (.+?) loss ([^,\s]+)");
        Assert.True(trained.Success, train.Output);
        Assert.Equal(lossName, trained.Groups[1].Value);
        Assert.Matches($@"epoch 3/3  {Regex.Escape(lossName)} loss \d+\.\d{{4}}  ", train.Output);

        var evaluate = Run($"evaluate model.fnn {data.Split(' ')[0]}");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Match evaluated = Regex.Match(evaluate.Output, @"(?:^|, )([^,\n]+?) loss ([^,\s]+)", RegexOptions.Multiline);
        Assert.True(evaluated.Success, evaluate.Output);
        Assert.Equal(lossName, evaluated.Groups[1].Value);
        Assert.Equal(trained.Groups[2].Value, evaluated.Groups[2].Value);
        if (lossName != "cross-entropy")
        {
            Assert.Matches(@"mean squared error [\d.E+-]+, mean absolute error [\d.E+-]+, R² -?\d\.\d{4}", evaluate.Output);
        }
    }

    [Fact]
    public void ReadsSemicolonsAndQuotedCellsAndEscapesItsOutput()
    {
        File.WriteAllText(Path.Combine(_folder, "quoted.csv"), "a;b;label\n\"1.5\";2;\"yes, really\"\n3;4;no\n5;6;\"yes, really\"\n7;8;no\n");
        var train = Run("train quoted.csv --epochs 2 --validation 0 --out quoted.fnn");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("4 rows × 2 features, target 'label': 2 classes", train.Output);
        var predict = Run("predict quoted.fnn quoted.csv");
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.StartsWith("label,p(no),\"p(yes, really)\"\n", predict.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void TheSameSeedGivesTheSameModelFile()
    {
        Assert.Equal(0, Run("train data/diabetes.train --epochs 5 --out a.fnn").ExitCode);
        Assert.Equal(0, Run("train data/diabetes.train --epochs 5 --out b.fnn").ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "a.fnn")), File.ReadAllBytes(Path.Combine(_folder, "b.fnn")));
        Assert.Equal(0, Run("train data/diabetes.train --epochs 5 --seed 2 --out c.fnn").ExitCode);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(_folder, "a.fnn")), File.ReadAllBytes(Path.Combine(_folder, "c.fnn")));

        // Full batches of more than 4,096 rows run on worker threads: the thread count does not change a byte.
        var random = new Random(3);
        File.WriteAllLines(Path.Combine(_folder, "large.csv"), Enumerable.Range(0, 9000).Select(_ =>
            string.Join(",", Enumerable.Range(0, 4).Select(_ => (random.NextDouble() * 2 - 1).ToString("R", CultureInfo.InvariantCulture))) + $",{random.Next(3)}"));
        Assert.Equal(0, Run("train large.csv --batch-size 0 --optimizer Rprop --epochs 3 --threads 1 --out one.fnn").ExitCode);
        Assert.Equal(0, Run("train large.csv --batch-size 0 --optimizer Rprop --epochs 3 --threads 2 --out two.fnn").ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "one.fnn")), File.ReadAllBytes(Path.Combine(_folder, "two.fnn")));
    }

    [Theory]
    [InlineData("train missing.csv", "missing.csv: no such file.")]
    [InlineData("train empty.csv", "empty.csv: the file is empty.")]
    [InlineData("train ragged.csv", "ragged.csv, line 3: 2 columns where the first row has 3: malformed CSV.")]
    [InlineData("train text.csv", "text.csv, line 2, column 2 ('b'): 'zz' is not a finite number.")]
    [InlineData("train data/breast_cancer_named.csv --target outcome", "there is no target column 'outcome'; the columns are: mean radius,")]
    [InlineData("evaluate model.fnn unknown.csv", "unknown.csv, line 2: label 'maybe' is not one the model knows (benign, malignant).")]
    [InlineData("evaluate model.fnn data/digits.csv --target 64", "data/digits.csv: 64 feature columns, but the model takes 30 inputs (mean radius,")]
    [InlineData("predict model.fnn data/breast_cancer_named.csv --out missing/p.csv", "--out missing/p.csv: the folder")]
    [InlineData("train data/breast_cancer_named.csv --out missing/m.fnn", "--out missing/m.fnn: the folder")]
    [InlineData("evaluate empty.csv data/digits.csv", "empty.csv: the file is empty, not a FastNeuron model.")]
    [InlineData("evaluate ragged.csv data/digits.csv", "ragged.csv: not a FastNeuron model file")]
    public void BadInputIsOneClearLineOnStderrAndExitCode1(string arguments, string message)
    {
        File.WriteAllText(Path.Combine(_folder, "empty.csv"), "");
        File.WriteAllText(Path.Combine(_folder, "ragged.csv"), "a,b,c\n1,2,x\n3,4\n");
        File.WriteAllText(Path.Combine(_folder, "text.csv"), "a,b,c\n1,zz,x\n2,3,y\n");   // b mixes text and numbers: a column of text alone is one-hot encoded
        string header = File.ReadLines(Path.Combine(_folder, "data/breast_cancer_named.csv")).First();
        string row = File.ReadLines(Path.Combine(_folder, "data/breast_cancer_named.csv")).Skip(1).First();
        File.WriteAllText(Path.Combine(_folder, "unknown.csv"), $"{header}\n{row[..row.LastIndexOf(',')]},maybe\n");
        if (arguments.Contains("model.fnn"))
        {
            Assert.Equal(0, Run("train data/breast_cancer_named.csv --target diagnosis --epochs 2 --out model.fnn").ExitCode);
        }

        var result = Run(arguments);
        Assert.Equal(1, result.ExitCode);
        string[] lines = result.Error.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith($"fastneuron {arguments.Split(' ')[0]}: ", lines[0]);
        Assert.Contains(message, lines[0]);

        var verbose = Run(arguments + " --verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Error);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("predict")]
    [InlineData("verify")]
    [InlineData("info")]
    [InlineData("accuracy")]
    [InlineData("convert")]
    public void EveryCommandHasHelp(string command)
    {
        var help = Run($"{command} --help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:", help.Output);
        Assert.Contains($"fastneuron {command}", help.Output.Replace("FastNeuron.Cli", "fastneuron"));
    }
}
