using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// exp(x) in float32, written once for every width: numpy's own float32 exp (the AVX2/AVX-512 kernel of
/// numpy 1.2x, <c>simd_exp_FLOAT</c>), operation for operation, so that FastNeuron reproduces numpy's
/// float32 seed numbers bit for bit.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>NaN lanes and lanes outside (xmin, xmax) are replaced by 0 before the arithmetic and patched at the
///   end: x ≥ 88.72284 gives +∞, x ≤ -103.97208 gives +0, NaN gives the input NaN.</item>
/// <item>k = round-half-even(x · log2 e) with the 1.5·2^23 shifter, in float32.</item>
/// <item>Cody–Waite reduction with fused multiply-adds: y = fma(k, −ln2hi, x), y = fma(k, −ln2lo, y).</item>
/// <item>exp(y) ≈ P(y)/Q(y), a degree-5 over degree-2 rational function (numpy's coefficients).</item>
/// <item>Scale by 2^k as 2^k1 · 2^k2 (k1 = round(k/2)), which rounds subnormal results once, like
///   AVX-512's <c>vscalefps</c>.</item>
/// </list>
/// </remarks>
internal static class ExpSingle
{
    private const float UpperSaturation = 88.72283935546875f;
    private const float LowerSaturation = -103.97208404541015625f;
    private const float Log2E = 1.442695040888963407359924681001892137f;
    private const float RoundingShifter = 12582912f;           // 1.5 · 2^23
    private const float ExponentShifter = 12582912f + 127f;     // shifter + IEEE bias
    private const float CodyWaiteLn2Hi = -6.93145752e-1f;
    private const float CodyWaiteLn2Lo = -1.42860677e-6f;
    private const float P0 = 9.999999999980870924916e-01f;
    private const float P1 = 7.257664613233124478488e-01f;
    private const float P2 = 2.473615434895520810817e-01f;
    private const float P3 = 5.114512081637298353406e-02f;
    private const float P4 = 6.757896990527504603057e-03f;
    private const float P5 = 5.082762527590693718096e-04f;
    private const float Q0 = 1.000000000000000000000e+00f;
    private const float Q1 = -2.742335390411667452936e-01f;
    private const float Q2 = 2.159509375685829852307e-02f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp<TVec, TOps>(TVec input)
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
    {
        TVec zero = TOps.Create(0f);
        TVec upper = TOps.Create(UpperSaturation);
        TVec lower = TOps.Create(LowerSaturation);
        TVec x = TOps.SelectWhereNaN(input, zero, input);
        TVec reduced = TOps.SelectWhereGreaterThanOrEqual(x, upper, zero, x);
        reduced = TOps.SelectWhereLessThanOrEqual(reduced, lower, zero, reduced);

        TVec shifter = TOps.Create(RoundingShifter);
        TVec k = TOps.Multiply(reduced, TOps.Create(Log2E));
        k = TOps.Add(k, shifter);
        k = TOps.Subtract(k, shifter);

        TVec y = TOps.FusedMultiplyAdd(k, TOps.Create(CodyWaiteLn2Hi), reduced);
        y = TOps.FusedMultiplyAdd(k, TOps.Create(CodyWaiteLn2Lo), y);

        TVec numerator = TOps.FusedMultiplyAdd(TOps.Create(P5), y, TOps.Create(P4));
        numerator = TOps.FusedMultiplyAdd(numerator, y, TOps.Create(P3));
        numerator = TOps.FusedMultiplyAdd(numerator, y, TOps.Create(P2));
        numerator = TOps.FusedMultiplyAdd(numerator, y, TOps.Create(P1));
        numerator = TOps.FusedMultiplyAdd(numerator, y, TOps.Create(P0));
        TVec denominator = TOps.FusedMultiplyAdd(TOps.Create(Q2), y, TOps.Create(Q1));
        denominator = TOps.FusedMultiplyAdd(denominator, y, TOps.Create(Q0));
        TVec result = TOps.Divide(numerator, denominator);

        TVec k1 = TOps.Subtract(TOps.Add(TOps.Multiply(k, TOps.Create(0.5f)), shifter), shifter);
        TVec k2 = TOps.Subtract(k, k1);
        TVec scale1 = TOps.ShiftBitsLeft(TOps.Add(k1, TOps.Create(ExponentShifter)), 23);
        TVec scale2 = TOps.ShiftBitsLeft(TOps.Add(k2, TOps.Create(ExponentShifter)), 23);
        result = TOps.Multiply(TOps.Multiply(result, scale1), scale2);

        result = TOps.SelectWhereGreaterThanOrEqual(x, upper, TOps.Create(float.PositiveInfinity), result);
        result = TOps.SelectWhereLessThanOrEqual(x, lower, zero, result);
        return TOps.SelectWhereNaN(input, input, result);
    }
}
