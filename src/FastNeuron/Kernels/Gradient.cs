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

    /// <summary>g = Xᵀδ at <paramref name="width"/> (null: <see cref="VectorWidths.Best"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Invoke<T>(ReadOnlySpan<T> x, int columns, ReadOnlySpan<T> delta, Span<T> gradient, VectorWidth? width)
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

    /// <summary>
    /// Columns per block: a block's partials (16 KB) stay in L1 while the rows stream past. X of up to 16 KB a row is one
    /// block, so its rows are read in memory order, one sequential sweep the prefetchers follow.
    /// </summary>
    private const int BlockBytes = 16384;

    /// <summary>
    /// Narrow X (at most 256 bytes a row) keeps each column's chain in a register over the rows; wider X streams row by
    /// row through L1-resident partials (<see cref="RowByRow{T, TVec, TOps}"/>), where walking a column down rows
    /// a whole row apart would defeat the prefetchers. The chains are the same either way.
    /// </summary>
    private static void Vectorized<T, TVec, TOps>(ReadOnlySpan<T> x, int columns, ReadOnlySpan<T> delta, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        if (delta.IsEmpty)
        {
            gradient[..columns].Clear();
            return;
        }
        if (columns * Unsafe.SizeOf<T>() <= 256) InRegisters<T, TVec, TOps>(x, columns, delta, gradient);
        else RowByRow<T, TVec, TOps>(x, columns, delta, gradient);
    }

    /// <summary>
    /// Row by row, as X lies in memory: each row's block of columns is added into the block's partials, four rows per
    /// pass so that a partial is loaded and stored once per four fused multiply-adds — still one chain per column over
    /// the rows in order. The first chunk's partials are the gradient itself; a later chunk's go to a stack block
    /// first and are then added in, in chunk order.
    /// </summary>
    private static void RowByRow<T, TVec, TOps>(ReadOnlySpan<T> x, int columns, ReadOnlySpan<T> delta, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int rows = delta.Length;
        int block = BlockBytes / Unsafe.SizeOf<T>();
        Span<T> scratch = stackalloc T[block];
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(delta);
        for (int chunk = 0; chunk < rows; chunk += ChunkRows)
        {
            int chunkEnd = Math.Min(rows, chunk + ChunkRows);
            bool first = chunk == 0;
            for (int start = 0; start < columns; start += block)
            {
                int count = Math.Min(block, columns - start);
                Span<T> partial = first ? gradient.Slice(start, count) : scratch[..count];
                partial.Clear();
                ref T p = ref MemoryMarshal.GetReference(partial);
                ref T xBlock = ref Unsafe.Add(ref xRef, start);
                // Columns before X's rows reach a vector boundary, and after the last whole vector, go one at a time:
                // for X rows a multiple of a vector long, no load of X straddles two cache lines.
                int lead = count >= 16 * TOps.Count ? VectorAlignment.ElementsToBoundary<T, TVec>(ref xBlock) : 0;
                int vectorEnd = lead + (count - lead) / TOps.Count * TOps.Count;
                int i = chunk;
                for (; i + 4 <= chunkEnd; i += 4)
                {
                    T e0 = Unsafe.Add(ref dRef, i), e1 = Unsafe.Add(ref dRef, i + 1), e2 = Unsafe.Add(ref dRef, i + 2), e3 = Unsafe.Add(ref dRef, i + 3);
                    TVec d0 = TOps.Create(e0), d1 = TOps.Create(e1), d2 = TOps.Create(e2), d3 = TOps.Create(e3);
                    ref T x0 = ref Unsafe.Add(ref xBlock, i * columns);
                    ref T x1 = ref Unsafe.Add(ref x0, columns);
                    ref T x2 = ref Unsafe.Add(ref x1, columns);
                    ref T x3 = ref Unsafe.Add(ref x2, columns);
                    for (int j = 0; j < lead; j++)
                    {
                        Unsafe.Add(ref p, j) = FourRowsOfOneColumn(ref x0, ref x1, ref x2, ref x3, e0, e1, e2, e3, j, Unsafe.Add(ref p, j));
                    }
                    for (int j = lead; j < vectorEnd; j += TOps.Count)
                    {
                        TVec acc = TOps.Load(ref p, (nuint)j);
                        acc = TOps.FusedMultiplyAdd(TOps.Load(ref x0, (nuint)j), d0, acc);
                        acc = TOps.FusedMultiplyAdd(TOps.Load(ref x1, (nuint)j), d1, acc);
                        acc = TOps.FusedMultiplyAdd(TOps.Load(ref x2, (nuint)j), d2, acc);
                        acc = TOps.FusedMultiplyAdd(TOps.Load(ref x3, (nuint)j), d3, acc);
                        TOps.Store(acc, ref p, (nuint)j);
                    }
                    for (int j = vectorEnd; j < count; j++)
                    {
                        Unsafe.Add(ref p, j) = FourRowsOfOneColumn(ref x0, ref x1, ref x2, ref x3, e0, e1, e2, e3, j, Unsafe.Add(ref p, j));
                    }
                }
                for (; i < chunkEnd; i++)
                {
                    T e = Unsafe.Add(ref dRef, i);
                    TVec d = TOps.Create(e);
                    ref T xi = ref Unsafe.Add(ref xBlock, i * columns);
                    for (int j = 0; j < lead; j++)
                    {
                        Unsafe.Add(ref p, j) = ScalarOps<T>.FusedMultiplyAdd(Unsafe.Add(ref xi, j), e, Unsafe.Add(ref p, j));
                    }
                    for (int j = lead; j < vectorEnd; j += TOps.Count)
                    {
                        TOps.Store(TOps.FusedMultiplyAdd(TOps.Load(ref xi, (nuint)j), d, TOps.Load(ref p, (nuint)j)), ref p, (nuint)j);
                    }
                    for (int j = vectorEnd; j < count; j++)
                    {
                        Unsafe.Add(ref p, j) = ScalarOps<T>.FusedMultiplyAdd(Unsafe.Add(ref xi, j), e, Unsafe.Add(ref p, j));
                    }
                }
                if (!first)
                {
                    // g = g + p, element by element: any width gives the same bits.
                    System.Numerics.Tensors.TensorPrimitives.Add(gradient.Slice(start, count), partial, gradient.Slice(start, count));
                }
            }
        }
    }

    /// <summary>Column j's chain over four consecutive rows, one element at a time: the vector loop's lanes, one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T FourRowsOfOneColumn<T>(ref T x0, ref T x1, ref T x2, ref T x3, T e0, T e1, T e2, T e3, int j, T acc)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        acc = ScalarOps<T>.FusedMultiplyAdd(Unsafe.Add(ref x0, j), e0, acc);
        acc = ScalarOps<T>.FusedMultiplyAdd(Unsafe.Add(ref x1, j), e1, acc);
        acc = ScalarOps<T>.FusedMultiplyAdd(Unsafe.Add(ref x2, j), e2, acc);
        return ScalarOps<T>.FusedMultiplyAdd(Unsafe.Add(ref x3, j), e3, acc);
    }

    /// <summary>Four column vectors per pass, each a chain in a register down the chunk's rows.</summary>
    private static void InRegisters<T, TVec, TOps>(ReadOnlySpan<T> x, int columns, ReadOnlySpan<T> delta, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int rows = delta.Length;
        int width = TOps.Count;
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(delta);
        ref T gRef = ref MemoryMarshal.GetReference(gradient);
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
