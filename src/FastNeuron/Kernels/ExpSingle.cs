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
///   so subnormal results round correctly too. Where every lane of a vector lies in (−87, 88), 2^k is a normal float
///   and one product by it rounds the same value once: that vector takes the short path, with the same bits.</item>
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

    // Inside (−87, 88) every k lies in [−126, 127], where 2^k is a normal float: one product by it rounds the same exact
    // value once, as the two-step scaling does.
    private const float OneScaleLower = -87f;
    private const float OneScaleUpper = 88f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp<TVec, TOps>(TVec input)
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
    {
        // The common case, taken when every lane allows it: no special lanes and one scaling product. Any other vector
        // goes to AnyInput, which gives the same bits on these lanes; the branch only decides speed.
        if (TOps.AllInside(input, TOps.Create(OneScaleLower), TOps.Create(OneScaleUpper)))
        {
            TVec k = RoundedLog2Multiple<TVec, TOps>(input);
            return TOps.Multiply(Reduced<TVec, TOps>(input, k), PowerOfTwo<TVec, TOps>(k));
        }
        return AnyInput<TVec, TOps>(input);
    }

    /// <summary>Every input, special lanes and the scaling in two steps included: steps 1 to 5 of the remarks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVec AnyInput<TVec, TOps>(TVec input)
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

        TVec k = RoundedLog2Multiple<TVec, TOps>(x);
        TVec result = Reduced<TVec, TOps>(x, k);

        TVec shifter = TOps.Create(RoundingShifter);
        TVec k1 = TOps.Subtract(TOps.Add(TOps.Multiply(k, TOps.Create(0.5f)), shifter), shifter);
        TVec k2 = TOps.Subtract(k, k1);
        result = TOps.Multiply(TOps.Multiply(result, PowerOfTwo<TVec, TOps>(k1)), PowerOfTwo<TVec, TOps>(k2));
        return TOps.SelectWhereNaNOrOutside(input, lower, upper, special, result);
    }

    /// <summary>k = round-half-even(x · log2 e), by the shifter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec RoundedLog2Multiple<TVec, TOps>(TVec x)
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
    {
        TVec shifter = TOps.Create(RoundingShifter);
        return TOps.Subtract(TOps.Add(TOps.Multiply(x, TOps.Create(Log2E)), shifter), shifter);
    }

    /// <summary>exp(x − k·ln 2), in [1/√2, √2] give or take rounding: the range reduction and the polynomial.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Reduced<TVec, TOps>(TVec x, TVec k)
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
    {
        TVec r = TOps.FusedMultiplyAdd(k, TOps.Create(NegativeLn2Hi), x);
        r = TOps.FusedMultiplyAdd(k, TOps.Create(NegativeLn2Lo), r);

        TVec p = TOps.FusedMultiplyAdd(TOps.Create(P5), r, TOps.Create(P4));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(P3));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(P2));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(P1));
        p = TOps.FusedMultiplyAdd(p, r, TOps.Create(P0));
        return TOps.FusedMultiplyAdd(p, TOps.Multiply(r, r), TOps.Add(r, TOps.Create(1f)));
    }

    /// <summary>2^k for whole k in [−126, 127], built in the exponent field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec PowerOfTwo<TVec, TOps>(TVec k)
        where TVec : struct
        where TOps : ISimdOps<TVec, float>
        => TOps.ShiftBitsLeft(TOps.Add(k, TOps.Create(ExponentShifter)), 23);
}
