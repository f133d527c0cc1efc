using System.Globalization;
using System.Text.RegularExpressions;
using FastNeuron.Cli;
using FastNeuron.Cli.Data;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 15's smaller command items, as a new user meets them: help names the command <c>fastneuron</c>; a softmax
/// hidden layer is refused by the command; convert takes --header like the others; progress shows the current
/// epoch's rate and, for a regression, R² and MAE; early stopping says what it kept and why; a header that holds
/// numbers is warned about, and a first line of another width suggests --skip 1.
/// </summary>
public sealed class CommandFirstUseTests() : TemporaryFolderTests("fastneuron-first-use-", linkData: true)
{
    private (int ExitCode, string Output, string Error) Run(string arguments) => CommandLineTests.Run(Folder, arguments);

    [Theory]
    [InlineData("--help", "fastneuron [command] [options]")]
    [InlineData("train --help", "fastneuron train <data> [options]")]
    [InlineData("convert --help", "fastneuron convert <csv> <output> [options]")]
    public void HelpsUsageLinesNameTheCommandFastneuron(string arguments, string usage)
    {
        var (exitCode, output, _) = Run(arguments);
        Assert.Equal(0, exitCode);
        Assert.Contains("  " + usage + "\n", output.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("FastNeuron.Cli", output);
    }

    [Fact]
    public void ASoftmaxHiddenLayerIsRefusedByTheCommandAndNotOffered()
    {
        var (exitCode, _, error) = Run("train data/diabetes.train --activation Softmax --epochs 1 --out m.fnn");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("fastneuron train: --activation Softmax: softmax normalises a layer into probabilities", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(Folder, "m.fnn")));
        string help = Run("train --help").Output;
        Assert.Contains("--activation <Sigmoid|Tanh|Relu|LeakyRelu|Linear>", help);
    }

    [Fact]
    public void ConvertTakesHeaderLikeTheOtherCommandsAndKeepsNoHeader()
    {
        Write("named.csv", "x1,x2,y\n1,2,0\n3,4,1\n");
        Write("plain.csv", "1,2,0\n3,4,1\n5,6,1\n");
        Assert.Contains("2 rows × 2 inputs", Run("convert named.csv a.fnm").Output);
        Assert.Contains("3 rows × 2 inputs", Run("convert plain.csv b.fnm").Output);                // Auto, as train reads it
        Assert.Contains("3 rows × 2 inputs", Run("convert plain.csv c.fnm --header No").Output);
        Assert.Contains("2 rows × 2 inputs", Run("convert plain.csv d.fnm --header Yes").Output);
        Assert.Contains("3 rows × 2 inputs", Run("convert plain.csv e.fnm --no-header").Output);     // the old spelling still works
        var (exitCode, _, error) = Run("convert plain.csv f.fnm --header Yes --no-header");
        Assert.Equal(1, exitCode);
        Assert.Contains("--header Yes and --no-header", error);
    }

    [Fact]
    public void SamplesPerSecondIsTheCurrentEpochsRate()
    {
        // Epoch 1 takes 10 s (warm-up), epochs 2 and 3 take 1 s each, over 1,000 rows: 1,000 samples/s each, where a
        // running average from the start would say 182 and 250.
        double now = 0;
        double[] durations = [10, 1, 1];
        var output = new StringWriter();
        TrainingProgress.Run(interactive: false, output, Loss.SquaredError, epochs: 3, samplesPerEpoch: 1000, progress =>
        {
            for (int epoch = 1; epoch <= 3; epoch++)
            {
                now += durations[epoch - 1];
                progress(new EpochReport(epoch, 0.5, null, null));
            }
            return 3;
        }, seconds: () => now);
        string[] lines = output.ToString().Trim().Split('\n');
        Assert.Equal(["100", "1,000", "1,000"], lines.Select(l => Regex.Match(l, @"  ([\d,]+) samples/s").Groups[1].Value));
    }

    [Fact]
    public void ARegressionShowsValidationRSquaredAndMaeNotAccuracy()
    {
        var random = new Random(3);
        Write("linear.csv", "a,b,y\n" + string.Concat(Enumerable.Range(0, 200).Select(_ =>
        {
            double a = random.NextDouble() * 4, b = random.NextDouble() * 4;
            return string.Create(CultureInfo.InvariantCulture, $"{a:R},{b:R},{3 * a - 2 * b + 5 + random.NextDouble() * 0.1:R}\n");
        })));
        var (exitCode, output, error) = Run("train linear.csv --epochs 30 --out m.fnn");
        Assert.True(exitCode == 0, error);
        string[] epochs = output.Split('\n').Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(30, epochs.Length);
        Assert.All(epochs, line => Assert.Matches(@"val_loss \S+  val_R² -?\d+\.\d{4}  val_MAE \S+  ", line));
        Assert.DoesNotContain("val_acc", output);
        Assert.Matches(@"trained 30 epochs .*, R² -?\d+\.\d{4}, MAE ", output);
    }

    [Fact]
    public void EarlyStoppingSaysWhichEpochsWeightsWereKeptAndWhy()
    {
        var (exitCode, output, error) = Run("train data/diabetes.train --patience 3 --epochs 500 --learning-rate 0.01 --out m.fnn");
        Assert.True(exitCode == 0, error);
        Match stop = Regex.Match(output, @"early stopping: stopped after epoch (\d+) of 500: the validation loss had not improved for 3 epochs \(--patience 3\); kept epoch (\d+)'s weights, the lowest validation loss \((\S+)\)");
        Assert.True(stop.Success, output);
        int stopped = int.Parse(stop.Groups[1].Value, CultureInfo.InvariantCulture), kept = int.Parse(stop.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.Equal(stopped - 3, kept);
        Assert.Contains($"trained {stopped} epochs", output);
        // The last line reports the kept epoch's validation loss, which is the lowest the epochs printed.
        double lowest = Regex.Matches(output, @"val_loss (\S+)").Min(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(lowest, double.Parse(stop.Groups[3].Value, CultureInfo.InvariantCulture), 4);
    }

    [Fact]
    public void EarlyStoppingThatNeverStopsSaysSo()
    {
        EpochReport[] history = [new(1, 1, 0.9, null), new(2, 1, 0.7, null), new(3, 1, 0.8, null), new(4, 1, 0.7, null)];
        var (kept, line) = EarlyStoppingSummary.Of(history, patience: 5, maxEpochs: 4);
        Assert.Equal(2, kept.Epoch);   // the first of the equal lowest losses, as Fit keeps it
        Assert.StartsWith("early stopping: ran all 4 epochs", line);
        Assert.Contains("kept epoch 2's weights", line);
    }

    [Theory]
    [InlineData("1,x,0\n2,3,1\n4,5,0\n", "'x' is not a number, but 2 of its 3 cells are numbers ('1', '0')")]          // a typo in the first row
    [InlineData("150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n4.9,3,1.4,0.2,1\n", "add --skip 1")]            // scikit-learn's first line, of the data's width
    public void AHeaderThatHoldsNumbersIsWarnedAbout(string csv, string warning)
    {
        string path = Write("data.csv", csv);
        var notes = new StringWriter();
        Table.Read(path, null, HeaderMode.Auto, 0, "csv", targetRequired: true, notes: notes);
        Assert.StartsWith($"warning: {path}, line 1 was taken as the header", notes.ToString());
        Assert.Contains(warning, notes.ToString());

        var quiet = new StringWriter();
        Table.Read(path, null, HeaderMode.Yes, 0, "csv", targetRequired: true, notes: quiet);   // the user said it is a header
        Table.Read(Write("named.csv", "a,b,y\n1,2,0\n3,4,1\n"), null, HeaderMode.Auto, 0, "csv", targetRequired: true, notes: quiet);
        Assert.Equal("", quiet.ToString());
    }

    [Fact]
    public void AFirstLineOfAnotherWidthSuggestsSkip1()
    {
        string path = Write("bc.csv", "569,3,malignant,benign\n1,2,3,0\n4,5,6,1\n1,2,3,0\n");
        // Four columns, as wide as the first line: taken as the header (and warned about); now a first line of five.
        string wider = Write("wide.csv", "569,3,malignant,benign,x\n1,2,3,0\n4,5,6,1\n");
        var error = Assert.Throws<InvalidDataException>(() => Table.Read(wider, null, HeaderMode.Auto, 0, "csv", targetRequired: true));
        Assert.Equal($"{wider}, line 2: 4 columns where the first row has 5: malformed CSV. Line 1 may be a line before the data (scikit-learn's bundled CSVs start with one: rows, features, class names); --skip 1 skips it.", error.Message);
        Assert.Equal(2, Table.Read(wider, null, HeaderMode.Auto, 1, "csv", targetRequired: true).Rows);
        Assert.Equal(3, Table.Read(path, null, HeaderMode.Auto, 0, "csv", targetRequired: true).Rows);
    }
}
