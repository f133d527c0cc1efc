using System.Diagnostics;
using System.Security.Cryptography;
using CsCheck;

namespace FastNeuron.Tests.Fuzzing;

/// <summary>How one input ended: null for a correct end (a result or a documented exception), else the defect's kind and details.</summary>
internal sealed record FuzzFailure(string Kind, string Details);

/// <summary>What a run of one target did.</summary>
internal sealed record FuzzReport(string Target, long Inputs, long Results, TimeSpan Elapsed, ulong Seed, string Slowest, IReadOnlyList<string> Failures, IReadOnlyList<string> Known)
{
    public string Summary =>
        $"[fuzz] {Target}: {Inputs:N0} inputs in {Elapsed.TotalSeconds:F1} s (seed {Seed}), {Results:N0} parsed to a result, {Failures.Count} failing, {Known.Count} known; slowest {Slowest}";
}

/// <summary>
/// Runs one target over its committed corpus, then over mutated inputs (<see cref="Mutations"/>) for a number of
/// inputs or a time. Each input goes through a temporary file; it must end within <see cref="Timeout"/>, allocate
/// within the target's bound, and end in a result or a documented exception. Input i of seed s is generated from
/// CsCheck's PCG (stream i, seed s), so a run is reproducible from its seed. A failing input is shrunk (chunks
/// removed while it fails the same way), saved under <see cref="FailureFolder"/> and printed in hex and base64, ready
/// to be added to the corpus.
/// </summary>
internal sealed class FuzzRunner(FuzzTarget target, string scratch, Action<string> log)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Where failing inputs are saved: FASTNEURON_FUZZ_FAILURES, or fastneuron-fuzz-failures in the temporary folder.</summary>
    public static string FailureFolder =>
        Environment.GetEnvironmentVariable("FASTNEURON_FUZZ_FAILURES") is { Length: > 0 } folder ? folder : Path.Combine(Path.GetTempPath(), "fastneuron-fuzz-failures");

    private readonly string _path = Path.Combine(scratch, "input" + target.Extension);
    private readonly List<string> _failures = [];
    private readonly List<string> _known = [];
    private readonly HashSet<string> _kinds = [];
    private long _results;
    private TimeSpan _slowest;
    private string _slowestInput = "none";

    /// <summary>Runs the corpus (each must pass), the known defects (reported, never failing), then mutated inputs.</summary>
    /// <remarks>A timeout ends the run of this target, known or not: the input's thread cannot be stopped.</remarks>
    public FuzzReport Run(Corpus corpus, ulong seed, long count, TimeSpan time)
    {
        var clock = Stopwatch.StartNew();
        long inputs = 0;
        IReadOnlyList<(string Name, byte[] Bytes)> seeds = corpus.Seeds(target.Name);
        foreach ((string name, byte[] bytes) in seeds)
        {
            inputs++;
            Check(bytes, $"corpus file {name}", corpus, knownAllowed: false);
        }
        foreach ((string name, byte[] bytes) in corpus.KnownInputs(target.Name))
        {
            inputs++;
            if (Try(bytes) is { } failure) _known.Add($"known/{target.Name}/{name}: {failure.Kind}");
            else log($"[fuzz] {target.Name}: known/{target.Name}/{name} passes now: move it to corpus/{target.Name}/ as a regression case");
        }
        Gen<byte[]> gen = Mutations.Inputs(seeds.Select(s => s.Bytes).ToArray(), target.Text, target.Checksummed);
        for (uint i = 0; (count < 0 || i < count) && clock.Elapsed < time && !_kinds.Contains("timeout") && !_kinds.Contains("known timeout"); i++)
        {
            byte[] input = gen.Generate(new PCG(i, seed), null, out _);
            inputs++;
            Check(input, $"input {i} of seed {seed}", corpus, knownAllowed: true);
        }
        return new FuzzReport(target.Name, inputs, Interlocked.Read(ref _results), clock.Elapsed, seed, $"{_slowest.TotalMilliseconds:N0} ms ({_slowestInput})", _failures, _known);
    }

    private void Check(byte[] input, string what, Corpus corpus, bool knownAllowed)
    {
        long start = Stopwatch.GetTimestamp();
        FuzzFailure? result = Try(input);
        if (Stopwatch.GetElapsedTime(start) is var elapsed && elapsed > _slowest && elapsed.TotalSeconds > 1)
        {
            (_slowest, _slowestInput) = (elapsed, $"{what}, {input.Length:N0} bytes, saved to {Saved(input, "slowest")}");
        }
        if (result is not { } failure) return;
        if (knownAllowed && corpus.IsKnown(target.Name, failure.Kind) is { } note)
        {
            if (_kinds.Add("known " + failure.Kind)) _known.Add($"{failure.Kind} ({note}), first at {what}: {Saved(input, "known")}");
            return;
        }
        if (!_kinds.Add(failure.Kind)) return;
        // A timeout is reported as it is: running it again would leave a second thread that cannot be stopped.
        byte[] small = failure.Kind == "timeout" ? input : Shrink(input, failure.Kind);
        FuzzFailure smallFailure = failure.Kind == "timeout" ? failure : Try(small) ?? failure;
        string file = Saved(small, "new");
        _failures.Add($"{target.Name}, {what}: {smallFailure.Kind}: {smallFailure.Details}\n  saved to {file} ({small.Length} bytes, shrunk from {input.Length})\n" +
            $"  base64: {Convert.ToBase64String(small)}" + (small.Length <= 512 ? $"\n  hex: {Convert.ToHexString(small)}" : ""));
    }

    /// <summary>Runs one input; null when it ended correctly.</summary>
    public FuzzFailure? Try(byte[] input)
    {
        File.WriteAllBytes(_path, input);
        var task = Task.Run(() =>
        {
            // What the reading allocated, whether it returned or threw; the oracle after it is not counted.
            long before = GC.GetAllocatedBytesForCurrentThread(), read = -1;
            try
            {
                Action? oracle = target.Run(_path);
                read = GC.GetAllocatedBytesForCurrentThread() - before;
                if (Allocation(read, input.Length) is { } excess) return excess;
                oracle?.Invoke();
                Interlocked.Increment(ref _results);
                return null;
            }
            catch (FuzzFinding e)
            {
                return new FuzzFailure("oracle", e.Message);
            }
            catch (Exception e) when (target.IsDocumented(e))
            {
                string text = target.ErrorText(e);
                return Allocation(read >= 0 ? read : GC.GetAllocatedBytesForCurrentThread() - before, input.Length)
                    ?? (text.Contains('\n') || text.Contains('\r') ? new FuzzFailure("multi-line message", $"{e.GetType().Name}: {text}") : null);
            }
            catch (Exception e)
            {
                return new FuzzFailure($"undocumented {e.GetType().Name}", $"{e.Message} (documented: {target.DocumentedExceptions})\n{e.StackTrace}");
            }
        });
        return task.Wait(Timeout) ? task.Result : new FuzzFailure("timeout", $"still running after {Timeout.TotalSeconds} s");
    }

    /// <summary>A failure when the reading allocated more than the target's bound for an input of <paramref name="length"/> bytes.</summary>
    private FuzzFailure? Allocation(long allocated, int length)
        => allocated <= target.AllocationBound(length) ? null
            : new FuzzFailure("allocation", $"{allocated:N0} bytes allocated for {length:N0} bytes of input (bound {target.AllocationFactor} × size + {target.AllocationSlack:N0})");

    /// <summary>
    /// Removes chunks, halving their size down to single bytes, while the input keeps failing the same way (at most
    /// 20 s). An input whose checksum was valid keeps a valid one, so that the shrinking does not stop at the CRC.
    /// </summary>
    private byte[] Shrink(byte[] input, string kind)
    {
        var clock = Stopwatch.StartNew();
        bool checksummed = target.Checksummed && Mutations.HasValidChecksum(input);
        for (int chunk = Math.Max(1, input.Length / 2); chunk >= 1 && clock.Elapsed.TotalSeconds < 20; chunk /= 2)
        {
            for (int start = 0; start < input.Length && clock.Elapsed.TotalSeconds < 20;)
            {
                byte[] smaller = [.. input[..start], .. input[Math.Min(input.Length, start + chunk)..]];
                if (checksummed) Mutations.FixChecksum(smaller);
                if (Try(smaller)?.Kind == kind) input = smaller;
                else start += chunk;
            }
        }
        return input;
    }

    private string Saved(byte[] input, string group)
    {
        string folder = Path.Combine(FailureFolder, group, target.Name);
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, Convert.ToHexString(SHA256.HashData(input))[..16].ToLowerInvariant() + target.Extension);
        File.WriteAllBytes(file, input);
        return file;
    }
}
