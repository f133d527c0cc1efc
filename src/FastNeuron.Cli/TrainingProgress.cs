using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace FastNeuron.Cli;

/// <summary>
/// Training progress: a live Spectre.Console display (bar, epoch, losses named by <see cref="LossText"/>, validation accuracy, throughput, time left)
/// in a terminal, and one plain line per epoch when the output is redirected, so logs stay readable.
/// </summary>
internal static class TrainingProgress
{
    public static int Run(bool interactive, TextWriter stdout, Loss loss, int epochs, int samplesPerEpoch, Func<Action<EpochReport>, int> fit)
    {
        var clock = Stopwatch.StartNew();
        string Line(EpochReport r)
        {
            double seconds = clock.Elapsed.TotalSeconds;
            double rate = r.Epoch * (double)samplesPerEpoch / Math.Max(seconds, 1e-9);
            TimeSpan left = TimeSpan.FromSeconds(seconds / r.Epoch * (epochs - r.Epoch));
            string validationLoss = r.ValidationLoss is { } vl ? string.Create(CultureInfo.InvariantCulture, $"  val_loss {vl:F4}") : "";
            string validationAccuracy = r.ValidationAccuracy is { } va ? string.Create(CultureInfo.InvariantCulture, $"  val_acc {va:F4}") : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"epoch {r.Epoch}/{epochs}  {LossText.Of(loss, r.TrainingLoss, "F4")}{validationLoss}{validationAccuracy}  {rate:N0} samples/s  left {left:m\\:ss}");
        }
        string Compact(EpochReport r)
        {
            double rate = r.Epoch * (double)samplesPerEpoch / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            string validation = r.ValidationLoss is { } vl ? string.Create(CultureInfo.InvariantCulture, $" val {vl:F4}") : "";
            string accuracy = r.ValidationAccuracy is { } va ? string.Create(CultureInfo.InvariantCulture, $" acc {va:F4}") : "";
            string speed = rate >= 1e6 ? string.Create(CultureInfo.InvariantCulture, $"{rate / 1e6:F1}M/s") : string.Create(CultureInfo.InvariantCulture, $"{rate / 1e3:F0}k/s");
            return string.Create(CultureInfo.InvariantCulture, $"{r.Epoch}/{epochs} {LossText.Of(loss, r.TrainingLoss, "F4")}{validation}{accuracy} {speed}");
        }
        if (!interactive)
        {
            return fit(report => stdout.WriteLine(Line(report)));
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
                    task.Value = report.Epoch;
                    task.Description = Markup.Escape(Compact(report));
                });
                task.Value = epochs;
            });
        return result;
    }
}
