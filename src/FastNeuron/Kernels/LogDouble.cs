namespace FastNeuron.Kernels;

/// <summary>
/// The natural logarithm in float64 from IEEE-exact operations only (+, −, ×, ÷ and bit moves), so that it gives the
/// same bits on every CPU and operating system, unlike the platform's <c>Math.Log</c> (glibc, the Windows CRT and
/// Apple's libm may differ in the last bit). Error below 1 ulp.
/// </summary>
/// <remarks>
/// fdlibm's <c>__ieee754_log</c> (Sun Microsystems, 1993: "Permission to use, copy, modify, and distribute this
/// software is freely granted, provided that this notice is preserved"), step for step:
/// <list type="number">
/// <item>x = 2^k·(1 + f) with √2/2 &lt; 1 + f &lt; √2, by moving exponent bits (exact).</item>
/// <item>|f| &lt; 2^−20: log(1 + f) ≈ f − f²·(1/2 − f/3).</item>
/// <item>Otherwise s = f / (2 + f), and log(1 + f) = f − s·(f − R) or f − (f²/2 − s·(f²/2 + R)) with
///   R = z·(Lg1 + z·(Lg2 + …)) in z = s², split into odd and even powers of w = z² as fdlibm does.</item>
/// <item>log x = k·ln2_hi + (log(1 + f) + k·ln2_lo), ln2_hi holding 32 bits so k·ln2_hi is exact.</item>
/// </list>
/// .NET never contracts a·b + c into a fused multiply-add, so every expression rounds exactly as written.
/// log(±0) = −∞, log(x &lt; 0) = NaN, log(+∞) = +∞, log(NaN) = NaN.
/// </remarks>
internal static class LogDouble
{
    private const double Ln2Hi = 6.93147180369123816490e-01; // 0x3FE62E42FEE00000
    private const double Ln2Lo = 1.90821492927058770002e-10; // 0x3DEA39EF35793C76
    private const double TwoTo54 = 18014398509481984.0;
    private const double Lg1 = 6.666666666666735130e-01;
    private const double Lg2 = 3.999999999940941908e-01;
    private const double Lg3 = 2.857142874366239149e-01;
    private const double Lg4 = 2.222219843214978396e-01;
    private const double Lg5 = 1.818357216161805012e-01;
    private const double Lg6 = 1.531383769920937332e-01;
    private const double Lg7 = 1.479819860511658591e-01;

    /// <summary>log x, below 1 ulp from exact, the same bits everywhere.</summary>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return x;
        int k = 0;
        ulong bits = BitConverter.DoubleToUInt64Bits(x);
        if (bits < 0x0010000000000000UL)
        {
            // Subnormal: scale into the normal range first (exact).
            x *= TwoTo54;
            k -= 54;
            bits = BitConverter.DoubleToUInt64Bits(x);
        }
        int high = (int)(bits >> 32);
        k += (high >> 20) - 1023;
        high &= 0x000FFFFF;
        int half = (high + 0x95F64) & 0x100000;
        // x or x/2 with the exponent of 1, so that √2/2 < x < √2.
        x = BitConverter.UInt64BitsToDouble(((ulong)(uint)(high | (half ^ 0x3FF00000)) << 32) | (bits & 0xFFFFFFFFUL));
        k += half >> 20;
        double f = x - 1.0;
        double dk = k;
        if ((0x000FFFFF & (2 + high)) < 3)
        {
            // −2^−20 ≤ f < 2^−20.
            if (f == 0) return k == 0 ? 0.0 : dk * Ln2Hi + dk * Ln2Lo;
            double r = f * f * (0.5 - 0.33333333333333333 * f);
            return k == 0 ? f - r : dk * Ln2Hi - ((r - dk * Ln2Lo) - f);
        }
        double s = f / (2.0 + f);
        double z = s * s;
        int i = high - 0x6147A;
        double w = z * z;
        int j = 0x6B851 - high;
        double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
        double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
        i |= j;
        double series = t2 + t1;
        if (i > 0)
        {
            double halfSquare = 0.5 * f * f;
            return k == 0
                ? f - (halfSquare - s * (halfSquare + series))
                : dk * Ln2Hi - ((halfSquare - (s * (halfSquare + series) + dk * Ln2Lo)) - f);
        }
        return k == 0 ? f - s * (f - series) : dk * Ln2Hi - ((s * (f - series) - dk * Ln2Lo) - f);
    }
}
