using FastNeuron.IO;
using ScottPlot;

namespace FastNeuron.Cli;

/// <summary>The training and validation loss per epoch as a PNG (ScottPlot), written through the core's <see cref="AtomicFile"/>.</summary>
internal static class LossPlot
{
    public static void Write(string path, IReadOnlyList<EpochReport> history, string title)
    {
        var plot = new Plot();
        double[] epochs = history.Select(r => (double)r.Epoch).ToArray();
        var training = plot.Add.Scatter(epochs, history.Select(r => r.TrainingLoss).ToArray());
        training.LegendText = "training loss";
        if (history.All(r => r.ValidationLoss is not null))
        {
            var validation = plot.Add.Scatter(epochs, history.Select(r => r.ValidationLoss!.Value).ToArray());
            validation.LegendText = "validation loss";
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.ShowLegend();
        AtomicFile.Write(path, (string temporary) => plot.SavePng(temporary, 800, 500));
    }
}
