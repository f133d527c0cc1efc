using System.Numerics;

namespace FastNeuron;

/// <summary>
/// The one initial-weight draw: numpy's <c>random.seed(seed); 2 * random.random((rows, columns)) - 1</c> in float64,
/// times a scale, rounded once to T, written row-major with each row padded to a stride.
/// </summary>
internal static class WeightDraw
{
    /// <summary>
    /// Draws rows × columns values from <paramref name="random"/> (consuming exactly that many doubles), and writes
    /// value·<paramref name="scale"/> rounded to T at [row·stride + column] of <paramref name="destination"/>.
    /// </summary>
    public static void Symmetric<T>(NumpyRandom random, int rows, int columns, double scale, Span<T> destination, int stride)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                destination[row * stride + column] = T.CreateChecked((2 * random.NextDouble() - 1) * scale);
            }
        }
    }
}
