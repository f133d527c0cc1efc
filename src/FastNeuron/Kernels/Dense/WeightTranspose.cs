using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FastNeuron.Kernels.Dense;

/// <summary>
/// The backward pass's copy of a layer's weights, a row per output unit: each element becomes
/// <c>destination[o·inputStride + k] = weights[k·stride + o]</c> for the real inputs k and outputs o, and nothing else
/// is written (the destination's padding lanes keep their zeros). It moves values and computes nothing, so every
/// variant gives the same bits.
/// </summary>
/// <remarks>
/// A training step transposes every layer but the first once (<c>Backpropagation.TransposeWeights</c>). With AVX, blocks
/// of 8 × 8 float32 (4 × 4 float64) go through registers: 8 loads, 24 shuffles and 8 stores for 64 values, where
/// <see cref="Banded{T}"/> moves one value per load and store (DenseStepBenchmarks.TransposeWeights256x128). The edges
/// that do not fill a block, and every other CPU, take <see cref="Banded{T}"/>.
/// </remarks>
internal static class WeightTranspose
{
    /// <summary>The transpose of <paramref name="weights"/> (inputs × stride) into <paramref name="destination"/> (outputs × inputStride).</summary>
    public static void Invoke<T>(ReadOnlySpan<T> weights, int inputs, int outputs, int stride, Span<T> destination, int inputStride)
    {
        Require(weights.Length, inputs, outputs, stride, destination.Length, inputStride);
        ref T source = ref MemoryMarshal.GetReference(weights);
        ref T target = ref MemoryMarshal.GetReference(destination);
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            EightByEight(ref Unsafe.As<T, float>(ref source), inputs, outputs, stride, ref Unsafe.As<T, float>(ref target), inputStride);
        }
        else if (typeof(T) == typeof(double) && Avx.IsSupported)
        {
            FourByFour(ref Unsafe.As<T, double>(ref source), inputs, outputs, stride, ref Unsafe.As<T, double>(ref target), inputStride);
        }
        else
        {
            Banded(ref source, stride, ref target, inputStride, 0, inputs, 0, outputs);
        }
    }

    /// <summary>The portable reference, as every CPU without AVX runs it.</summary>
    public static void Reference<T>(ReadOnlySpan<T> weights, int inputs, int outputs, int stride, Span<T> destination, int inputStride)
    {
        Require(weights.Length, inputs, outputs, stride, destination.Length, inputStride);
        Banded(ref MemoryMarshal.GetReference(weights), stride, ref MemoryMarshal.GetReference(destination), inputStride, 0, inputs, 0, outputs);
    }

    /// <summary>float32 in 8 × 8 blocks through AVX registers, the edges banded (callable only where AVX is supported).</summary>
    /// <remarks>
    /// Output-major: each block column of 16 outputs walks every input, so the destination's 16 rows fill in order and
    /// each source line is read whole. Input-major, the destination's rows (a multiple of 1 KB apart at these strides)
    /// shared a few L1 sets, and every half-written line went back to L2 before its other half came: no faster than
    /// the scalar bands at 256 × 128.
    /// </remarks>
    public static void EightByEight(ref float source, int inputs, int outputs, int stride, ref float target, int inputStride)
    {
        int blockInputs = inputs & ~7, blockOutputs = outputs & ~7;
        nuint s = (nuint)stride, d = (nuint)inputStride;
        int o = 0;
        for (; o + 16 <= blockOutputs; o += 16)
        {
            for (int k = 0; k < blockInputs; k += 8)
            {
                ref float at = ref Unsafe.Add(ref source, k * stride + o);
                ref float to = ref Unsafe.Add(ref target, o * inputStride + k);
                Block8(ref at, s, ref to, d);
                Block8(ref Unsafe.Add(ref at, 8), s, ref Unsafe.Add(ref to, 8 * inputStride), d);
            }
        }
        for (; o < blockOutputs; o += 8)
        {
            for (int k = 0; k < blockInputs; k += 8)
            {
                Block8(ref Unsafe.Add(ref source, k * stride + o), s, ref Unsafe.Add(ref target, o * inputStride + k), d);
            }
        }
        Edges(ref source, stride, ref target, inputStride, inputs, outputs, blockInputs, blockOutputs);
    }

    /// <summary>One 8 × 8 block: 8 rows of <paramref name="at"/> (a row <paramref name="s"/> apart) into 8 rows of <paramref name="to"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8(ref float at, nuint s, ref float to, nuint d)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref at), r1 = Vector256.LoadUnsafe(ref at, s), r2 = Vector256.LoadUnsafe(ref at, 2 * s), r3 = Vector256.LoadUnsafe(ref at, 3 * s);
        Vector256<float> r4 = Vector256.LoadUnsafe(ref at, 4 * s), r5 = Vector256.LoadUnsafe(ref at, 5 * s), r6 = Vector256.LoadUnsafe(ref at, 6 * s), r7 = Vector256.LoadUnsafe(ref at, 7 * s);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref to);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref to, d);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref to, 2 * d);
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref to, 3 * d);
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref to, 4 * d);
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref to, 5 * d);
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref to, 6 * d);
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref to, 7 * d);
    }

    /// <summary>float64 in 4 × 4 blocks through AVX registers, the edges banded (callable only where AVX is supported).</summary>
    public static void FourByFour(ref double source, int inputs, int outputs, int stride, ref double target, int inputStride)
    {
        int blockInputs = inputs & ~3, blockOutputs = outputs & ~3;
        nuint s = (nuint)stride, d = (nuint)inputStride;
        for (int o = 0; o < blockOutputs; o += 4)
        {
            for (int k = 0; k < blockInputs; k += 4)
            {
                ref double at = ref Unsafe.Add(ref source, k * stride + o);
                Vector256<double> r0 = Vector256.LoadUnsafe(ref at), r1 = Vector256.LoadUnsafe(ref at, s), r2 = Vector256.LoadUnsafe(ref at, 2 * s), r3 = Vector256.LoadUnsafe(ref at, 3 * s);
                Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
                ref double to = ref Unsafe.Add(ref target, o * inputStride + k);
                Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref to);
                Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref to, d);
                Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref to, 2 * d);
                Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref to, 3 * d);
            }
        }
        Edges(ref source, stride, ref target, inputStride, inputs, outputs, blockInputs, blockOutputs);
    }

    /// <summary>What the blocks left: the last inputs for every output, and the last outputs for the blocked inputs.</summary>
    private static void Edges<T>(ref T source, int stride, ref T target, int inputStride, int inputs, int outputs, int blockInputs, int blockOutputs)
    {
        Banded(ref source, stride, ref target, inputStride, blockInputs, inputs, 0, outputs);
        Banded(ref source, stride, ref target, inputStride, 0, blockInputs, blockOutputs, outputs);
    }

    /// <summary>
    /// Inputs [firstInput, inputEnd) × outputs [firstOutput, outputEnd) a value at a time, in bands of
    /// <see cref="Band"/> inputs: a band's rows stay in L1 while each output's values are written as one contiguous
    /// run. Written a whole column at a time instead, every store went to a different cache line and missed.
    /// </summary>
    private static void Banded<T>(ref T source, int stride, ref T target, int inputStride, int firstInput, int inputEnd, int firstOutput, int outputEnd)
    {
        for (int band = firstInput; band < inputEnd; band += Band)
        {
            int bandEnd = Math.Min(inputEnd, band + Band);
            for (int o = firstOutput; o < outputEnd; o++)
            {
                ref T run = ref Unsafe.Add(ref target, o * inputStride);
                for (int k = band; k < bandEnd; k++)
                {
                    Unsafe.Add(ref run, k) = Unsafe.Add(ref source, k * stride + o);
                }
            }
        }
    }

    /// <summary>Inputs per band of <see cref="Banded{T}"/>: one 64-byte line of float32 destination per output.</summary>
    private const int Band = 16;

    private static void Require(int weights, int inputs, int outputs, int stride, int destination, int inputStride)
    {
        if (inputs < 0 || outputs < 0 || weights < (long)inputs * stride || destination < (long)outputs * inputStride || outputs > stride || inputs > inputStride)
        {
            throw new ArgumentException($"WeightTranspose needs {inputs} × {stride} weights (outputs {outputs} ≤ stride) and an {outputs} × {inputStride} destination (inputs ≤ its stride); it got {weights} and {destination} values.");
        }
    }
}
