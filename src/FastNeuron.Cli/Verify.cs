namespace FastNeuron.Cli;

/// <summary>
/// <c>fastneuron verify</c>: the machine's SIMD facts, one line per kernel, type and width compared with the scalar
/// reference, then the golden models' SHA-256s compared with the committed ones.
/// </summary>
internal static class Verify
{
    public static int Run(int seed, TextWriter output)
    {
        foreach (string line in MachineInfo.Lines())
        {
            output.WriteLine(line);
        }
        output.WriteLine();
        IReadOnlyList<KernelCheck> checks = KernelVerifier.Run(seed);
        foreach (KernelCheck check in checks)
        {
            string how = check.HardwareAccelerated ? "hardware" : "software";
            string verdict = check.Identical
                ? "bitwise identical"
                : $"DIFFERS at index {check.FirstDifference}: scalar {check.Expected}, vector {check.Actual}";
            output.WriteLine($"{check.Kernel,-20} {check.ElementType}  {check.Width,-9} ({how,-8}) {check.Compared,6} values  {verdict}");
        }
        int failed = checks.Count(c => !c.Identical);
        (long ulps32, long ulps64, double dotFraction) = KernelVerifier.CheckTensorPrimitives(seed);
        bool withinBounds = ulps32 <= 8 && ulps64 <= 8 && dotFraction <= 1;
        output.WriteLine();
        output.WriteLine($"TensorPrimitives backend (not bitwise reproducible; bounds in docs/numerics.md): sigmoid at most {ulps32} ulps (float32) and " +
            $"{ulps64} ulps (float64) from Scalar, bound 8; weighted sum at most {dotFraction * 100:F0}% of its error bound. " +
            (withinBounds ? "Within bounds." : "OUT OF BOUNDS."));
        if (!withinBounds)
        {
            failed++;
        }
        output.WriteLine();
        output.WriteLine($"Golden model files (trained at {VectorWidths.Best}; SHA-256 against the hash committed in FastNeuron):");
        int goldenRuns = 0, goldenFailed = 0;
        foreach (GoldenModel model in GoldenModels.All)
        {
            foreach (int threads in model.CrossesChunks ? new[] { 1, 2 } : [1])
            {
                string actual = model.ComputeSha256(threads: threads);
                bool same = actual == model.ExpectedSha256;
                goldenRuns++;
                if (!same) goldenFailed++;
                output.WriteLine($"{model.Name,-50} {threads} thread{(threads == 1 ? " " : "s")}  {actual}  " +
                    (same ? "identical" : $"DIFFERS from the committed {model.ExpectedSha256}"));
            }
        }
        output.WriteLine();
        output.WriteLine(failed == 0
            ? $"All {checks.Count} checks bitwise identical to the scalar reference."
            : $"{failed} of {checks.Count} checks differ from the scalar reference.");
        output.WriteLine(goldenFailed == 0
            ? $"All {goldenRuns} golden model runs give the committed hashes."
            : $"{goldenFailed} of {goldenRuns} golden model runs DIFFER from the committed hashes: this machine computes other bits.");
        return failed == 0 && goldenFailed == 0 ? 0 : 1;
    }
}
