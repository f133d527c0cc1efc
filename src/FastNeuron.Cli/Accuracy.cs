using System.Globalization;

namespace FastNeuron.Cli;

/// <summary>
/// <c>fastneuron accuracy</c>: sweeps FastNeuron's exp and sigmoid against references and prints the largest
/// error in ulps. docs/numerics.md quotes this command's output.
/// </summary>
internal static class Accuracy
{
    public static int Run(TextWriter output)
    {
        // float32: every 16th float bit pattern over the sigmoid's whole active range, against σ in float64.
        const int Batch = 4096;
        var x = new float[Batch];
        var sigmoid = new float[Batch];
        var exp = new float[Batch];
        long count = 0, saturated = 0;
        double maxSubnormalError = 0;
        double maxSigmoidUlp = 0, maxExpUlp = 0;
        float worstSigmoidAt = 0, worstExpAt = 0;
        foreach ((float from, float to) in new[] { (-103.9f, 88.7f) })
        {
            foreach (bool negative in new[] { false, true })
            {
                uint start = 0;
                uint end = BitConverter.SingleToUInt32Bits(negative ? -from : to);
                for (uint bits = start; bits < end;)
                {
                    int n = 0;
                    for (; n < Batch && bits < end; n++, bits += 16)
                    {
                        float v = BitConverter.UInt32BitsToSingle(bits);
                        x[n] = negative ? -v : v;
                    }
                    NeuronKernels.Sigmoid<float>(x.AsSpan(0, n), sigmoid);
                    NeuronKernels.Exp<float>(x.AsSpan(0, n), exp);
                    for (int i = 0; i < n; i++)
                    {
                        double reference = 1.0 / (1.0 + Math.Exp(-(double)x[i]));
                        if (reference < 1.1754943508222875e-38)
                        {
                            // The formula's own float32 limit: exp(−z) overflows, so σ is +0 where the true value is subnormal.
                            if (sigmoid[i] == 0) saturated++;
                            else maxSubnormalError = Math.Max(maxSubnormalError, Math.Abs(sigmoid[i] - reference) / float.Epsilon);
                            continue;
                        }
                        double ulp = Math.Abs(sigmoid[i] - reference) / UlpOf((float)reference);
                        if (ulp > maxSigmoidUlp) (maxSigmoidUlp, worstSigmoidAt) = (ulp, x[i]);
                        double expReference = Math.Exp(x[i]);
                        if (expReference < float.MaxValue && expReference > 1.1754943508222875e-38)
                        {
                            double expUlp = Math.Abs(exp[i] - expReference) / UlpOf((float)expReference);
                            if (expUlp > maxExpUlp) (maxExpUlp, worstExpAt) = (expUlp, x[i]);
                        }
                    }
                    count += n;
                }
            }
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"float32 sigmoid: max {maxSigmoidUlp:F3} ulp against the float64 sigmoid (at x = {worstSigmoidAt:R}), {count:N0} inputs: every 16th float in (-103.97, 88.72); " +
            $"subnormal results within {maxSubnormalError:F2} of the smallest subnormal; " +
            $"{saturated:N0} inputs below -88.72 give +0 where the true value is subnormal (exp(-z) overflows there, as in numpy's float32 formula)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"float32 exp:     max {maxExpUlp:F3} ulp against float64 exp (at x = {worstExpAt:R}), normal results only"));

        // float64: random inputs over exp's range and the sigmoid's active range, against glibc through Math.Exp.
        var random = new Random(1);
        var xd = new double[Batch];
        var ed = new double[Batch];
        var sd = new double[Batch];
        long total = 0, expDiffer = 0, sigmoidDiffer = 0;
        double maxExpUlp64 = 0, maxSigmoidUlp64 = 0;
        for (int round = 0; round < 2000; round++)
        {
            double span = round % 2 == 0 ? 1455 : 80;
            double offset = round % 2 == 0 ? -745 : -40;
            for (int i = 0; i < Batch; i++)
            {
                xd[i] = offset + span * random.NextDouble();
            }
            NeuronKernels.Exp<double>(xd, ed);
            NeuronKernels.Sigmoid<double>(xd, sd);
            for (int i = 0; i < Batch; i++)
            {
                double reference = Math.Exp(xd[i]);
                if (reference > 2.2250738585072014e-308 && !double.IsInfinity(reference))
                {
                    if (ed[i] != reference) expDiffer++;
                    maxExpUlp64 = Math.Max(maxExpUlp64, Math.Abs(BitConverter.DoubleToInt64Bits(ed[i]) - BitConverter.DoubleToInt64Bits(reference)));
                }
                double sigmoidReference = 1.0 / (1.0 + Math.Exp(-xd[i]));
                if (sd[i] != sigmoidReference) sigmoidDiffer++;
                maxSigmoidUlp64 = Math.Max(maxSigmoidUlp64, Math.Abs(BitConverter.DoubleToInt64Bits(sd[i]) - BitConverter.DoubleToInt64Bits(sigmoidReference)));
            }
            total += Batch;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"float64 exp:     differs from glibc's exp (Math.Exp) in {expDiffer:N0} of {total:N0} random inputs in (-745, 710), by at most {maxExpUlp64:F0} ulp"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"float64 sigmoid: differs from 1/(1+Math.Exp(-x)) in {sigmoidDiffer:N0} of {total:N0} inputs, by at most {maxSigmoidUlp64:F0} ulp"));
        return 0;
    }

    private static double UlpOf(float value) => MathF.BitIncrement(MathF.Abs(value)) - MathF.Abs(value);
}
