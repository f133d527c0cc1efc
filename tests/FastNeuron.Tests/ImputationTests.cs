using System.Globalization;
using FastNeuron.Cli;
using FastNeuron.Cli.Data;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 15, empty or NA cells: strict by default with an error that suggests <c>--impute mean</c>; with it, missing
/// feature cells take the training rows' column means, which the model keeps as its standardisation's means, and
/// evaluate and predict fill with them.
/// </summary>
public sealed class ImputationTests() : TemporaryFolderTests("fastneuron-impute-")
{
    /// <summary>Two features and a class; every tenth row misses a cell, written as the tools write it.</summary>
    private string Gappy()
    {
        var random = new Random(2);
        string[] gaps = ["", "NA", "N/A", "NaN", "?"];
        var text = new System.Text.StringBuilder("a,b,kind\n");
        for (int i = 0; i < 200; i++)
        {
            double a = random.NextDouble() * 10, b = random.NextDouble() * 10;
            string cellA = i % 10 == 3 ? gaps[i / 10 % gaps.Length] : a.ToString("R", CultureInfo.InvariantCulture);
            text.AppendLine($"{cellA},{b.ToString("R", CultureInfo.InvariantCulture)},{(a + b > 10 ? "big" : "small")}");
        }
        return Write("gappy.csv", text.ToString());
    }

    [Fact]
    public void AMissingCellIsAnErrorThatSuggestsImpute()
    {
        Gappy();
        var (exitCode, _, error) = CommandLineTests.Run(Folder, "train gappy.csv --target kind --epochs 1 --out m.fnn");
        Assert.Equal(1, exitCode);
        Assert.Contains("gappy.csv, line 5, column 1 ('a'): '' is not a finite number. If it marks a missing value, --impute mean fills such cells with the column's training mean.", error);
        // A cell that is simply wrong does not suggest it.
        Write("typo.csv", "a,b,kind\n1,2,x\n1,zz,y\n");
        Assert.DoesNotContain("--impute", Assert.Throws<InvalidDataException>(() => Table.Read(Path.Combine(Folder, "typo.csv"), "kind", HeaderMode.Auto, 0, "csv", true, impute: true)).Message);
    }

    [Fact]
    public void MissingCellsTakeTheTrainingMeansWhichTheModelKeeps()
    {
        string path = Gappy();
        Table table = Table.Read(path, "kind", HeaderMode.Auto, 0, "csv", targetRequired: true, impute: true);
        Assert.Equal(20, table.Features.Count(double.IsNaN));
        double[] observed = Enumerable.Range(0, table.Rows).Select(r => table.Features[r * 2]).Where(v => !double.IsNaN(v)).ToArray();
        var network = new Network<double>([2, 2], [Activation.Softmax], useBias: true, loss: Loss.CrossEntropy);
        var notes = new StringWriter();
        TrainingData<double> data = TrainingData.Prepare(network, table, Targets.From(table, "auto"), validation: 0, seed: 1, standardise: true, notes);
        Assert.Equal($"{path}: filled 20 missing feature cells with the training rows' column means (--impute mean).", notes.ToString().Trim());
        Assert.Equal(observed.Average(), table.Features[3 * 2], 12);              // row 3 missed its a
        Assert.Equal(observed.Average(), network.Metadata.Means[0], 12);          // and the model keeps that mean
        Assert.Equal(0, data.TrainInputs[3 * 2], 12);                            // standardised, a filled cell is 0

        var noStandardise = Assert.Throws<CliException>(() => TrainingData.Prepare(network, Table.Read(path, "kind", HeaderMode.Auto, 0, "csv", true, impute: true), Targets.From(table, "auto"), 0, 1, standardise: false));
        Assert.StartsWith("--impute mean with --no-standardise", noStandardise.Message);
    }

    [Fact]
    public void EvaluateAndPredictFillWithTheModelsMeans()
    {
        Gappy();
        var train = CommandLineTests.Run(Folder, "train gappy.csv --target kind --impute mean --epochs 5 --out m.fnn");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("filled 20 missing feature cells", train.Output);
        var model = Network<float>.Load(Path.Combine(Folder, "m.fnn"));
        string mean = model.Metadata.Means[0].ToString("R", CultureInfo.InvariantCulture);
        Write("ask.csv", $"a,b\nNA,4\n{mean},4\n");
        var predict = CommandLineTests.Run(Folder, "predict m.fnn ask.csv --impute mean");
        Assert.True(predict.ExitCode == 0, predict.Error);
        string[] rows = predict.Output.Trim().Split('\n');
        Assert.Equal(rows[2].Trim(), rows[1].Trim());   // NA answers as the training mean does
        Assert.Contains("filled 1 missing feature cell with the model's training means", predict.Error);
        Assert.Equal(0, CommandLineTests.Run(Folder, "evaluate m.fnn gappy.csv --impute mean").ExitCode);
        Assert.Equal(1, CommandLineTests.Run(Folder, "predict m.fnn ask.csv").ExitCode);   // strict without the option
    }

    [Fact]
    public void AMissingTextCellTakesTheCategoriesTrainingFrequenciesInTrainEvaluateAndPredict()
    {
        // island is text; every fifth row misses it. Under --impute mean its one-hot inputs take the training rows'
        // means (each category's frequency), kept in the model, and predict fills a missing island the same way.
        var random = new Random(3);
        string[] islands = ["Biscoe", "Dream", "Torgersen"];
        var text = new System.Text.StringBuilder("island,mass,kind\n");
        for (int i = 0; i < 150; i++)
        {
            int island = random.Next(3);
            double mass = random.NextDouble() * 4 + island;
            string cell = i % 5 == 2 ? "NA" : islands[island];
            text.AppendLine($"{cell},{mass.ToString("R", CultureInfo.InvariantCulture)},{(mass > 3 ? "heavy" : "light")}");
        }
        Write("islands.csv", text.ToString());
        var train = CommandLineTests.Run(Folder, "train islands.csv --target kind --impute mean --epochs 5 --validation 0 --out m.fnn");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("filled 90 missing feature cells", train.Output);   // 30 missing islands × 3 inputs
        var model = Network<float>.Load(Path.Combine(Folder, "m.fnn"));
        Assert.Equal(["island=Biscoe", "island=Dream", "island=Torgersen", "mass"], model.Metadata.FeatureNames);
        double[] frequencies = model.Metadata.Means.Take(3).ToArray();
        Assert.Equal(1.0, frequencies.Sum(), 12);                            // the frequencies of the rows that have an island
        Assert.All(frequencies, f => Assert.InRange(f, 0.2, 0.5));

        Write("ask.csv", "island,mass\nNA,2.5\n");
        var predict = CommandLineTests.Run(Folder, "predict m.fnn ask.csv --impute mean");
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.Contains("filled 3 missing feature cells with the model's training means", predict.Error);
        float[] expected = new float[2];
        model.Predict([.. frequencies.Select(f => (float)f), 2.5f], expected);
        string[] columns = predict.Output.Trim().Split('\n')[1].Trim().Split(',');
        Assert.Equal(expected[0].ToString("R", CultureInfo.InvariantCulture), columns[1]);
        Assert.Equal(0, CommandLineTests.Run(Folder, "evaluate m.fnn islands.csv --impute mean").ExitCode);
    }
}
