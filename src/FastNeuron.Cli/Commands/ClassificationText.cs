using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FastNeuron.Cli.Commands;

/// <summary>
/// <c>fastneuron evaluate</c>'s text for classes: the summary lines, each class's precision, recall and F1, and the
/// confusion matrix, the last two as Spectre.Console tables through <see cref="PlainConsole"/>.
/// </summary>
internal static class ClassificationText
{
    public static void Write(TextWriter stdout, ClassificationReport report, IReadOnlyList<string> labels, string loss)
    {
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {report.Accuracy:F4} ({report.Correct:N0} of {report.Rows:N0}), {loss}"));
        string auc = report.RocAuc is { } a ? string.Create(CultureInfo.InvariantCulture, $", ROC-AUC {a:F4} (positive class '{labels[1]}')")
            : labels.Count == 2 ? ", ROC-AUC undefined (the rows hold one class)" : "";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"macro F1 {report.MacroF1:F4}{MacroScope(report, labels.Count)}, log-loss {report.LogLoss:F4} (probabilities clamped to [{Epsilon}, 1 − {Epsilon}], each row divided by its sum){auc}"));

        var classes = new Spectre.Console.Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("class"))
            .AddColumns(new[] { "precision", "recall", "F1", "support" }.Select(h => new TableColumn(h).RightAligned()).ToArray());
        for (int c = 0; c < labels.Count; c++)
        {
            ClassScore s = report.Classes[c];
            classes.AddRow(Cells(labels[c], Number(s.Precision), Number(s.Recall), Number(s.F1), s.Support.ToString("N0", CultureInfo.InvariantCulture)));
        }
        PlainConsole.Write(stdout, classes);

        stdout.WriteLine("confusion matrix (rows: actual, columns: predicted):");
        var confusion = new Spectre.Console.Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn(""))
            .AddColumns(labels.Select(l => new TableColumn(new Text(l)).RightAligned()).ToArray());
        for (int actual = 0; actual < labels.Count; actual++)
        {
            int row = actual;
            confusion.AddRow(Cells([labels[row], .. Enumerable.Range(0, labels.Count).Select(p => report.Confusion[row, p].ToString(CultureInfo.InvariantCulture))]));
        }
        PlainConsole.Write(stdout, confusion);
    }

    /// <summary>Where classes have neither rows nor predictions, which ones the macro F1 leaves out of its mean.</summary>
    private static string MacroScope(ClassificationReport report, int classes) => report.MacroClasses == classes ? ""
        : string.Create(CultureInfo.InvariantCulture, $" (over the {report.MacroClasses} of {classes} classes with rows or predictions)");

    private static string Epsilon => ClassificationScores.LogLossEpsilon.ToString("G", CultureInfo.InvariantCulture).ToLowerInvariant();

    private static string Number(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>Cells as plain text (a label such as "[x]" is not Spectre markup).</summary>
    private static IRenderable[] Cells(params string[] texts) => texts.Select(t => (IRenderable)new Text(t)).ToArray();
}
