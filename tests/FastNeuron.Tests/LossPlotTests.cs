using System.Globalization;
using FastNeuron.Cli;
using FastNeuron.Cli.Commands;
using ScottPlot;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 15's loss plots (<see cref="LossPlot"/>), checked on the plot's model rather than its pixels: the legend
/// outside the data area, the log scale's values and tick labels, and the kept epoch's marker; and <c>--plot-log</c>
/// in the command.
/// </summary>
public sealed class LossPlotTests() : TemporaryFolderTests("fastneuron-lossplot-", linkData: true)
{
    /// <summary>Losses falling from 2 to 0.002 over 12 epochs, the validation loss turning up after epoch 7.</summary>
    private static List<EpochReport> History() => Enumerable.Range(1, 12)
        .Select(e => new EpochReport(e, 2 * Math.Pow(10, -3.0 * (e - 1) / 11), 1.5 / e + (e > 7 ? 0.05 * (e - 7) : 0), null))
        .ToList();

    [Fact]
    public void TheLegendSitsBelowTheDataAreaNotOnTheCurves()
    {
        Plot plot = LossPlot.Build(History(), "t", new LossPlotOptions());

        // The legend inside the data area (ScottPlot's default, drawn over the curves' last epochs) is off; the one
        // shown is a panel on the bottom edge, outside the data area.
        Assert.False(plot.Legend.IsVisible);
        IPanel legend = Assert.Single(plot.Axes.GetPanels(), p => p is ScottPlot.Panels.LegendPanel);
        Assert.Equal(Edge.Bottom, legend.Edge);
        Assert.Equal(["training loss", "validation loss"], plot.GetPlottables().SelectMany(p => p.LegendItems).Select(i => i.LabelText));
    }

    [Fact]
    public void ALogScaleDrawsLog10OfTheLossesAndLabelsTicksInLosses()
    {
        List<EpochReport> history = History();
        Plot plot = LossPlot.Build(history, "t", new LossPlotOptions(LogScale: true));

        var training = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().First();
        Assert.Equal(history.Select(r => Math.Log10(r.TrainingLoss)), training.Data.GetScatterPoints().Select(c => c.Y));
        plot.GetImage(LossPlot.Width, LossPlot.Height);   // lays out the axes, generating their ticks
        Tick[] major = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).ToArray();
        Assert.True(major.Length >= 2, string.Join(", ", major.Select(t => t.Label)));
        foreach (Tick tick in major)
        {
            // The label is the loss at the tick (0.01, 0.1, 1), a power of ten, not its exponent (−2, −1, 0).
            double value = double.Parse(tick.Label, CultureInfo.InvariantCulture);
            Assert.Equal(Math.Pow(10, tick.Position), value, 9);
            Assert.Equal(Math.Round(tick.Position), tick.Position, 9);
        }
        Assert.Contains(plot.Axes.Left.TickGenerator.Ticks, t => !t.IsMajor);
        Assert.Equal("loss (log scale)", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void ALossOfZeroOnALogScaleIsDrawnAtTheSmallestPositiveLoss()
    {
        List<EpochReport> history = [new(1, 0.5, 0.25, null), new(2, 0, 0.125, null)];
        Plot plot = LossPlot.Build(history, "t", new LossPlotOptions(LogScale: true));
        var training = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().First();
        Assert.Equal([Math.Log10(0.5), Math.Log10(0.125)], training.Data.GetScatterPoints().Select(c => c.Y));
    }

    [Fact]
    public void TheKeptEpochIsALabelledVerticalLine()
    {
        List<EpochReport> history = History();
        int kept = EarlyStoppingSummary.Of(history, patience: 5, maxEpochs: 12).Kept.Epoch;
        Plot plot = LossPlot.Build(history, "t", new LossPlotOptions(KeptEpoch: kept));

        var line = Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.VerticalLine>());
        Assert.Equal(history.MinBy(r => r.ValidationLoss)!.Epoch, line.X);
        var label = Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.Text>());
        Assert.Equal($"kept: epoch {kept}", label.LabelText);
        Assert.Equal(kept, label.Location.X);
        Assert.Contains(plot.GetPlottables().SelectMany(p => p.LegendItems), i => i.LabelText.Contains($"epoch {kept}", StringComparison.Ordinal));
        Assert.Empty(LossPlot.Build(history, "t", new LossPlotOptions()).GetPlottables().OfType<ScottPlot.Plottables.VerticalLine>());
    }

    [Fact]
    public void TrainWritesALogScaleLossPlotWithTheKeptEpoch()
    {
        var (exitCode, output, error) = CommandLineTests.Run(Folder, "train data/breast_cancer_named.csv --target diagnosis --epochs 30 --patience 3 --out bc.fnn --plot loss.png --plot-log");

        Assert.True(exitCode == 0, error);
        Assert.Contains("loss curves in loss.png", output);
        byte[] png = File.ReadAllBytes(Path.Combine(Folder, "loss.png"));
        Assert.Equal(LossPlot.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(LossPlot.Height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void TheDefaultEarlyStoppingMarksItsKeptEpochToo()
    {
        // No --epochs and no --patience, rows held out: the plan turns early stopping on, and the plot marks its epoch.
        EpochPlan plan = EpochPlan.Choose(epochs: null, patience: null, trainingRows: 96, validationRows: 24, batchSize: 32);
        var history = Enumerable.Range(1, 30).Select(e => new EpochReport(e, 1.0 / e, e == 9 ? 0.1 : 1.0, null)).ToArray();

        Assert.True(plan.Patience > 0);
        Assert.Equal(9, TrainCommand.KeptEpochToMark(history, plan));
        Assert.Null(TrainCommand.KeptEpochToMark(history, EpochPlan.Choose(epochs: 30, patience: null, trainingRows: 96, validationRows: 24, batchSize: 32)));
    }

    [Fact]
    public void PlotLogWithoutPlotIsRefused()
    {
        var (exitCode, _, error) = CommandLineTests.Run(Folder, "train data/breast_cancer_named.csv --target diagnosis --epochs 1 --out bc.fnn --plot-log");

        Assert.Equal(1, exitCode);
        Assert.Contains("--plot-log: draws the loss axis of --plot's picture on a log scale; give --plot FILE.png too.", error);
        Assert.False(File.Exists(Path.Combine(Folder, "bc.fnn")));
    }
}
