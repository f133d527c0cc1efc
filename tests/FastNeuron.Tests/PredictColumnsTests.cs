using System.Globalization;

namespace FastNeuron.Tests;

/// <summary>
/// predict's class columns say what they hold: p(class) for probabilities (a softmax, or one sigmoid output and its
/// complement), output(class) for several sigmoid outputs (a classifier trained with --loss mse), which need not sum to 1.
/// </summary>
public sealed class PredictColumnsTests() : TemporaryFolderTests("fastneuron-predict-columns-")
{
    private void ThreeClasses()
    {
        var random = new Random(4);
        var text = new System.Text.StringBuilder("a,b,kind\n");
        for (int i = 0; i < 90; i++)
        {
            int kind = i % 3;
            double a = kind + random.NextDouble(), b = random.NextDouble();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{a:R},{b:R},{(kind == 0 ? "x" : kind == 1 ? "y" : "z")}"));
        }
        Write("three.csv", text.ToString());
    }

    /// <summary>Trains on the three classes with <paramref name="trainOptions"/>, then predicts them: predict's lines.</summary>
    private string[] TrainThenPredict(string trainOptions)
    {
        ThreeClasses();
        var train = CommandLineTests.Run(Folder, $"train three.csv --target kind --epochs 20 --out m.fnn {trainOptions}");
        Assert.True(train.ExitCode == 0, train.Error);
        var predict = CommandLineTests.Run(Folder, "predict m.fnn three.csv");
        Assert.True(predict.ExitCode == 0, predict.Error);
        return predict.Output.ReplaceLineEndings("\n").Trim().Split('\n');
    }

    [Fact]
    public void SigmoidOutputsOfAnMseClassifierAreNamedOutputsNotProbabilities()
        => Assert.Equal("label,output(x),output(y),output(z)", TrainThenPredict("--loss mse")[0]);

    [Fact]
    public void SoftmaxOutputsAreProbabilities()
    {
        string[] lines = TrainThenPredict("");
        Assert.Equal("label,p(x),p(y),p(z)", lines[0]);
        double sum = lines[1].Split(',').Skip(1).Sum(v => double.Parse(v, CultureInfo.InvariantCulture));
        Assert.InRange(sum, 1 - 1e-5, 1 + 1e-5);
    }
}
