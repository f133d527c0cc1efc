using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// The weight gradient g = Xᵀδ of a batch: for row-major X (rows × columns) each element becomes
/// g[j] = Σ_i X[i, j]·δ[i].
/// </summary>
/// <remarks>
/// Accumulation order, the same at every width: rows are cut into chunks of <see cref="ChunkRows"/>
/// (the last may be shorter). Within a chunk, column j is a sequential fused chain from +0 over the rows in
/// order, p = fma(X[i, j], δ[i], p). The chunk partials are then added in chunk order: g = p₀, g = g + p₁, ...
/// Chunk boundaries depend only on the row count, so multi-threaded training can give each thread whole
/// chunks and still produce these bits. The vector kernels run the same chains with one column per lane.
/// </remarks>
internal static class Gradient
{
    /// <summary>Rows per chunk of the accumulation order. Part of the numerics contract: changing it changes bits.</summary>
    public const int ChunkRows = 4096;

    public static void Scalar<T>(ReadOnlySpan<T> x, int columns, ReadOnlySpan<T> delta, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = delta.Length;
        for (int j = 0; j < columns; j++)
        {
            gradient[j] = ColumnChain(x, columns, delta, j, 0, rows);
        }
    }

    /// <summary>g = Xᵀδ at <paramref name="width"/>.</summary>
    public static void Invoke<T>(ReadOnlySpan<T> x, int columns, ReadOnlySpan<T> delta, Span<T> gradient, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var action = new GradientAction<T>(x, columns, delta, gradient);
        WidthDispatch.Run<T, GradientAction<T>>(width, ref action);
    }

    /// <summary>g = Xᵀδ at TVec's width, one column per lane; at <see cref="ScalarOps{T}"/>, <see cref="Scalar{T}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<T, TVec, TOps>(ReadOnlySpan<T> x, int columns, ReadOnlySpan<T> delta, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        if (TOps.Count == 1)
        {
            Scalar(x, columns, delta, gradient);
        }
        else
        {
            Vectorized<T, TVec, TOps>(x, columns, delta, gradient);
        }
    }

    /// <summary>Column j over rows [first, end): chunk chains, then the partials in chunk order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T ColumnChain<T>(ReadOnlySpan<T> x, int columns, ReadOnlySpan<T> delta, int j, int first, int end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T total = T.Zero;
        for (int chunk = first; chunk < end; chunk += ChunkRows)
        {
            int chunkEnd = Math.Min(end, chunk + ChunkRows);
            T partial = T.Zero;
            for (int i = chunk; i < chunkEnd; i++)
            {
                partial = ScalarOps<T>.FusedMultiplyAdd(x[i * columns + j], delta[i], partial);
            }
            total = chunk == first ? partial : total + partial;
        }
        return total;
    }

    private static void Vectorized<T, TVec, TOps>(ReadOnlySpan<T> x, int columns, ReadOnlySpan<T> delta, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int rows = delta.Length;
        int width = TOps.Count;
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(delta);
        ref T gRef = ref MemoryMarshal.GetReference(gradient);
        if (rows == 0)
        {
            gradient[..columns].Clear();
            return;
        }
        for (int chunk = 0; chunk < rows; chunk += ChunkRows)
        {
            int chunkEnd = Math.Min(rows, chunk + ChunkRows);
            bool first = chunk == 0;
            int j = 0;
            // Four column vectors per pass: four independent chains hide the FMA latency.
            for (; j <= columns - 4 * width; j += 4 * width)
            {
                TVec a0 = TOps.Create(T.Zero), a1 = a0, a2 = a0, a3 = a0;
                for (int i = chunk; i < chunkEnd; i++)
                {
                    TVec d = TOps.Create(Unsafe.Add(ref dRef, i));
                    nuint row = (nuint)(i * columns + j);
                    a0 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, row), d, a0);
                    a1 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, row + (nuint)width), d, a1);
                    a2 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, row + (nuint)(2 * width)), d, a2);
                    a3 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, row + (nuint)(3 * width)), d, a3);
                }
                AddPartial<T, TVec, TOps>(ref gRef, (nuint)j, a0, first);
                AddPartial<T, TVec, TOps>(ref gRef, (nuint)(j + width), a1, first);
                AddPartial<T, TVec, TOps>(ref gRef, (nuint)(j + 2 * width), a2, first);
                AddPartial<T, TVec, TOps>(ref gRef, (nuint)(j + 3 * width), a3, first);
            }
            for (; j <= columns - width; j += width)
            {
                TVec a0 = TOps.Create(T.Zero);
                for (int i = chunk; i < chunkEnd; i++)
                {
                    a0 = TOps.FusedMultiplyAdd(TOps.Load(ref xRef, (nuint)(i * columns + j)), TOps.Create(Unsafe.Add(ref dRef, i)), a0);
                }
                AddPartial<T, TVec, TOps>(ref gRef, (nuint)j, a0, first);
            }
            for (; j < columns; j++)
            {
                T partial = T.Zero;
                for (int i = chunk; i < chunkEnd; i++)
                {
                    partial = ScalarOps<T>.FusedMultiplyAdd(Unsafe.Add(ref xRef, i * columns + j), Unsafe.Add(ref dRef, i), partial);
                }
                Unsafe.Add(ref gRef, j) = first ? partial : Unsafe.Add(ref gRef, j) + partial;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPartial<T, TVec, TOps>(ref T gradient, nuint offset, TVec partial, bool first)
        where T : unmanaged
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TOps.Store(first ? partial : TOps.Add(TOps.Load(ref gradient, offset), partial), ref gradient, offset);
    }

    /// <summary>
    /// The bias gradient Σ δ[i]: a column of ones in the same chunked order (fma(1, δ, p) is p + δ).
    /// A chain, so the same code serves every width.
    /// </summary>
    public static T SumOfDeltas<T>(ReadOnlySpan<T> delta)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T total = T.Zero;
        for (int chunk = 0; chunk < delta.Length; chunk += ChunkRows)
        {
            int chunkEnd = Math.Min(delta.Length, chunk + ChunkRows);
            T partial = T.Zero;
            for (int i = chunk; i < chunkEnd; i++)
            {
                partial += delta[i];
            }
            total = chunk == 0 ? partial : total + partial;
        }
        return total;
    }

    private readonly ref struct GradientAction<T>(ReadOnlySpan<T> x, int columns, ReadOnlySpan<T> delta, Span<T> gradient) : IWidthAction<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _x = x;
        private readonly int _columns = columns;
        private readonly ReadOnlySpan<T> _delta = delta;
        private readonly Span<T> _gradient = gradient;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => Invoke<T, TVec, TOps>(_x, _columns, _delta, _gradient);
    }
}
