using System.Globalization;
using System.Text.RegularExpressions;
using FastNeuron.Cli.Data;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 15, multi-output regression: a FANN file is classes only when every row is exactly one-hot, else a regression
/// with one output per column; CSV takes several targets (<c>--target a,b,c</c>); regression targets are standardised
/// for training, their means and deviations stored in the model (format version 2, written only when needed), and
/// predictions come back in the targets' units; <c>evaluate</c> reports MSE, MAE and R² per output and overall, and
/// <c>predict</c> writes one column per output.
/// </summary>
public sealed class MultiOutputRegressionTests() : TemporaryFolderTests("fastneuron-multi-")
{
    private string Path(string name) => System.IO.Path.Combine(Folder, name);

    /// <summary>Three smooth targets of four features, one of them far from 0 (around 100), as a CSV with a header.</summary>
    private string ThreeTargetCsv(int seed = 6, int rows = 300)
    {
        var random = new Random(seed);
        var text = new System.Text.StringBuilder("x1,x2,x3,x4,a,b,c\n");
        for (int i = 0; i < rows; i++)
        {
            double[] x = [random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble()];
            double[] row = [.. x, x[0] + 2 * x[1], 10 * x[2] * x[3] + 100, x[3] - x[0]];
            text.AppendLine(string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
        File.WriteAllText(Path("three.csv"), text.ToString());
        return Path("three.csv");
    }

    private string Fann(string name, string text) => Write(name, text);

    [Fact]
    public void AFannFileIsClassesOnlyWhenEveryRowIsExactlyOneHot()
    {
        Table classes = Table.Read(Fann("classes.data", "3 2 3\n0 0\n1 0 0\n0 1\n0 1 0\n1 1\n0 0 1\n"), null, HeaderMode.Auto, 0, "auto", targetRequired: true);
        Assert.Equal(1, classes.TargetCount);
        Assert.Equal(["0", "1", "2"], classes.Targets!);

        // Continuous outputs, as FANN's own building and robot sets have: a regression with all three, not the largest one's index.
        Table continuous = Table.Read(Fann("values.data", "2 2 3\n0 0\n0.5 0.25 1\n0 1\n0.1 0.9 0.3\n"), null, HeaderMode.Auto, 0, "auto", targetRequired: true);
        Assert.Equal(3, continuous.TargetCount);
        Assert.Equal(["0.5", "0.25", "1", "0.1", "0.9", "0.3"], continuous.Targets!);
        Targets values = Targets.From(continuous, "auto");
        Assert.Null(values.ClassLabels);
        Assert.Equal(3, values.Count);

        // 0/1 outputs with two ones in a row are not one-hot either.
        Table twoOnes = Table.Read(Fann("labels.data", "2 2 3\n0 0\n1 0 0\n0 1\n0 1 1\n"), null, HeaderMode.Auto, 0, "auto", targetRequired: true);
        Assert.Equal(3, twoOnes.TargetCount);
    }

    [Fact]
    public void ACsvTakesSeveralTargetsByNameOrIndex()
    {
        string csv = ThreeTargetCsv();
        foreach (string target in new[] { "a,b,c", "4,5,6", "a, b ,c" })
        {
            Table table = Table.Read(csv, target, HeaderMode.Auto, 0, "csv", targetRequired: true);
            Assert.Equal(["x1", "x2", "x3", "x4"], table.FeatureNames);
            Assert.Equal(3, table.TargetCount);
            Assert.Equal(["a", "b", "c"], table.TargetNames);
            Assert.Equal(300 * 3, table.Targets!.Length);
        }
        Assert.Contains("there is no target column 'a,nope'", Assert.Throws<ArgumentException>(() => Table.Read(csv, "a,nope", HeaderMode.Auto, 0, "csv", true)).Message);
        Assert.Contains("--target a,a: a column is named twice", Assert.Throws<ArgumentException>(() => Table.Read(csv, "a,a", HeaderMode.Auto, 0, "csv", true)).Message);
    }

    [Fact]
    public void TrainEvaluateAndPredictHandleSeveralOutputsInTheTargetsUnits()
    {
        string csv = ThreeTargetCsv();
        var train = CommandLineTests.Run(Folder, "train three.csv --target a,b,c --epochs 60 --out m.fnn");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("targets 'a', 'b', 'c': regression of 3 outputs", train.Output);
        Assert.Contains("network 4-32-3 (Relu, Linear)", train.Output);

        var evaluate = CommandLineTests.Run(Folder, "evaluate m.fnn three.csv");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Matches(@"over all 3 outputs: mean squared error \S+, mean absolute error \S+, R² \S+", evaluate.Output);
        foreach (string name in new[] { "a", "b", "c" })
        {
            double r2 = double.Parse(Regex.Match(evaluate.Output, $@"\n  {name}: mean squared error \S+, mean absolute error \S+, R² (\S+)").Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(r2 > 0.9, $"{name}: R² {r2}\n{evaluate.Output}");
        }

        var predict = CommandLineTests.Run(Folder, "predict m.fnn three.csv --out p.csv");
        Assert.True(predict.ExitCode == 0, predict.Error);
        string[] lines = File.ReadAllLines(Path("p.csv"));
        Assert.Equal("prediction(a),prediction(b),prediction(c)", lines[0]);
        Assert.Equal(301, lines.Length);
        // In the targets' units: b is about 100 to 110, which the network's standardised outputs are not.
        double[] b = lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.InRange(b.Average(), 101, 105);
    }

    [Fact]
    public void RegressionTargetsAreStandardisedAndTheModelStoresHow()
    {
        ThreeTargetCsv();
        var train = CommandLineTests.Run(Folder, "train three.csv --target a,b,c --epochs 1 --out m.fnn");
        Assert.True(train.ExitCode == 0, train.Error);
        // The first epoch's loss is that of standardised targets (½ Σ over three unit-variance outputs: about 1.5 for
        // outputs near 0), not of b's raw values around 103 (½ · 103² ≈ 5,300).
        double first = double.Parse(Regex.Match(train.Output, @"epoch 1/1  ½·squared error loss (\S+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(first, 0, 5);

        var model = Network<float>.Load(Path("m.fnn"));
        Assert.Equal(["a", "b", "c"], model.Metadata.TargetNames);
        Assert.Equal(3, model.Metadata.TargetMeans.Count);
        Assert.InRange(model.Metadata.TargetMeans[1], 101, 104);
        Assert.InRange(model.Metadata.TargetScales[1], 1, 4);
        Assert.Equal(2, BitConverter.ToInt32(File.ReadAllBytes(Path("m.fnn")), 8));   // format version 2

        // Predict = Think's standardised outputs · scale + mean, per output.
        float[] features = [0.5f, 0.5f, 0.5f, 0.5f];
        var predicted = new float[3];
        var thought = new float[3];
        model.Predict(features, predicted);
        model.Standardise(features, features);
        model.Think(features, thought);
        for (int k = 0; k < 3; k++) Assert.Equal((float)(thought[k] * model.Metadata.TargetScales[k] + model.Metadata.TargetMeans[k]), predicted[k]);
    }

    [Fact]
    public void TargetStandardisationRoundTripsAndAModelWithoutItKeepsVersion1()
    {
        var network = new Network<double>([2, 3, 2], [Activation.Relu, Activation.Linear], seed: 4, useBias: true)
        {
            Metadata = new ModelMetadata { TargetNames = ["p", "q"], TargetMeans = [1.5, -200], TargetScales = [0.25, 30] },
        };
        var stream = new MemoryStream();
        network.Save(stream);
        var loaded = Network<double>.Load(new MemoryStream(stream.ToArray()));
        Assert.Equal(["p", "q"], loaded.Metadata.TargetNames);
        Assert.Equal([1.5, -200], loaded.Metadata.TargetMeans);
        Assert.Equal([0.25, 30], loaded.Metadata.TargetScales);
        var again = new MemoryStream();
        loaded.Save(again);
        Assert.Equal(stream.ToArray(), again.ToArray());

        var plain = new Network<double>([2, 3, 2], [Activation.Relu, Activation.Linear], seed: 4, useBias: true);
        var plainStream = new MemoryStream();
        plain.Save(plainStream);
        Assert.Equal(1, BitConverter.ToInt32(plainStream.ToArray(), 8));

        Assert.Contains("TargetMeans has 1 entries", Assert.Throws<ArgumentException>(() => plain.Metadata = new ModelMetadata { TargetMeans = [1], TargetScales = [1] }).Message);
        Assert.Contains("scale non-zero", Assert.Throws<ArgumentException>(() => plain.Metadata = new ModelMetadata { TargetMeans = [1, 2], TargetScales = [1, 0] }).Message);
    }
}
