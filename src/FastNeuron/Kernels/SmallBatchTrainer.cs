using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FastNeuron.Common;

namespace FastNeuron.Kernels;

/// <summary>
/// Whole training iterations for a batch that fits in one register: rows ≤ lanes and columns ≤ lanes (the
/// seed's 4 × 3 fits one Vector128&lt;float&gt;). Weights, sums, outputs and deltas stay in registers for all
/// iterations, which removes the per-kernel calls and loops that dominate such a small problem.
/// </summary>
/// <remarks>
/// The bits are the contract's (docs/numerics.md), because every lane runs the same chains in the same order:
/// z (one lane per row) is the sequential chain z = fma(X[i, j], w[j], z) over j from +0, since columns &lt; K;
/// the sigmoid and the delta are element-wise; g (one lane per column) is the sequential chain
/// g = fma(X[i, j], δ[i], g) over i from +0, one row chunk; the bias gradient is δ[0] + δ[1] + … from +0; the
/// update is w + η·g. Padding lanes hold zeros and are never read back.
/// </remarks>
internal static class SmallBatchTrainer
{
    /// <summary>
    /// The narrowest vector width, up to <paramref name="widest"/>, whose one register holds the batch (rows and
    /// columns ≤ lanes), or <see cref="VectorWidth.Scalar"/> when none does: on a latency-bound problem this size, a
    /// wider register only adds latency. Every width gives the same bits.
    /// </summary>
    public static VectorWidth NarrowestFit<T>(int rows, int columns, VectorWidth widest)
        where T : unmanaged
    {
        int needed = Math.Max(rows, columns) * Unsafe.SizeOf<T>() * 8;
        foreach (VectorWidth width in (ReadOnlySpan<VectorWidth>)[VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512])
        {
            if (width <= widest && needed <= (int)width)
            {
                return width;
            }
        }
        return VectorWidth.Scalar;
    }

    /// <summary><see cref="Train{T, TVec, TOps}"/> at <paramref name="width"/> (a vector width that fits the batch).</summary>
    public static int Train<T>(VectorWidth width, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> weights, ref T bias,
        bool useBias, T learningRate, int iterations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var func = new TrainFunc<T>(inputs, targets, weights, ref bias, useBias, learningRate, iterations);
        return WidthDispatch.Run<T, TrainFunc<T>, int>(width, ref func);
    }

    /// <summary>
    /// Runs up to <paramref name="iterations"/> iterations, updating <paramref name="weights"/> and
    /// <paramref name="bias"/> after each finite one. Returns 0, or the 1-based iteration whose update was not finite.
    /// </summary>
    public static int Train<T, TVec, TOps>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> weights, ref T bias,
        bool useBias, T learningRate, int iterations)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        int rows = targets.Length;
        int columns = weights.Length;
        int lanes = TOps.Count;

        // Column j of X as a vector of rows, and row i of X as a vector of columns, zero-padded.
        Span<T> byColumn = stackalloc T[lanes * lanes];
        Span<T> byRow = stackalloc T[lanes * lanes];
        Span<T> scratch = stackalloc T[lanes];
        byColumn.Clear();
        byRow.Clear();
        scratch.Clear();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                byColumn[j * lanes + i] = inputs[i * columns + j];
                byRow[i * lanes + j] = inputs[i * columns + j];
            }
        }
        ref T columnRef = ref MemoryMarshal.GetReference(byColumn);
        ref T rowRef = ref MemoryMarshal.GetReference(byRow);
        ref T scratchRef = ref MemoryMarshal.GetReference(scratch);

        targets.CopyTo(scratch);
        TVec y = TOps.Load(ref scratchRef, 0);
        scratch.Clear();
        weights.CopyTo(scratch);
        TVec w = TOps.Load(ref scratchRef, 0);
        TVec rate = TOps.Create(learningRate);
        T b = bias;

        int failedIteration = 0;
        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            TVec z = TOps.Create(T.Zero);
            for (int j = 0; j < columns; j++)
            {
                z = TOps.FusedMultiplyAdd(TOps.Load(ref columnRef, (nuint)(j * lanes)), TOps.Broadcast(w, j), z);
            }
            if (useBias)
            {
                z = TOps.Add(z, TOps.Create(b));
            }
            TVec o = SigmoidOperator.Invoke<T, TVec, TOps>(z);
            TVec delta = SigmoidDeltaOperator.Invoke<T, TVec, TOps>(y, o);

            TVec g = TOps.Create(T.Zero);
            for (int i = 0; i < rows; i++)
            {
                g = TOps.FusedMultiplyAdd(TOps.Load(ref rowRef, (nuint)(i * lanes)), TOps.Broadcast(delta, i), g);
            }
            T nextBias = b;
            if (useBias)
            {
                TOps.Store(delta, ref scratchRef, 0);
                T sum = T.Zero;
                for (int i = 0; i < rows; i++)
                {
                    sum += Unsafe.Add(ref scratchRef, i);
                }
                nextBias = b + learningRate * sum;
            }
            TVec next = TOps.Add(w, TOps.Multiply(rate, g));

            TOps.Store(next, ref scratchRef, 0);
            bool finite = T.IsFinite(nextBias);
            for (int j = 0; j < columns; j++)
            {
                finite &= T.IsFinite(Unsafe.Add(ref scratchRef, j));
            }
            if (!finite)
            {
                failedIteration = iteration;
                break;
            }
            w = next;
            b = nextBias;
        }
        TOps.Store(w, ref scratchRef, 0);
        scratch[..columns].CopyTo(weights);
        bias = b;
        return failedIteration;
    }

    private readonly ref struct TrainFunc<T> : IWidthFunc<T, int>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _inputs;
        private readonly ReadOnlySpan<T> _targets;
        private readonly Span<T> _weights;
        private readonly ref T _bias;
        private readonly bool _useBias;
        private readonly T _learningRate;
        private readonly int _iterations;

        public TrainFunc(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> weights, ref T bias, bool useBias, T learningRate, int iterations)
        {
            _inputs = inputs;
            _targets = targets;
            _weights = weights;
            _bias = ref bias;
            (_useBias, _learningRate, _iterations) = (useBias, learningRate, iterations);
        }

        public int Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => Train<T, TVec, TOps>(_inputs, _targets, _weights, ref _bias, _useBias, _learningRate, _iterations);
    }
}
