using System.Numerics;
using FastNeuron.Kernels;
using FastNeuron.Training;
using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron.Distributed;

/// <summary>
/// The unit of data-parallel work and its reduction. A full batch is cut into chunks of <see cref="ChunkRows"/> rows
/// counted from its first row; each chunk's partial gradient depends only on its rows and the weights, and the
/// partials are added in chunk order (<c>g = p₀</c>, then <c>g = g + p₁</c>, …, element by element). A trainer that
/// gives each machine whole chunks (a shard starting on a multiple of <see cref="ChunkRows"/>) and folds their
/// partials here in global chunk order gets the bits of one machine (docs/distributed.md).
/// </summary>
public static class ChunkGradients
{
    /// <summary>Rows per chunk: 4,096, the gradient chunk of docs/numerics.md.</summary>
    public const int ChunkRows = Gradient.ChunkRows;

    /// <summary>Chunks in <paramref name="rows"/> rows (the last may be shorter).</summary>
    public static int ChunkCount(long rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        long chunks = (rows + ChunkRows - 1) / ChunkRows;
        if (chunks > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"{rows:N0} rows make more than {int.MaxValue:N0} chunks.");
        return (int)chunks;
    }

    /// <summary>
    /// Starts a fold: <paramref name="sum"/> = partial 0, then + partial 1, … of <paramref name="chunks"/> partials stored
    /// one after another in <paramref name="partials"/>, each <paramref name="sum"/>.Length values long.
    /// </summary>
    public static void Fold<T>(ReadOnlySpan<T> partials, int chunks, Span<T> sum)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => ChunkFold.InOrder(partials, chunks, sum);

    /// <summary>
    /// Continues a fold with the next <paramref name="chunks"/> partials in chunk order: <paramref name="sum"/> =
    /// sum + partial 0, then + partial 1, …. A shard's partials go through <see cref="Fold{T}"/> for the first shard
    /// and through this for every later one, in the shards' order, which is the one-machine fold.
    /// </summary>
    public static void FoldMore<T>(ReadOnlySpan<T> partials, int chunks, Span<T> sum)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int length = sum.Length;
        if (chunks < 0 || partials.Length < (long)chunks * length)
        {
            throw new ArgumentException($"{chunks} partials of {length} need {(long)chunks * length} values; there are {partials.Length}.", nameof(partials));
        }
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            Tensor.Add(sum, partials.Slice(chunk * length, length), sum);
        }
    }
}
