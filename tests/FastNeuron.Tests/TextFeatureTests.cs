using System.Globalization;
using FastNeuron.Cli;
using FastNeuron.Cli.Data;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 15, text features: a penguins-style <c>island</c> column is one-hot encoded by train, its categories learned
/// from the training rows and kept in the model as its inputs' names (<c>island=Biscoe</c>, …); evaluate and predict
/// read it back by name, in any column order, and an unseen category is a clear error.
/// </summary>
public sealed class TextFeatureTests() : TemporaryFolderTests("fastneuron-text-")
{
    /// <summary>The species follows the island (nine times in ten); bill and flipper are noise.</summary>
    private string Penguins()
    {
        var random = new Random(4);
        string[] islands = ["Biscoe", "Dream", "Torgersen"], species = ["Gentoo", "Chinstrap", "Adelie"];
        var text = new System.Text.StringBuilder("island,bill,flipper,species\n");
        for (int i = 0; i < 300; i++)
        {
            int island = random.Next(3);
            int kind = random.NextDouble() < 0.9 ? island : random.Next(3);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{islands[island]},{40 + random.NextDouble() * 10:F1},{190 + random.Next(20)},{species[kind]}"));
        }
        return Write("penguins.csv", text.ToString());
    }

    [Fact]
    public void ATextColumnIsOneHotEncodedWithTheTrainingRowsCategories()
    {
        string path = Write("t.csv", "island,x,y\nDream,1,a\nBiscoe,2,b\nDream,3,a\nMars,4,b\n");
        Table table = Table.Read(path, null, HeaderMode.Auto, 0, "csv", targetRequired: true, textFeatures: true);
        var notes = new StringWriter();
        Table encoded = TextColumns.OneHot(table, trainRows: [0, 1, 2], notes);   // Mars is only in row 3, a validation row
        Assert.Equal(["island=Biscoe", "island=Dream", "x"], encoded.FeatureNames);
        Assert.Equal([1, 1, 2], encoded.FeatureColumns);
        Assert.Equal([0, 1, 1, 1, 0, 2, 0, 1, 3, 0, 0, 4], encoded.Features);
        Assert.Equal($"{path}: one-hot encoded the text column 'island' (2 categories), categories from the training rows; 1 validation cell of a category the training rows lack became zeros.", notes.ToString().Trim());

        // A column of numbers with a text cell is still a typo, named where it is.
        Table mixed = Table.Read(Write("m.csv", "a,b,y\n1,2,a\n2,zz,b\n"), null, HeaderMode.Auto, 0, "csv", true, textFeatures: true);
        Assert.EndsWith("m.csv, line 3, column 2 ('b'): 'zz' is not a finite number.", Assert.Throws<InvalidDataException>(() => TextColumns.OneHot(mixed, [0, 1], notes)).Message);
        // Without a header the inputs would have no names to be found by.
        Table headerless = Table.Read(Write("h.csv", "1,Dream,a\n2,Biscoe,b\n"), null, HeaderMode.No, 0, "csv", true, textFeatures: true);
        Assert.Contains("give the file a header row", Assert.Throws<CliException>(() => TextColumns.OneHot(headerless, [0, 1], notes)).Message);
    }

    [Fact]
    public void TrainEvaluateAndPredictReadTextColumnsByName()
    {
        Penguins();
        var train = CommandLineTests.Run(Folder, "train penguins.csv --epochs 40 --out p.fnn");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("one-hot encoded the text column 'island' (3 categories)", train.Output);
        Assert.Contains("network 5-32-3", train.Output);
        Assert.Equal(["island=Biscoe", "island=Dream", "island=Torgersen", "bill", "flipper"], Network<float>.Load(Path.Combine(Folder, "p.fnn")).Metadata.FeatureNames);

        var evaluate = CommandLineTests.Run(Folder, "evaluate p.fnn penguins.csv");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Matches(@"accuracy 0\.(8[5-9]|9\d)", evaluate.Output);

        // By name, in another column order; each island gets its own species.
        Write("ask.csv", "flipper,bill,island\n200,45,Biscoe\n200,45,Dream\n200,45,Torgersen\n");
        var predict = CommandLineTests.Run(Folder, "predict p.fnn ask.csv");
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.Equal(["Gentoo", "Chinstrap", "Adelie"], predict.Output.Trim().Split('\n').Skip(1).Select(l => l.Split(',')[0]));

        // With --impute mean a missing island is no island (zeros), in training and in predict alike.
        Write("gap.csv", File.ReadAllText(Path.Combine(Folder, "penguins.csv")).Replace("\nDream,", "\n,"));
        var gapTrain = CommandLineTests.Run(Folder, "train gap.csv --impute mean --epochs 5 --out g.fnn");
        Assert.True(gapTrain.ExitCode == 0, gapTrain.Error);
        Assert.Contains("one-hot encoded the text column 'island' (2 categories)", gapTrain.Output);
        Write("gap-ask.csv", "island,bill,flipper\nNA,40,200\n");
        Assert.Equal(0, CommandLineTests.Run(Folder, "predict g.fnn gap-ask.csv --impute mean").ExitCode);
        Assert.Equal(1, CommandLineTests.Run(Folder, "predict g.fnn gap-ask.csv").ExitCode);
    }

    /// <summary>
    /// A category the model does not know is an error naming the cell and the option; with --unseen-category zeros
    /// it is no category (all-zero inputs, as training encoded a validation row's unseen category), counted on stderr.
    /// </summary>
    [Fact]
    public void AnUnseenCategoryIsAnErrorOrByOptionAllZeros()
    {
        Penguins();
        Assert.Equal(0, CommandLineTests.Run(Folder, "train penguins.csv --epochs 5 --out p.fnn").ExitCode);
        Write("unseen.csv", "island,bill,flipper\nDream,40,200\nAtlantis,41,190\nMars,42,195\nAtlantis,43,205\n");
        var unseen = CommandLineTests.Run(Folder, "predict p.fnn unseen.csv");
        Assert.Equal(1, unseen.ExitCode);
        Assert.Equal("fastneuron predict: unseen.csv, line 3, column 1 ('island'): 'Atlantis' is not a category the model knows for this column (Biscoe, Dream, Torgersen); its categories were learned from the training rows. --unseen-category zeros reads such a cell as no category (all-zero inputs).", unseen.Error.Trim());

        var zeros = CommandLineTests.Run(Folder, "predict p.fnn unseen.csv --unseen-category zeros");
        Assert.True(zeros.ExitCode == 0, zeros.Error);
        Assert.Contains("unseen.csv: 3 cells of a category the model does not know became all-zero inputs (--unseen-category zeros): 'island' 3 (the first 'Atlantis' on line 3).", zeros.Error);
        // Each such row answers as the model does for island inputs of zeros and its bill and flipper.
        var model = Network<float>.Load(Path.Combine(Folder, "p.fnn"));
        float[] x = [0, 1, 0, 40, 200, 0, 0, 0, 41, 190, 0, 0, 0, 42, 195, 0, 0, 0, 43, 205];   // Dream, then three unknown islands
        var expected = new float[4 * 3];
        model.Predict(x, expected);
        string[] rows = zeros.Output.Trim().Split('\n').Skip(1).ToArray();
        Assert.Equal(expected, rows.SelectMany(r => r.Trim().Split(',').Skip(1).Select(p => float.Parse(p, CultureInfo.InvariantCulture))));

        Write("unseen-labelled.csv", "island,bill,flipper,species\nDream,40,200,Chinstrap\nAtlantis,41,190,Adelie\n");
        var evaluate = CommandLineTests.Run(Folder, "evaluate p.fnn unseen-labelled.csv --unseen-category zeros");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("2 rows", evaluate.Output);
        Assert.Contains("1 cell of a category the model does not know became all-zero inputs", evaluate.Error);
        Assert.Equal(1, CommandLineTests.Run(Folder, "evaluate p.fnn unseen-labelled.csv").ExitCode);
    }
}
