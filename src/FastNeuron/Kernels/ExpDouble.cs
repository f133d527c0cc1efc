using System.Runtime.CompilerServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// exp(x) in float64, written once for every width. The result is the double nearest to
/// <c>(1 + r + q(r)) · 2^k</c> evaluated in double-double arithmetic, so it is correctly rounded except
/// where exp(x) lies within about 2^-12 ulp of a rounding midpoint (measured: see docs/numerics.md).
/// </summary>
/// <remarks>
/// Why so careful: the seed program's float64 golden numbers come from glibc's exp, which is itself
/// nearly correctly rounded; ten thousand iterations of gradient descent carry a 1-ulp difference in
/// one exp into the last digits of the weights. An exp with 1-ulp error (numpy's AVX-512 exp is one)
/// does not reproduce them. Only +, -, * and fused multiply-add appear, each correctly rounded per lane,
/// so every instantiation gives the same bits.
/// <list type="number">
/// <item>Saturate x to [-746, 710]: beyond, exp rounds to +0 or +∞ anyway, and k stays in range.</item>
/// <item>k = round-half-even(x · log2 e) with the 1.5·2^52 shifter.</item>
/// <item>r = x − k·ln2 as a double-double: ln2 = Ln2Hi + Ln2Lo with Ln2Hi holding 32 bits, so k·Ln2Hi
///   and x − k·Ln2Hi are exact; k·Ln2Lo is split exactly with a fused multiply-add.</item>
/// <item>exp(r) = 1 + r + r²·(1/2 + r·(1/6 + r·(1/24 + r·U(r)))), where U is the Taylor tail 1/5! .. 1/16!
///   in plain double Horner and the three outer steps are carried in double-double.</item>
/// <item>Scale by 2^k as 2^k1 · 2^k2 (k1 = round(k/2)): both factors are normal doubles, the first product
///   is exact and the second rounds once, so results in the subnormal range round correctly too. Where every lane of a
///   vector lies in (−708, 709), 2^k is a normal double and one product by it rounds the same value once: that vector
///   takes the short path, with the same bits.</item>
/// </list>
/// NaN in gives NaN out.
/// </remarks>
internal static class ExpDouble
{
    private const double UpperSaturation = 710.0;
    private const double LowerSaturation = -746.0;
    private const double Log2E = 1.4426950408889634;
    private const double RoundingShifter = 6755399441055744.0;          // 1.5 · 2^52
    private const double ExponentShifter = 6755399441055744.0 + 1023.0;  // shifter + IEEE bias
    private const double NegativeLn2Hi = -6.93147180369123816490e-01;   // 0xBFE62E42FEE00000
    private const double Ln2Lo = 1.90821492927058770002e-10;            // 0x3DEA39EF35793C76

    private const double C3Hi = 0.16666666666666666, C3Lo = 9.25185853854297e-18;
    private const double C4Hi = 0.041666666666666664, C4Lo = 2.3129646346357427e-18;
    private const double C5 = 0.008333333333333333;
    private const double C6 = 0.001388888888888889;
    private const double C7 = 0.0001984126984126984;
    private const double C8 = 2.48015873015873e-05;
    private const double C9 = 2.7557319223985893e-06;
    private const double C10 = 2.755731922398589e-07;
    private const double C11 = 2.505210838544172e-08;
    private const double C12 = 2.08767569878681e-09;
    private const double C13 = 1.6059043836821613e-10;
    private const double C14 = 1.1470745597729725e-11;
    private const double C15 = 7.647163731819816e-13;
    private const double C16 = 4.779477332387385e-14;

    // Inside (−708, 709) every k lies in [−1021, 1023], where 2^k is a normal double: one product by it rounds the same
    // exact value once, as the two-step scaling does, and no lane needs saturating.
    private const double OneScaleLower = -708.0;
    private const double OneScaleUpper = 709.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp<TVec, TOps>(TVec x)
        where TVec : struct
        where TOps : ISimdOps<TVec, double>
    {
        // The common case, taken when every lane allows it: no saturation and one scaling product. Any other vector goes
        // to AnyInput, which gives the same bits on these lanes; the branch only decides speed.
        if (TOps.AllInside(x, TOps.Create(OneScaleLower), TOps.Create(OneScaleUpper)))
        {
            TVec k = RoundedLog2Multiple<TVec, TOps>(x);
            return TOps.Multiply(Reduced<TVec, TOps>(x, k), PowerOfTwo<TVec, TOps>(k));
        }
        return AnyInput<TVec, TOps>(x);
    }

    /// <summary>Every input, saturation and the scaling in two steps included: steps 1 to 5 of the remarks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVec AnyInput<TVec, TOps>(TVec x)
        where TVec : struct
        where TOps : ISimdOps<TVec, double>
    {
        TVec upper = TOps.Create(UpperSaturation);
        TVec lower = TOps.Create(LowerSaturation);
        x = TOps.SelectWhereGreaterThanOrEqual(x, upper, upper, x);
        x = TOps.SelectWhereLessThanOrEqual(x, lower, lower, x);

        TVec k = RoundedLog2Multiple<TVec, TOps>(x);
        TVec mantissa = Reduced<TVec, TOps>(x, k);

        // 2^k = 2^k1 · 2^k2, each built from the shifter's low bits.
        TVec shifter = TOps.Create(RoundingShifter);
        TVec k1 = TOps.Subtract(TOps.Add(TOps.Multiply(k, TOps.Create(0.5)), shifter), shifter);
        TVec k2 = TOps.Subtract(k, k1);
        return TOps.Multiply(TOps.Multiply(mantissa, PowerOfTwo<TVec, TOps>(k1)), PowerOfTwo<TVec, TOps>(k2));
    }

    /// <summary>k = round-half-even(x · log2 e), by the shifter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec RoundedLog2Multiple<TVec, TOps>(TVec x)
        where TVec : struct
        where TOps : ISimdOps<TVec, double>
    {
        TVec shifter = TOps.Create(RoundingShifter);
        return TOps.Subtract(TOps.Add(TOps.Multiply(x, TOps.Create(Log2E)), shifter), shifter);
    }

    /// <summary>exp(x − k·ln 2) rounded to a double: the double-double range reduction and polynomial (steps 3 and 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Reduced<TVec, TOps>(TVec x, TVec k)
        where TVec : struct
        where TOps : ISimdOps<TVec, double>
    {
        // r = rh + rl = x − k·ln2.
        TVec hi = TOps.FusedMultiplyAdd(k, TOps.Create(NegativeLn2Hi), x);
        TVec kLo = TOps.Multiply(k, TOps.Create(Ln2Lo));
        TVec kLoError = TOps.FusedMultiplyAdd(k, TOps.Create(Ln2Lo), TOps.Subtract(TOps.Create(0.0), kLo));
        TVec r = TOps.Subtract(hi, kLo);
        TVec bVirtual = TOps.Subtract(r, hi);
        TVec sumError = TOps.Subtract(
            TOps.Subtract(hi, TOps.Subtract(r, bVirtual)),
            TOps.Add(kLo, bVirtual));
        TVec rLow = TOps.Subtract(sumError, kLoError);

        // U = 1/5! + r/6! + ... + r^11/16!
        TVec u = TOps.FusedMultiplyAdd(TOps.Create(C16), r, TOps.Create(C15));
        u = TOps.FusedMultiplyAdd(u, r, TOps.Create(C14));
        u = TOps.FusedMultiplyAdd(u, r, TOps.Create(C13));
        u = TOps.FusedMultiplyAdd(u, r, TOps.Create(C12));
        u = TOps.FusedMultiplyAdd(u, r, TOps.Create(C11));
        u = TOps.FusedMultiplyAdd(u, r, TOps.Create(C10));
        u = TOps.FusedMultiplyAdd(u, r, TOps.Create(C9));
        u = TOps.FusedMultiplyAdd(u, r, TOps.Create(C8));
        u = TOps.FusedMultiplyAdd(u, r, TOps.Create(C7));
        u = TOps.FusedMultiplyAdd(u, r, TOps.Create(C6));
        u = TOps.FusedMultiplyAdd(u, r, TOps.Create(C5));

        // V = 1/24 + r·U (double-double; |r·U| < |1/24| so the fast two-sum is exact).
        TVec product = TOps.Multiply(r, u);
        TVec productError = TOps.FusedMultiplyAdd(r, u, TOps.Subtract(TOps.Create(0.0), product));
        TVec vHi = TOps.Add(TOps.Create(C4Hi), product);
        TVec vLo = TOps.Add(
            TOps.Add(TOps.Subtract(TOps.Create(C4Hi), vHi), product),
            TOps.Add(productError, TOps.Create(C4Lo)));

        // W = 1/6 + r·V.
        product = TOps.Multiply(r, vHi);
        productError = TOps.FusedMultiplyAdd(r, vHi, TOps.Subtract(TOps.Create(0.0), product));
        TVec wHi = TOps.Add(TOps.Create(C3Hi), product);
        TVec wLo = TOps.Add(
            TOps.Add(TOps.Subtract(TOps.Create(C3Hi), wHi), product),
            TOps.Add(productError, TOps.FusedMultiplyAdd(r, vLo, TOps.Create(C3Lo))));

        // I = 1/2 + r·W.
        product = TOps.Multiply(r, wHi);
        productError = TOps.FusedMultiplyAdd(r, wHi, TOps.Subtract(TOps.Create(0.0), product));
        TVec iHi = TOps.Add(TOps.Create(0.5), product);
        TVec iLo = TOps.Add(
            TOps.Add(TOps.Subtract(TOps.Create(0.5), iHi), product),
            TOps.FusedMultiplyAdd(r, wLo, productError));

        // q = r²·I.
        TVec square = TOps.Multiply(r, r);
        TVec squareError = TOps.FusedMultiplyAdd(r, r, TOps.Subtract(TOps.Create(0.0), square));
        TVec qHi = TOps.Multiply(square, iHi);
        TVec qLo = TOps.Add(
            TOps.FusedMultiplyAdd(square, iHi, TOps.Subtract(TOps.Create(0.0), qHi)),
            TOps.FusedMultiplyAdd(square, iLo, TOps.Multiply(squareError, iHi)));

        // exp(r) = (1 + r) + q, then the rLow correction rLow·exp(r).
        TVec one = TOps.Create(1.0);
        TVec a = TOps.Add(one, r);
        TVec aError = TOps.Add(TOps.Subtract(one, a), r);
        TVec b = TOps.Add(a, qHi);
        TVec bError = TOps.Add(TOps.Subtract(a, b), qHi);
        TVec low = TOps.FusedMultiplyAdd(rLow, b, TOps.Add(TOps.Add(aError, bError), qLo));
        return TOps.Add(b, low);
    }

    /// <summary>2^k for whole k in [−1022, 1023], built in the exponent field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec PowerOfTwo<TVec, TOps>(TVec k)
        where TVec : struct
        where TOps : ISimdOps<TVec, double>
        => TOps.ShiftBitsLeft(TOps.Add(k, TOps.Create(ExponentShifter)), 52);
}
