using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace FastNeuron.Cli;

/// <summary>One figure shown per epoch beside the losses: its name (<c>acc</c>, <c>R²</c>, <c>MAE</c>) and its text.</summary>
internal readonly record struct EpochFigure(string Name, string Text);

/// <summary>
/// Training progress: a live Spectre.Console display (bar, epoch, losses named by <see cref="LossText"/>, the
/// validation figures, the current epoch's throughput, time left) in a terminal, and one plain line per epoch when the
/// output is redirected, so logs stay readable.
/// </summary>
internal static class TrainingProgress
{
    /// <summary>The validation figures a classifier shows: the report's accuracy.</summary>
    public static IReadOnlyList<EpochFigure> Accuracy(EpochReport report)
        => report.ValidationAccuracy is { } va ? [new EpochFigure("acc", va.ToString("F4", CultureInfo.InvariantCulture))] : [];

    /// <param name="validation">The validation figures per epoch (default <see cref="Accuracy"/>).</param>
    /// <param name="seconds">The clock, in seconds since an arbitrary start (default a <see cref="Stopwatch"/>).</param>
    public static int Run(bool interactive, TextWriter stdout, Loss loss, int epochs, int samplesPerEpoch, Func<Action<EpochReport>, int> fit,
        Func<EpochReport, IReadOnlyList<EpochFigure>>? validation = null, Func<double>? seconds = null)
    {
        validation ??= Accuracy;
        var stopwatch = Stopwatch.StartNew();
        seconds ??= () => stopwatch.Elapsed.TotalSeconds;
        double start = seconds(), epochStart = start, rate = 0, elapsed = 0;
        // Called once per epoch as it ends: the rate is this epoch's alone (a running average from the first
        // epoch would carry the JIT's warm-up to the end), the time left the mean epoch's.
        void Tick()
        {
            double now = seconds();
            rate = samplesPerEpoch / Math.Max(now - epochStart, 1e-9);
            epochStart = now;
            elapsed = now - start;
        }
        string Line(EpochReport r)
        {
            TimeSpan left = TimeSpan.FromSeconds(elapsed / r.Epoch * (epochs - r.Epoch));
            string validationLoss = r.ValidationLoss is { } vl ? string.Create(CultureInfo.InvariantCulture, $"  val_loss {vl:F4}") : "";
            string figures = string.Concat(validation(r).Select(f => $"  val_{f.Name} {f.Text}"));
            return string.Create(CultureInfo.InvariantCulture,
                $"epoch {r.Epoch}/{epochs}  {LossText.Of(loss, r.TrainingLoss, "F4")}{validationLoss}{figures}  {rate:N0} samples/s  left {left:m\\:ss}");
        }
        string Compact(EpochReport r)
        {
            string validationLoss = r.ValidationLoss is { } vl ? string.Create(CultureInfo.InvariantCulture, $" val {vl:F4}") : "";
            string figures = string.Concat(validation(r).Select(f => $" {f.Name} {f.Text}"));
            string speed = rate >= 1e6 ? string.Create(CultureInfo.InvariantCulture, $"{rate / 1e6:F1}M/s") : string.Create(CultureInfo.InvariantCulture, $"{rate / 1e3:F0}k/s");
            return string.Create(CultureInfo.InvariantCulture, $"{r.Epoch}/{epochs} {LossText.Of(loss, r.TrainingLoss, "F4")}{validationLoss}{figures} {speed}");
        }
        if (!interactive)
        {
            return fit(report =>
            {
                Tick();
                stdout.WriteLine(Line(report));
            });
        }
        int result = 0;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("training", maxValue: epochs);
                result = fit(report =>
                {
                    Tick();
                    task.Value = report.Epoch;
                    task.Description = Markup.Escape(Compact(report));
                });
                task.Value = epochs;
            });
        return result;
    }
}
