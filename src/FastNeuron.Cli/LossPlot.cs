using System.Globalization;
using FastNeuron.IO;
using ScottPlot;

namespace FastNeuron.Cli;

/// <summary>How <see cref="LossPlot"/> draws: the loss axis linear or logarithmic, and the epoch whose weights were kept (early stopping), if any.</summary>
internal sealed record LossPlotOptions(bool LogScale = false, int? KeptEpoch = null);

/// <summary>
/// The training and validation loss per epoch as a PNG (ScottPlot), written through the core's <see cref="AtomicFile"/>.
/// The legend sits below the data area, where no curve can run under it; with <see cref="LossPlotOptions.LogScale"/>
/// the losses are drawn at log₁₀ and the axis is labelled in losses at powers of ten, with log-spaced minor ticks;
/// a kept epoch is a dashed vertical line, labelled at its top and named in the legend.
/// </summary>
internal static class LossPlot
{
    public const int Width = 800, Height = 500;

    /// <summary>Where the legend goes: outside the data area, under the epoch axis.</summary>
    public const Edge LegendEdge = Edge.Bottom;

    public static void Write(string path, IReadOnlyList<EpochReport> history, string title, LossPlotOptions? options = null)
    {
        Plot plot = Build(history, title, options ?? new LossPlotOptions());
        AtomicFile.Write(path, (string temporary) => plot.SavePng(temporary, Width, Height));
    }

    public static Plot Build(IReadOnlyList<EpochReport> history, string title, LossPlotOptions options)
    {
        var plot = new Plot();
        double[] epochs = history.Select(r => (double)r.Epoch).ToArray();
        double[] trainingLoss = history.Select(r => r.TrainingLoss).ToArray();
        double[]? validationLoss = history.All(r => r.ValidationLoss is not null) ? history.Select(r => r.ValidationLoss!.Value).ToArray() : null;
        // A loss of exactly 0 has no logarithm: the log axis draws it at the smallest positive loss of the run.
        double floor = trainingLoss.Concat(validationLoss ?? []).Where(v => v > 0).DefaultIfEmpty(1).Min();
        double[] Drawn(double[] losses) => options.LogScale ? losses.Select(v => Math.Log10(Math.Max(v, floor))).ToArray() : losses;
        var training = plot.Add.Scatter(epochs, Drawn(trainingLoss));
        training.LegendText = "training loss";
        if (validationLoss is not null)
        {
            var validation = plot.Add.Scatter(epochs, Drawn(validationLoss));
            validation.LegendText = "validation loss";
        }
        if (options.KeptEpoch is { } kept)
        {
            var line = plot.Add.VerticalLine(kept);
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Gray;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"weights kept (epoch {kept}, lowest validation loss)");
            // The label at the top of the line, on the side with room: left of it in the right half of the epochs.
            double top = Drawn(trainingLoss).Concat(validationLoss is null ? [] : Drawn(validationLoss)).Max();
            var label = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"kept: epoch {kept}"), kept, top);
            label.LabelAlignment = kept > (epochs[0] + epochs[^1]) / 2 ? Alignment.UpperRight : Alignment.UpperLeft;
            label.LabelFontColor = Colors.DimGray;
            label.LabelOffsetX = kept > (epochs[0] + epochs[^1]) / 2 ? -4 : 4;
        }
        if (options.LogScale)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = Power,
            };
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(options.LogScale ? "loss (log scale)" : "loss");
        plot.ShowLegend(LegendEdge);
        return plot;
    }

    /// <summary>A log axis's tick label: the loss 10^<paramref name="exponent"/> itself, not its exponent.</summary>
    public static string Power(double exponent) => Math.Pow(10, exponent).ToString("G3", CultureInfo.InvariantCulture);
}
