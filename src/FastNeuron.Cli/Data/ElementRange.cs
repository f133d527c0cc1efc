using System.Globalization;
using System.Numerics;

namespace FastNeuron.Cli.Data;

/// <summary>
/// A float64 value read from a file, rounded once to the network's element type: a finite value beyond float32's
/// range (1e39) would become infinity there, so it is refused where it was read instead.
/// </summary>
internal static class ElementRange
{
    /// <summary>Rounds <paramref name="value"/> to T; false when the result is not finite.</summary>
    public static bool TryRound<T>(double value, out T result)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        result = T.CreateChecked(value);
        return T.IsFinite(result);
    }

    /// <summary>The end of a message about <paramref name="value"/>, which T cannot hold: "1E+39 is outside float32's range (±3.4028235E+38)".</summary>
    public static string OutOfRange<T>(double value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => string.Create(CultureInfo.InvariantCulture, $"{value:R} is outside {Name<T>()}'s range (±{(typeof(T) == typeof(double) ? double.MaxValue.ToString("R", CultureInfo.InvariantCulture) : float.MaxValue.ToString("R", CultureInfo.InvariantCulture))})");

    /// <summary>float32 or float64, as the command names the element types.</summary>
    public static string Name<T>() => typeof(T) == typeof(double) ? "float64" : "float32";
}
