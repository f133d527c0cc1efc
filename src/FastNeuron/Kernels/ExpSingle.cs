using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// exp(x) in float32, written once for every width: Cody–Waite range reduction with fused multiply-adds and
/// a degree-6 polynomial (Cephes' expf coefficients), with no division, so that the sigmoid's only division
/// is its own.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Lanes that are NaN, ≥ 88.72284 or ≤ −103.97208 are set to 0 for the arithmetic and replaced at the
///   end, with one select: +∞, +0 and the input NaN respectively.</item>
/// <item>k = round-half-even(x · log2 e) with the 1.5·2^23 shifter.</item>
/// <item>r = fma(k, −0.693359375, x), then r = fma(k, 2.12194440e-4, r): ln2 in two parts, the first with
///   few enough bits that k·part is exact.</item>
/// <item>exp(r) = fma(P(r), r², r + 1) with P(r) = 1/2 + r/6 + … by fma Horner steps.</item>
/// <item>Scale by 2^k as 2^k1 · 2^k2 (k1 = round(k/2)): the first product is exact, the second rounds once,
///   so subnormal results round correctly too.</item>
/// </list>
/// Measured accuracy: <c>fastneuron accuracy</c> (docs/numerics.md).
/// </remarks>
internal static class ExpSingle
{
    private const float UpperSaturation = 88.72283935546875f;
    private const float LowerSaturation = -103.97208404541015625f;
    private const float Log2E = 1.442695040888963407359924681001892137f;
    private const float RoundingShifter = 12582912f;           // 1.5 · 2^23
    private const float ExponentShifter = 12582912f + 127f;     // shifter + IEEE bias
    private const float NegativeLn2Hi = -0.693359375f;
    private const float NegativeLn2Lo = 2.12194440e-4f;
    private const float P0 = 5.0000001201E-1f;
    private const float P1 = 1.6666665459E-1f;
    private const float P2 = 4.1665795894E-2f;
    private const float P3 = 8.3334519073E-3f;
    private const float P4 = 1.3981999507E-3f;
    private const float P5 = 1.9875691500E-4f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp<TVec, TOps>(TVec input)
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
    {
        TVec zero = TOps.Create(0f);
        TVec upper = TOps.Create(UpperSaturation);
        TVec lower = TOps.Create(LowerSaturation);
        // What the special lanes return, computed beside the arithmetic so that one select finishes the job.
        TVec special = TOps.SelectWhereGreaterThanOrEqual(input, upper, TOps.Create(float.PositiveInfinity),
            TOps.SelectWhereLessThanOrEqual(input, lower, zero, input));
        TVec x = TOps.SelectWhereNaNOrOutside(input, lower, upper, zero, input);

        TVec shifter = TOps.Create(RoundingShifter);
        TVec k = TOps.Subtract(TOps.Add(TOps.Multiply(x, TOps.Create(Log2E)), shifter), shifter);
        TVec r = TOps.FusedMultiplyAdd(k, TOps.Create(NegativeLn2Hi), x);
        r = TOps.FusedMultiplyAdd(k, TOps.Create(NegativeLn2Lo), r);

        TVec p = TOps.FusedMultiplyAdd(TOps.Create(P5), r, TOps.Create(P4));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(P3));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(P2));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(P1));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(P0));
        TVec result = TOps.FusedMultiplyAdd(p, TOps.Multiply(r, r), TOps.Add(r, TOps.Create(1f)));

        TVec k1 = TOps.Subtract(TOps.Add(TOps.Multiply(k, TOps.Create(0.5f)), shifter), shifter);
        TVec k2 = TOps.Subtract(k, k1);
        TVec scale1 = TOps.ShiftBitsLeft(TOps.Add(k1, TOps.Create(ExponentShifter)), 23);
        TVec scale2 = TOps.ShiftBitsLeft(TOps.Add(k2, TOps.Create(ExponentShifter)), 23);
        result = TOps.Multiply(TOps.Multiply(result, scale1), scale2);
        return TOps.SelectWhereNaNOrOutside(input, lower, upper, special, result);
    }
}
