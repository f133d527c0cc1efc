using FastNeuron.IO;
using ScottPlot;

namespace FastNeuron.Cli.Commands;

/// <summary>
/// <c>fastneuron evaluate --plot</c>: the confusion matrix as a PNG (ScottPlot), one square cell per (actual,
/// predicted) pair holding its count, shaded by the fraction of the actual class's rows it holds (so each row reads
/// as that class's recall), written through the core's <see cref="AtomicFile"/>.
/// </summary>
internal static class ConfusionPlot
{
    /// <summary>The picture's width and height in pixels for <paramref name="classes"/> classes: 600 up to 8 classes, then 50 more per class, at most 1,600.</summary>
    public static int Side(int classes) => Math.Clamp(200 + 50 * classes, 600, 1600);

    /// <summary>The plot: cell (a, p) spans x ∈ [p, p + 1] and y ∈ [−a − 1, −a], so actual class 0 is the top row.</summary>
    public static Plot Build(int[,] confusion, IReadOnlyList<string> labels, string title)
    {
        int classes = labels.Count;
        var plot = new Plot();
        IColormap shades = new ScottPlot.Colormaps.Blues();
        for (int a = 0; a < classes; a++)
        {
            int support = Enumerable.Range(0, classes).Sum(p => confusion[a, p]);
            for (int p = 0; p < classes; p++)
            {
                double fraction = support == 0 ? 0 : (double)confusion[a, p] / support;
                var cell = plot.Add.Rectangle(p, p + 1, -a - 1, -a);
                // Blues runs from dark (0) to light (1): the more of the row a cell holds, the darker it is.
                cell.FillColor = shades.GetColor(0.95 - 0.8 * fraction);
                cell.LineColor = Colors.White;
                var count = plot.Add.Text(confusion[a, p].ToString(System.Globalization.CultureInfo.InvariantCulture), p + 0.5, -a - 0.5);
                count.LabelAlignment = Alignment.MiddleCenter;
                count.LabelFontSize = classes > 12 ? 11 : 16;
                count.LabelFontColor = fraction > 0.5 ? Colors.White : Colors.Black;
            }
        }
        double[] centres = Enumerable.Range(0, classes).Select(i => i + 0.5).ToArray();
        plot.Axes.Bottom.SetTicks(centres, labels.ToArray());
        plot.Axes.Left.SetTicks(centres.Select(c => -c).ToArray(), labels.ToArray());
        plot.Axes.SetLimits(0, classes, -classes, 0);
        plot.XLabel("predicted");
        plot.YLabel("actual");
        plot.Title(title);
        plot.HideGrid();
        return plot;
    }

    /// <returns>The picture's side in pixels.</returns>
    public static int Write(string path, int[,] confusion, IReadOnlyList<string> labels, string title)
    {
        int side = Side(labels.Count);
        Plot plot = Build(confusion, labels, title);
        AtomicFile.Write(path, (string temporary) => plot.SavePng(temporary, side, side));
        return side;
    }
}
