using System.Globalization;
using Xunit.Abstractions;

namespace FastNeuron.Tests.Fuzzing;

/// <summary>
/// The fuzzing harness (docs/fuzzing.md). By default each target runs its corpus and a fixed number of mutated inputs
/// from a fixed seed (a few seconds in all, the same inputs on every run). FASTNEURON_FUZZ_SECONDS sets a total time
/// shared by the targets instead (CI's fuzz step: 60), FASTNEURON_FUZZ_SEED another seed, FASTNEURON_FUZZ_TARGETS a
/// comma-separated subset.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class FuzzTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Inputs per target in the default, fixed-budget run.</summary>
    public const int DefaultInputs = 2000;

    /// <summary>In memory where the machine has /dev/shm: the command's saves flush to disk, and a disk makes that the cost of every input.</summary>
    private readonly string _scratch = Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", $"fastneuron-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}")).FullName
        : Directory.CreateTempSubdirectory("fastneuron-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory, MemberData(nameof(Targets))]
    public void EveryInputEndsInAResultOrADocumentedError(string name)
    {
        if (Environment.GetEnvironmentVariable("FASTNEURON_FUZZ_TARGETS") is { Length: > 0 } only && !only.Split(',').Contains(name)) return;
        double? seconds = double.TryParse(Environment.GetEnvironmentVariable("FASTNEURON_FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? s : null;
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("FASTNEURON_FUZZ_SEED"), out ulong given) ? given : 1;
        int targets = Environment.GetEnvironmentVariable("FASTNEURON_FUZZ_TARGETS") is { Length: > 0 } subset ? subset.Split(',').Length : FuzzTargets.All.Count;
        FuzzReport report = new FuzzRunner(FuzzTargets.Named(name), _scratch, output.WriteLine).Run(
            Corpus.Committed, seed,
            count: seconds is null ? DefaultInputs : -1,
            time: seconds is { } total ? TimeSpan.FromSeconds(total / targets) : TimeSpan.MaxValue);
        output.WriteLine(report.Summary);
        foreach (string known in report.Known) output.WriteLine($"  known: {known}");
        if (Environment.GetEnvironmentVariable("FASTNEURON_FUZZ_REPORT") is { Length: > 0 } file)
        {
            File.AppendAllLines(file, [report.Summary, .. report.Known.Select(k => $"  known: {k}"), .. report.Failures.Select(f => $"  FAILED: {f}")]);
        }
        Assert.True(report.Failures.Count == 0, $"{report.Summary}\n{string.Join("\n", report.Failures)}");
    }
}
