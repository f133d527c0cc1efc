using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FastNeuron.Common;
using FastNeuron.Kernels;
using FastNeuron.Training;

namespace FastNeuron.Tests;

/// <summary>
/// z[i] = Σ x[i, j]·w[j] for the first rows of a row-major x (stride = columns); returns how many leading rows it
/// computed (a body that works on blocks of rows, or needs a CPU feature, computes fewer or none).
/// </summary>
internal delegate int WeightedSumsBody<T>(ReadOnlySpan<T> x, int rows, int columns, ReadOnlySpan<T> w, Span<T> z);

/// <summary>
/// One full-batch training iteration with a bias: next = w + η·Xᵀδ, returning b + η·Σδ, for δ = (y − o)·o(1 − o),
/// o = σ(Xw + b). Every weighted sum, every chunked reduction (the gradient's chunk fold, Σδ) runs inside it.
/// </summary>
internal delegate T IterationBody<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, T bias, T rate, Span<T> next);

internal sealed record WeightedSumsVariant<T>(string Name, WeightedSumsBody<T> Body)
{
    public override string ToString() => Name;
}

/// <summary>An implementation of the iteration, for the shapes <see cref="Fits"/> accepts (rows, columns).</summary>
internal sealed record IterationVariant<T>(string Name, Func<int, int, bool> Fits, IterationBody<T> Body)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every implementation of the weighted-sum and chunked-reduction bit contracts (docs/numerics.md), each a named
/// delegate at every width, in one list that <see cref="KernelVariantTests"/> runs against the scalar reference: a
/// new body is tested by adding it here. Vector256/512 are called directly, so they run in software where the CPU
/// does not accelerate them.
/// </summary>
internal static class KernelVariants<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static IReadOnlyList<WeightedSumsVariant<T>> WeightedSums { get; } =
    [
        .. SumsAt<T, ScalarOps<T>>("Scalar", VectorWidth.Scalar),
        .. SumsAt<Vector128<T>, Vector128Ops<T>>("Vector128", VectorWidth.Vector128),
        .. SumsAt<Vector256<T>, Vector256Ops<T>>("Vector256", VectorWidth.Vector256),
        .. SumsAt<Vector512<T>, Vector512Ops<T>>("Vector512", VectorWidth.Vector512),
        .. RowBlocks(),
    ];

    public static IReadOnlyList<IterationVariant<T>> Iterations { get; } =
    [
        .. IterationsAt<T, ScalarOps<T>>("Scalar", VectorWidth.Scalar),
        .. IterationsAt<Vector128<T>, Vector128Ops<T>>("Vector128", VectorWidth.Vector128),
        .. IterationsAt<Vector256<T>, Vector256Ops<T>>("Vector256", VectorWidth.Vector256),
        .. IterationsAt<Vector512<T>, Vector512Ops<T>>("Vector512", VectorWidth.Vector512),
    ];

    /// <summary>The reference: <see cref="DotProduct.Scalar{T}"/> per row.</summary>
    public static int ReferenceWeightedSums(ReadOnlySpan<T> x, int rows, int columns, ReadOnlySpan<T> w, Span<T> z)
    {
        for (int i = 0; i < rows; i++) z[i] = DotProduct.Scalar(x.Slice(i * columns, columns), w);
        return rows;
    }

    /// <summary>The reference: the textbook two passes, each step the scalar kernel.</summary>
    public static T ReferenceIteration(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, T bias, T rate, Span<T> next)
    {
        int rows = y.Length, columns = w.Length;
        var z = new T[rows];
        var d = new T[rows];
        var g = new T[columns];
        for (int i = 0; i < rows; i++) z[i] = DotProduct.Scalar(x.Slice(i * columns, columns), w) + bias;
        for (int i = 0; i < rows; i++)
        {
            T o = SigmoidOperator.Invoke<T, T, ScalarOps<T>>(z[i]);
            d[i] = (y[i] - o) * (o * (T.One - o));
        }
        Gradient.Scalar(x, columns, d, g);
        WeightUpdate.Scalar(w, g, rate, next);
        return bias + rate * Gradient.SumOfDeltas<T>(d);
    }

    private static IEnumerable<WeightedSumsVariant<T>> SumsAt<TVec, TOps>(string width, VectorWidth vectorWidth)
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        yield return new($"DotProduct at {width}", (x, rows, columns, w, z) =>
        {
            for (int i = 0; i < rows; i++) z[i] = DotProduct.Invoke<T, TVec, TOps>(x.Slice(i * columns, columns), w);
            return rows;
        });
        yield return new($"WidthKernelSet.WeightedSums at {width}", (x, rows, columns, w, z) =>
        {
            WidthKernelSet<T, TVec, TOps>.WeightedSums(x[..(rows * columns)], w, T.Zero, false, z[..rows]);
            return rows;
        });
        yield return new($"NeuronKernels.WeightedSums at {width}", (x, rows, columns, w, z) =>
        {
            if (columns == 0) return 0;
            NeuronKernels.WeightedSums(x[..(rows * columns)], w, z[..rows], vectorWidth);
            return rows;
        });
    }

    private delegate Vector256<float> EightRows(ref float first, int columns, ref float w);

    /// <summary>RowBlockDot's three bodies (float32, x86 with AVX2): 8 rows at a time.</summary>
    private static IEnumerable<WeightedSumsVariant<T>> RowBlocks()
    {
        if (typeof(T) != typeof(float)) yield break;
        yield return new("RowBlockDot.Eight256", (x, rows, columns, w, z) => EightAtATime(x, rows, columns, w, z, RowBlockDot.IsSupported(columns), RowBlockDot.Eight256));
        yield return new("RowBlockDot.Eight512", (x, rows, columns, w, z) => EightAtATime(x, rows, columns, w, z, RowBlockDot.IsSupported(columns), RowBlockDot.Eight512));
        yield return new("RowBlockDot.EightShort256", (x, rows, columns, w, z) => EightAtATime(x, rows, columns, w, z, RowBlockDot.IsSupportedShort(columns), RowBlockDot.EightShort256));
        yield return new("RowBlockDot.SixteenShort512", SixteenShortAtATime);
    }

    /// <summary>RowBlockDot.SixteenShort512 (float32, x86 with AVX-512): 16 rows of 16 to 31 values at a time.</summary>
    private static int SixteenShortAtATime(ReadOnlySpan<T> x, int rows, int columns, ReadOnlySpan<T> w, Span<T> z)
    {
        if (!RowBlockDot.IsSupportedSixteenShort(columns)) return 0;
        ref float xf = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x));
        ref float wf = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(w));
        ref float zf = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(z));
        int done = rows - rows % 16;
        for (int r = 0; r < done; r += 16)
        {
            RowBlockDot.SixteenShort512(ref Unsafe.Add(ref xf, r * columns), columns, ref wf).StoreUnsafe(ref zf, (nuint)r);
        }
        return done;
    }

    private static int EightAtATime(ReadOnlySpan<T> x, int rows, int columns, ReadOnlySpan<T> w, Span<T> z, bool supported, EightRows body)
    {
        if (!supported) return 0;
        ref float xf = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x));
        ref float wf = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(w));
        ref float zf = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(z));
        int done = rows - rows % RowBlockDot.Rows;
        for (int r = 0; r < done; r += RowBlockDot.Rows)
        {
            body(ref Unsafe.Add(ref xf, r * columns), columns, ref wf).StoreUnsafe(ref zf, (nuint)r);
        }
        return done;
    }

    private static IEnumerable<IterationVariant<T>> IterationsAt<TVec, TOps>(string width, VectorWidth vectorWidth)
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        static bool Always(int rows, int columns) => true;
        yield return new($"WidthKernelSet (two passes) at {width}", Always, (x, y, w, bias, rate, next) =>
        {
            int rows = y.Length;
            var z = new T[rows];
            var o = new T[rows];
            var d = new T[rows];
            var g = new T[w.Length];
            WidthKernelSet<T, TVec, TOps>.WeightedSums(x, w, bias, true, z);
            WidthKernelSet<T, TVec, TOps>.Sigmoid(z, o);
            WidthKernelSet<T, TVec, TOps>.SigmoidDelta(y, o, d);
            WidthKernelSet<T, TVec, TOps>.Gradient(x, d, g);
            WidthKernelSet<T, TVec, TOps>.UpdateWeights(w, g, rate, next);
            return bias + rate * Gradient.SumOfDeltas<T>(d);
        });
        yield return new($"FusedEpoch.Chunk + ChunkFold at {width}", Always, (x, y, w, bias, rate, next) =>
        {
            int rows = y.Length, columns = w.Length;
            int chunks = Math.Max(1, (rows + Gradient.ChunkRows - 1) / Gradient.ChunkRows);
            var partials = new T[chunks * columns];
            var biasPartials = new T[chunks];
            for (int c = 0; c < chunks; c++)
            {
                int first = c * Gradient.ChunkRows, count = Math.Min(Gradient.ChunkRows, rows - first);
                biasPartials[c] = FusedEpoch.Chunk<T, TVec, TOps>(x.Slice(first * columns, count * columns), y.Slice(first, count), w, bias, true,
                    partials.AsSpan(c * columns, columns), prefetch: c % 2 == 1);
            }
            var g = new T[columns];
            ChunkFold.InOrder<T>(partials, chunks, g);
            T biasGradient = T.Zero;
            ChunkFold.InOrder<T>(biasPartials, chunks, new Span<T>(ref biasGradient));
            WeightUpdate.Scalar<T>(w, g, rate, next);
            return bias + rate * biasGradient;
        });
        foreach (int threads in new[] { 1, 2 })
        {
            yield return new($"FusedEpochRunner on {threads} thread(s) at {width}", Always, (x, y, w, bias, rate, next) => RunFused(x, y, w, bias, rate, next, vectorWidth, threads));
        }
        yield return new($"SmallBatchTrainer at {width}", (rows, columns) => rows <= TOps.Count && columns <= TOps.Count, (x, y, w, bias, rate, next) =>
        {
            w.CopyTo(next);
            T b = bias;
            Assert.Equal(0, SmallBatchTrainer.Train<T, TVec, TOps>(x, y, next[..w.Length], ref b, true, rate, 1));
            return b;
        });
    }

    private static unsafe T RunFused(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, T bias, T rate, Span<T> next, VectorWidth width, int threads)
    {
        var g = new T[w.Length];
        T biasGradient;
        fixed (T* xp = x)
        fixed (T* yp = y)
        {
            biasGradient = new FusedEpochRunner<T>().Run(xp, yp, y.Length, w.ToArray(), bias, true, width, threads, g);
        }
        WeightUpdate.Scalar<T>(w, g, rate, next);
        return bias + rate * biasGradient;
    }
}
