using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FastNeuron.Common;

namespace FastNeuron.Kernels.Dense;

/// <summary>
/// The forward pass z = x·W + b for big layers and many rows, blocked for the caches the way BLIS blocks a matrix
/// product, with the same bits as <see cref="DenseForward"/>: each element is still
/// <c>((p₀ + p₁) + (p₂ + p₃)) + b</c> with pᵣ the chain of fused multiply-adds over the inputs k ≡ r (mod 4) in
/// increasing k, from +0.
/// </summary>
/// <remarks>
/// <para>W is first packed into panels of 64 bytes of units (<see cref="Pack{T}"/>): panel p holds units
/// p·P … p·P + P − 1 for every input, the inputs grouped by their residue mod 4 (each group in increasing k), so
/// that each pass of the micro-kernel (one residue) streams one run of consecutive memory. Unpacked, consecutive inputs of a unit lie a whole layer row apart, which for wide layers maps them onto a
/// few L1 sets that evict each other.</para>
/// <para>The four partials of an element are independent chains, so the micro-kernel computes them one after the
/// other: for a group of rows and four vectors of units, partial r is the chain over k = r, r + 4, r + 8, … with one
/// accumulator per (row, vector) — 24 accumulators for six rows on AVX-512; on the 16-register widths the four
/// vectors go as two tiles of six rows × two vectors, 12 accumulators each — and goes to a small scratch; then
/// z = ((p₀ + p₁) + (p₂ + p₃)) + b. Each FMA's operands are then one broadcast per row and one weight load per
/// vector (10 loads for 24 FMAs on AVX-512, where the row-major kernel needs 5 for 4). The rows of the group stay in L1 while the weights stream from L2 in panel order.</para>
/// </remarks>
internal static partial class DenseForwardBlocked
{
    /// <summary>Vectors of units per micro-tile (NR).</summary>
    private const int TileVectors = 4;

    /// <summary>Rows per micro-tile: 6 × 4 vectors on AVX-512 (32 registers), two tiles of 6 × 2 on the 16-register widths.</summary>
    private const int TileRows = 6;

    /// <summary>Units per panel: 64 bytes of T.</summary>
    public static int PanelUnits<T>() => DenseLayout.BlockBytes / Unsafe.SizeOf<T>();

    /// <summary>Values in the partials scratch <see cref="Invoke{T, TVec, TOps}"/> needs: 4 partials × 6 rows × 4 vectors of 64 bytes.</summary>
    public static int ScratchValues<T>() => 4 * TileRows * TileVectors * PanelUnits<T>();

    /// <summary>
    /// Whether blocking pays for a layer: W over 64 KB (beyond L1) and at least 32 rows to spread the packing over
    /// (measured on 784-256-128-10: a training batch of 64 went from 577 to 488 µs with it).
    /// </summary>
    public static bool Pays<T>(int rows, int inputs, int stride)
        => rows >= 32 && BeyondL1<T>((long)inputs * stride);

    /// <summary>Whether a layer of <paramref name="weights"/> values is over 64 KB: beyond L1, where packing pays.</summary>
    public static bool BeyondL1<T>(long weights) => weights * Unsafe.SizeOf<T>() > 64 * 1024;

    /// <summary>
    /// packed[(p·inputs + Position(k))·P + j] = w[k·stride + p·P + j] for every panel p of P units: within a panel the
    /// inputs go residue by residue (k ≡ 0 (mod 4) first, in increasing k, then k ≡ 1, …), so that each of the
    /// micro-kernel's four passes streams one run of consecutive memory.
    /// </summary>
    /// <remarks>
    /// Row by row: each input's whole row of W is read in order and its 64-byte pieces go to their panels. Panel by
    /// panel instead, the reads went down a column of W a row (1 KB at 784 × 256) apart, a new 4 KB page every four
    /// reads, and took 21 µs where this takes 14 (DenseStepBenchmarks.PackWeights784x256).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack<T>(ReadOnlySpan<T> w, int inputs, int stride, Span<T> packed)
        where T : unmanaged
    {
        int units = PanelUnits<T>(), panels = stride / units;
        long values = (long)inputs * stride;
        if (inputs < 0 || stride < 0 || w.Length < values || packed.Length < values || stride % units != 0)
        {
            throw new ArgumentException($"Pack needs {inputs} × {stride} weights and as many packed values, the stride whole 64-byte blocks; it got {w.Length} and {packed.Length}.");
        }
        ref Block row = ref Unsafe.As<T, Block>(ref MemoryMarshal.GetReference(w));
        ref Block target = ref Unsafe.As<T, Block>(ref MemoryMarshal.GetReference(packed));
        for (int k = 0; k < inputs; k++, row = ref Unsafe.Add(ref row, panels))
        {
            ref Block to = ref Unsafe.Add(ref target, Position(k, inputs));
            for (int p = 0; p < panels; p++)
            {
                Unsafe.Add(ref to, p * inputs) = Unsafe.Add(ref row, p);
            }
        }
    }

    /// <summary>64 bytes of W: one input's weights to one panel's units, which <see cref="Pack{T}"/> moves whole.</summary>
    private struct Block
    {
#pragma warning disable CS0649 // never read field by field: the struct is only copied whole
        public Vector512<byte> Bytes;
#pragma warning restore CS0649
    }

    /// <summary>Where input k sits in a panel: after every input of a smaller residue mod 4, then (k − r)/4 into its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Position(int k, int inputs) => ResidueStart(k & 3, inputs) + (k >> 2);

    /// <summary>The position of the first input k ≡ r (mod 4) in a panel: the count of inputs of residues 0 … r − 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ResidueStart(int r, int inputs) => r * (inputs >> 2) + Math.Min(r, inputs & 3);

    /// <summary>
    /// z (rows × stride) = x (rows × inputs, row stride <paramref name="xStride"/>) · W + bias, from W packed by
    /// <see cref="Pack{T}"/>; <paramref name="partials"/> holds <see cref="ScratchValues{T}"/> values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invoke<T, TVec, TOps>(ref T x, int xStride, int rows, int inputs, ref T packed, int stride, ref T bias, bool useBias, ref T z, ref T partials)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int count = TOps.Count, step = PanelUnits<T>();
        int vectors = stride / count;
        int wholeVectors = vectors - vectors % TileVectors;
        for (int v = 0; v < wholeVectors; v += TileVectors)
        {
            ref T w0 = ref Column(ref packed, v * count, inputs, step);
            ref T w1 = ref Column(ref packed, (v + 1) * count, inputs, step);
            ref T w2 = ref Column(ref packed, (v + 2) * count, inputs, step);
            ref T w3 = ref Column(ref packed, (v + 3) * count, inputs, step);
            ref T b = ref Unsafe.Add(ref bias, v * count);
            int i = 0;
            for (; i + TileRows <= rows; i += TileRows)
            {
                ref T xi = ref Unsafe.Add(ref x, i * xStride);
                ref T zi = ref Unsafe.Add(ref z, i * stride + v * count);
                if (Unsafe.SizeOf<TVec>() == 64)
                {
                    // AVX-512's 32 registers: six rows × four vectors = 24 accumulators, four weights, the broadcasts.
                    Tile6<T, TVec, TOps>(ref xi, xStride, inputs, ref w0, ref w1, ref w2, ref w3, step, ref b, useBias, ref zi, stride, ref partials);
                }
                else
                {
                    // The 16 registers: six rows × two vectors, twice (DenseForwardBlocked.SixRowsTwoVectors.cs).
                    SixRowsTwoVectors<T, TVec, TOps>(ref xi, xStride, inputs, ref w0, ref w1, step, ref b, useBias, ref zi, stride, ref partials);
                    SixRowsTwoVectors<T, TVec, TOps>(ref xi, xStride, inputs, ref w2, ref w3, step, ref Unsafe.Add(ref b, 2 * count), useBias,
                        ref Unsafe.Add(ref zi, 2 * count), stride, ref partials);
                }
            }
            for (; i + 2 <= rows; i += 2)
            {
                Tile2<T, TVec, TOps>(ref Unsafe.Add(ref x, i * xStride), xStride, inputs, ref w0, ref w1, ref w2, ref w3, step,
                    ref b, useBias, ref Unsafe.Add(ref z, i * stride + v * count), stride, ref partials);
            }
            for (; i < rows; i++)
            {
                Tile1<T, TVec, TOps>(ref Unsafe.Add(ref x, i * xStride), xStride, inputs, ref w0, ref w1, ref w2, ref w3, step,
                    ref b, useBias, ref Unsafe.Add(ref z, i * stride + v * count), stride, ref partials);
            }
        }
        for (int v = wholeVectors; v < vectors; v++)
        {
            ref T column = ref Column(ref packed, v * count, inputs, step);
            TVec b = useBias ? TOps.Load(ref bias, (nuint)(v * count)) : TOps.Create(T.Zero);
            for (int i = 0; i < rows; i++)
            {
                OneVector<T, TVec, TOps>(ref Unsafe.Add(ref x, i * xStride), inputs, ref column, step, b, useBias, ref Unsafe.Add(ref z, i * stride + v * count));
            }
        }
    }

    /// <summary>Unit <paramref name="unit"/>'s weight for input 0 in the packed panels; input k's is <paramref name="step"/>·k further.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Column<T>(ref T packed, int unit, int inputs, int step)
        => ref Unsafe.Add(ref packed, unit / step * inputs * step + unit % step);

    /// <summary>6 rows × 4 vectors: partial r for every (row, vector) over k ≡ r (mod 4), into the scratch; then the sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile6<T, TVec, TOps>(ref T x, int xStride, int inputs, ref T w0, ref T w1, ref T w2, ref T w3, int step,
        ref T bias, bool useBias, ref T z, int zStride, ref T partials)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        nuint n = (nuint)TOps.Count, s1 = (nuint)step;
        ref T x1 = ref Unsafe.Add(ref x, 1 * xStride);
        ref T x2 = ref Unsafe.Add(ref x, 2 * xStride);
        ref T x3 = ref Unsafe.Add(ref x, 3 * xStride);
        ref T x4 = ref Unsafe.Add(ref x, 4 * xStride);
        ref T x5 = ref Unsafe.Add(ref x, 5 * xStride);
        for (int r = 0; r < 4; r++)
        {
            TVec a00 = TOps.Create(T.Zero), a01 = TOps.Create(T.Zero), a02 = TOps.Create(T.Zero), a03 = TOps.Create(T.Zero), a10 = TOps.Create(T.Zero), a11 = TOps.Create(T.Zero), a12 = TOps.Create(T.Zero), a13 = TOps.Create(T.Zero), a20 = TOps.Create(T.Zero), a21 = TOps.Create(T.Zero), a22 = TOps.Create(T.Zero), a23 = TOps.Create(T.Zero), a30 = TOps.Create(T.Zero), a31 = TOps.Create(T.Zero), a32 = TOps.Create(T.Zero), a33 = TOps.Create(T.Zero), a40 = TOps.Create(T.Zero), a41 = TOps.Create(T.Zero), a42 = TOps.Create(T.Zero), a43 = TOps.Create(T.Zero), a50 = TOps.Create(T.Zero), a51 = TOps.Create(T.Zero), a52 = TOps.Create(T.Zero), a53 = TOps.Create(T.Zero);
            nuint offset = (nuint)(ResidueStart(r, inputs) * step);
            for (int k = r; k < inputs; k += 4)
            {
                TVec v0 = TOps.Load(ref w0, offset), v1 = TOps.Load(ref w1, offset), v2 = TOps.Load(ref w2, offset), v3 = TOps.Load(ref w3, offset);
                TVec e0 = TOps.Create(Unsafe.Add(ref x, k));
                a00 = TOps.FusedMultiplyAdd(e0, v0, a00);
                a01 = TOps.FusedMultiplyAdd(e0, v1, a01);
                a02 = TOps.FusedMultiplyAdd(e0, v2, a02);
                a03 = TOps.FusedMultiplyAdd(e0, v3, a03);
                TVec e1 = TOps.Create(Unsafe.Add(ref x1, k));
                a10 = TOps.FusedMultiplyAdd(e1, v0, a10);
                a11 = TOps.FusedMultiplyAdd(e1, v1, a11);
                a12 = TOps.FusedMultiplyAdd(e1, v2, a12);
                a13 = TOps.FusedMultiplyAdd(e1, v3, a13);
                TVec e2 = TOps.Create(Unsafe.Add(ref x2, k));
                a20 = TOps.FusedMultiplyAdd(e2, v0, a20);
                a21 = TOps.FusedMultiplyAdd(e2, v1, a21);
                a22 = TOps.FusedMultiplyAdd(e2, v2, a22);
                a23 = TOps.FusedMultiplyAdd(e2, v3, a23);
                TVec e3 = TOps.Create(Unsafe.Add(ref x3, k));
                a30 = TOps.FusedMultiplyAdd(e3, v0, a30);
                a31 = TOps.FusedMultiplyAdd(e3, v1, a31);
                a32 = TOps.FusedMultiplyAdd(e3, v2, a32);
                a33 = TOps.FusedMultiplyAdd(e3, v3, a33);
                TVec e4 = TOps.Create(Unsafe.Add(ref x4, k));
                a40 = TOps.FusedMultiplyAdd(e4, v0, a40);
                a41 = TOps.FusedMultiplyAdd(e4, v1, a41);
                a42 = TOps.FusedMultiplyAdd(e4, v2, a42);
                a43 = TOps.FusedMultiplyAdd(e4, v3, a43);
                TVec e5 = TOps.Create(Unsafe.Add(ref x5, k));
                a50 = TOps.FusedMultiplyAdd(e5, v0, a50);
                a51 = TOps.FusedMultiplyAdd(e5, v1, a51);
                a52 = TOps.FusedMultiplyAdd(e5, v2, a52);
                a53 = TOps.FusedMultiplyAdd(e5, v3, a53);
                offset += s1;
            }
            ref T slot = ref Unsafe.Add(ref partials, r * 24 * TOps.Count);
            TOps.Store(a00, ref slot, 0 * n);
            TOps.Store(a01, ref slot, 1 * n);
            TOps.Store(a02, ref slot, 2 * n);
            TOps.Store(a03, ref slot, 3 * n);
            TOps.Store(a10, ref slot, 4 * n);
            TOps.Store(a11, ref slot, 5 * n);
            TOps.Store(a12, ref slot, 6 * n);
            TOps.Store(a13, ref slot, 7 * n);
            TOps.Store(a20, ref slot, 8 * n);
            TOps.Store(a21, ref slot, 9 * n);
            TOps.Store(a22, ref slot, 10 * n);
            TOps.Store(a23, ref slot, 11 * n);
            TOps.Store(a30, ref slot, 12 * n);
            TOps.Store(a31, ref slot, 13 * n);
            TOps.Store(a32, ref slot, 14 * n);
            TOps.Store(a33, ref slot, 15 * n);
            TOps.Store(a40, ref slot, 16 * n);
            TOps.Store(a41, ref slot, 17 * n);
            TOps.Store(a42, ref slot, 18 * n);
            TOps.Store(a43, ref slot, 19 * n);
            TOps.Store(a50, ref slot, 20 * n);
            TOps.Store(a51, ref slot, 21 * n);
            TOps.Store(a52, ref slot, 22 * n);
            TOps.Store(a53, ref slot, 23 * n);
        }
        CombinePartials<T, TVec, TOps>(ref partials, 6, 4, ref bias, useBias, ref z, zStride);
    }

    /// <summary>2 rows × 4 vectors: partial r for every (row, vector) over k ≡ r (mod 4), into the scratch; then the sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile2<T, TVec, TOps>(ref T x, int xStride, int inputs, ref T w0, ref T w1, ref T w2, ref T w3, int step,
        ref T bias, bool useBias, ref T z, int zStride, ref T partials)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        nuint n = (nuint)TOps.Count, s1 = (nuint)step;
        ref T x1 = ref Unsafe.Add(ref x, 1 * xStride);
        for (int r = 0; r < 4; r++)
        {
            TVec a00 = TOps.Create(T.Zero), a01 = TOps.Create(T.Zero), a02 = TOps.Create(T.Zero), a03 = TOps.Create(T.Zero), a10 = TOps.Create(T.Zero), a11 = TOps.Create(T.Zero), a12 = TOps.Create(T.Zero), a13 = TOps.Create(T.Zero);
            nuint offset = (nuint)(ResidueStart(r, inputs) * step);
            for (int k = r; k < inputs; k += 4)
            {
                TVec v0 = TOps.Load(ref w0, offset), v1 = TOps.Load(ref w1, offset), v2 = TOps.Load(ref w2, offset), v3 = TOps.Load(ref w3, offset);
                TVec e0 = TOps.Create(Unsafe.Add(ref x, k));
                a00 = TOps.FusedMultiplyAdd(e0, v0, a00);
                a01 = TOps.FusedMultiplyAdd(e0, v1, a01);
                a02 = TOps.FusedMultiplyAdd(e0, v2, a02);
                a03 = TOps.FusedMultiplyAdd(e0, v3, a03);
                TVec e1 = TOps.Create(Unsafe.Add(ref x1, k));
                a10 = TOps.FusedMultiplyAdd(e1, v0, a10);
                a11 = TOps.FusedMultiplyAdd(e1, v1, a11);
                a12 = TOps.FusedMultiplyAdd(e1, v2, a12);
                a13 = TOps.FusedMultiplyAdd(e1, v3, a13);
                offset += s1;
            }
            ref T slot = ref Unsafe.Add(ref partials, r * 8 * TOps.Count);
            TOps.Store(a00, ref slot, 0 * n);
            TOps.Store(a01, ref slot, 1 * n);
            TOps.Store(a02, ref slot, 2 * n);
            TOps.Store(a03, ref slot, 3 * n);
            TOps.Store(a10, ref slot, 4 * n);
            TOps.Store(a11, ref slot, 5 * n);
            TOps.Store(a12, ref slot, 6 * n);
            TOps.Store(a13, ref slot, 7 * n);
        }
        CombinePartials<T, TVec, TOps>(ref partials, 2, 4, ref bias, useBias, ref z, zStride);
    }

    /// <summary>1 row × 4 vectors: partial r for every (row, vector) over k ≡ r (mod 4), into the scratch; then the sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1<T, TVec, TOps>(ref T x, int xStride, int inputs, ref T w0, ref T w1, ref T w2, ref T w3, int step,
        ref T bias, bool useBias, ref T z, int zStride, ref T partials)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        nuint n = (nuint)TOps.Count, s1 = (nuint)step;
        for (int r = 0; r < 4; r++)
        {
            TVec a00 = TOps.Create(T.Zero), a01 = TOps.Create(T.Zero), a02 = TOps.Create(T.Zero), a03 = TOps.Create(T.Zero);
            nuint offset = (nuint)(ResidueStart(r, inputs) * step);
            for (int k = r; k < inputs; k += 4)
            {
                TVec v0 = TOps.Load(ref w0, offset), v1 = TOps.Load(ref w1, offset), v2 = TOps.Load(ref w2, offset), v3 = TOps.Load(ref w3, offset);
                TVec e0 = TOps.Create(Unsafe.Add(ref x, k));
                a00 = TOps.FusedMultiplyAdd(e0, v0, a00);
                a01 = TOps.FusedMultiplyAdd(e0, v1, a01);
                a02 = TOps.FusedMultiplyAdd(e0, v2, a02);
                a03 = TOps.FusedMultiplyAdd(e0, v3, a03);
                offset += s1;
            }
            ref T slot = ref Unsafe.Add(ref partials, r * 4 * TOps.Count);
            TOps.Store(a00, ref slot, 0 * n);
            TOps.Store(a01, ref slot, 1 * n);
            TOps.Store(a02, ref slot, 2 * n);
            TOps.Store(a03, ref slot, 3 * n);
        }
        CombinePartials<T, TVec, TOps>(ref partials, 1, 4, ref bias, useBias, ref z, zStride);
    }

    /// <summary>
    /// z = ((p₀ + p₁) + (p₂ + p₃)) + b for a tile of <paramref name="tileRows"/> × <paramref name="tileVectors"/>
    /// vectors whose partials lie in the scratch residue by residue, each residue's (row, vector) in row-major order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CombinePartials<T, TVec, TOps>(ref T partials, int tileRows, int tileVectors, ref T bias, bool useBias, ref T z, int zStride)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        nuint n = (nuint)TOps.Count, part = (nuint)(tileRows * tileVectors) * n;
        for (int j = 0; j < tileVectors; j++)
        {
            TVec b = useBias ? TOps.Load(ref bias, (nuint)j * n) : TOps.Create(T.Zero);
            for (int i = 0; i < tileRows; i++)
            {
                nuint at = (nuint)(i * tileVectors + j) * n;
                TVec sum = TOps.Add(TOps.Add(TOps.Load(ref partials, at), TOps.Load(ref partials, at + part)),
                    TOps.Add(TOps.Load(ref partials, at + 2 * part), TOps.Load(ref partials, at + 3 * part)));
                if (useBias) sum = TOps.Add(sum, b);
                TOps.Store(sum, ref z, (nuint)(i * zStride) + (nuint)j * n);
            }
        }
    }

    /// <summary>One row, one vector of units: the four partials together (as <see cref="DenseForward"/>'s single row does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneVector<T, TVec, TOps>(ref T x, int inputs, ref T column, int step, TVec b, bool useBias, ref T z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        TVec p0 = TOps.Create(T.Zero), p1 = p0, p2 = p0, p3 = p0;
        ref T w0 = ref column;
        ref T w1 = ref Unsafe.Add(ref column, ResidueStart(1, inputs) * step);
        ref T w2 = ref Unsafe.Add(ref column, ResidueStart(2, inputs) * step);
        ref T w3 = ref Unsafe.Add(ref column, ResidueStart(3, inputs) * step);
        int k = 0;
        for (int m = 0; k + 4 <= inputs; k += 4, m++)
        {
            nuint at = (nuint)(m * step);
            p0 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x, k)), TOps.Load(ref w0, at), p0);
            p1 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x, k + 1)), TOps.Load(ref w1, at), p1);
            p2 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x, k + 2)), TOps.Load(ref w2, at), p2);
            p3 = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x, k + 3)), TOps.Load(ref w3, at), p3);
        }
        // The last inputs % 4 go to partials 0, 1, 2: partial r still holds exactly the k ≡ r (mod 4).
        for (int r = 0; k < inputs; k++, r++)
        {
            TVec e = TOps.FusedMultiplyAdd(TOps.Create(Unsafe.Add(ref x, k)), TOps.Load(ref column, (nuint)(Position(k, inputs) * step)), r == 0 ? p0 : r == 1 ? p1 : p2);
            if (r == 0) p0 = e; else if (r == 1) p1 = e; else p2 = e;
        }
        TVec sum = TOps.Add(TOps.Add(p0, p1), TOps.Add(p2, p3));
        if (useBias) sum = TOps.Add(sum, b);
        TOps.Store(sum, ref z, 0);
    }
}
