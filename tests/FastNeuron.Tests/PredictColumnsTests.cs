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

    [Fact]
    public void SigmoidOutputsOfAnMseClassifierAreNamedOutputsNotProbabilities()
    {
        ThreeClasses();
        var train = CommandLineTests.Run(Folder, "train three.csv --target kind --loss mse --epochs 20 --out mse.fnn");
        Assert.True(train.ExitCode == 0, train.Error);
        var predict = CommandLineTests.Run(Folder, "predict mse.fnn three.csv");
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.StartsWith("label,output(x),output(y),output(z)\n", predict.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void SoftmaxOutputsAreProbabilities()
    {
        ThreeClasses();
        var train = CommandLineTests.Run(Folder, "train three.csv --target kind --epochs 20 --out ce.fnn");
        Assert.True(train.ExitCode == 0, train.Error);
        var predict = CommandLineTests.Run(Folder, "predict ce.fnn three.csv");
        Assert.True(predict.ExitCode == 0, predict.Error);
        string[] lines = predict.Output.ReplaceLineEndings("\n").Trim().Split('\n');
        Assert.Equal("label,p(x),p(y),p(z)", lines[0]);
        double sum = lines[1].Split(',').Skip(1).Sum(v => double.Parse(v, CultureInfo.InvariantCulture));
        Assert.InRange(sum, 1 - 1e-5, 1 + 1e-5);
    }
}
