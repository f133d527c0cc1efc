using System.Numerics;
using CsCheck;
using FastNeuron.Kernels.Dense;
using FastNeuron.Training;
using static FastNeuron.Tests.PropertyData;

namespace FastNeuron.Tests;

/// <summary>
/// Property-based tests (CsCheck) of every kernel that has a scalar twin (docs/architecture.md's table): random
/// lengths (0 to 300, and a few big ones), slices starting 0 to 15 elements into larger arrays, and values that
/// include subnormals, ±0, ±∞, NaN (any payload), ±MaxValue and exp's clamp edges. At every width (Vector128,
/// Vector256 and Vector512, named explicitly, so they run in software where the CPU lacks them) each result must
/// have the Scalar backend's bits. docs/numerics.md promises no NaN payload, so a NaN matches any NaN. A failure
/// is shrunk by CsCheck to a small case and printed with the seed that replays it.
/// </summary>
[Trait("Category", "Verification")]
public sealed class KernelPropertyTests
{
    public static TheoryData<VectorWidth> Widths() => [VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512];

    private const int Iterations = 200;

    [Theory, MemberData(nameof(Widths))]
    public void ElementwiseKernelsMatchScalar(VectorWidth width)
    {
        Elementwise<float>(width);
        Elementwise<double>(width);
    }

    private static void Elementwise<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (string Name, Action<ReadOnlySpan<T>, ReadOnlySpan<T>, Span<T>, VectorWidth> Kernel)[] kernels =
        [
            ("sigmoid", (x, _, d, w) => NeuronKernels.Sigmoid(x, d, w)),
            ("exp", (x, _, d, w) => NeuronKernels.Exp(x, d, w)),
            ("σ' from the output", (x, _, d, w) => NeuronKernels.SigmoidFromOutputDerivative(x, d, w)),
            ("delta", (y, o, d, w) => NeuronKernels.SigmoidDelta(y, o, d, w)),
        ];
        foreach (var (name, kernel) in kernels)
        {
            (from length in Length
             from x in Slice<T>(length)
             from y in Slice<T>(length)
             from destination in Offset
             select (x, y, destination))
            .Sample(c =>
            {
                var expected = new T[c.x.Length];
                var actual = new T[c.x.Length + c.destination];
                kernel(c.x.Span, c.y.Span, expected, VectorWidth.Scalar);
                kernel(c.x.Span, c.y.Span, actual.AsSpan(c.destination), width);
                AssertSame<T>(expected, actual.AsSpan(c.destination), $"{typeof(T).Name} {name} at {width}");
            }, iter: Iterations);
        }
    }

    [Theory, MemberData(nameof(Widths))]
    public void WeightUpdateMatchesScalar(VectorWidth width)
    {
        WeightUpdate<float>(width);
        WeightUpdate<double>(width);
    }

    private static void WeightUpdate<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (from length in Length
         from weights in Slice<T>(length)
         from gradient in Slice<T>(length)
         from rate in Value<T>()
         select (weights, gradient, rate))
        .Sample(c =>
        {
            var expected = new T[c.weights.Length];
            var actual = new T[c.weights.Length];
            NeuronKernels.UpdateWeights(c.weights.Span, c.gradient.Span, c.rate, expected, VectorWidth.Scalar);
            NeuronKernels.UpdateWeights(c.weights.Span, c.gradient.Span, c.rate, actual, width);
            AssertSame<T>(expected, actual, $"{typeof(T).Name} update at {width}");
            // In place, as training updates its weights: the overlapping first and last vectors must not see
            // elements already updated.
            T[] inPlace = c.weights.ToArray();
            NeuronKernels.UpdateWeights(inPlace, c.gradient.Span, c.rate, inPlace, width);
            AssertSame<T>(expected, inPlace, $"{typeof(T).Name} update in place at {width}");
        }, iter: Iterations);
    }

    [Theory, MemberData(nameof(Widths))]
    public void WeightedSumsMatchScalar(VectorWidth width)
    {
        WeightedSums<float>(width);
        WeightedSums<double>(width);
    }

    private static void WeightedSums<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (from length in Length
         from x in Slice<T>(length)
         from w in Slice<T>(length)
         select (x, w))
        .Sample(c =>
        {
            T expected = NeuronKernels.WeightedSum(c.x.Span, c.w.Span, VectorWidth.Scalar);
            T actual = NeuronKernels.WeightedSum(c.x.Span, c.w.Span, width);
            AssertSame<T>([expected], [actual], $"{typeof(T).Name} weighted sum of {c.x.Length} at {width}");
        }, iter: Iterations);

        (from rows in Gen.Int[1, 20]
         from columns in Gen.Int[1, 300]
         from x in Slice<T>(rows * columns)
         from w in Slice<T>(columns)
         select (rows, x, w))
        .Sample(c =>
        {
            var expected = new T[c.rows];
            var actual = new T[c.rows];
            NeuronKernels.WeightedSums(c.x.Span, c.w.Span, expected, VectorWidth.Scalar);
            NeuronKernels.WeightedSums(c.x.Span, c.w.Span, actual, width);
            AssertSame<T>(expected, actual, $"{typeof(T).Name} weighted sums of {c.rows} rows × {c.w.Length} at {width}");
        }, iter: Iterations);
    }

    [Theory, MemberData(nameof(Widths))]
    public void GradientMatchesScalar(VectorWidth width)
    {
        Gradient<float>(width);
        Gradient<double>(width);
    }

    private static void Gradient<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Mostly small; now and then more rows than one 4,096-row chunk, or more columns than a 4 KB block of partials.
        Gen<(int Rows, int Columns)> shapes = Gen.Frequency(
            (8, Gen.Select(Gen.Int[0, 300], Gen.Int[1, 300])),
            (1, Gen.Select(Gen.Int[4090, 4200], Gen.Int[1, 12])),
            (1, Gen.Select(Gen.Int[1, 8], Gen.Int[1000, 1600])));
        (from shape in shapes
         from x in Slice<T>(shape.Rows * shape.Columns)
         from delta in Slice<T>(shape.Rows)
         select (shape.Columns, x, delta))
        .Sample(c =>
        {
            var expected = new T[c.Columns];
            var actual = new T[c.Columns];
            NeuronKernels.Gradient(c.x.Span, c.delta.Span, expected, VectorWidth.Scalar);
            NeuronKernels.Gradient(c.x.Span, c.delta.Span, actual, width);
            AssertSame<T>(expected, actual, $"{typeof(T).Name} gradient {c.delta.Length}×{c.Columns} at {width}");
        }, iter: Iterations / 2);
    }

    [Theory, MemberData(nameof(Widths))]
    public void DenseForwardMatchesScalar(VectorWidth width)
    {
        DenseForward<float>(width);
        DenseForward<double>(width);
    }

    private static void DenseForward<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Now and then a shape big enough for the cache-blocked kernel (at least 32 rows, W over 64 KB).
        Gen<(int Rows, int Inputs, int Units)> shapes = Gen.Frequency(
            (8, Gen.Select(Gen.Int[1, 40], Gen.Int[1, 80], Gen.Int[1, 40])),
            (1, Gen.Select(Gen.Int[32, 70], Gen.Int[300, 640], Gen.Int[30, 70])));
        (from shape in shapes
         from padding in Gen.Int[0, 3]
         from useBias in Gen.Bool
         from x in Slice<T>((shape.Rows - 1) * (shape.Inputs + padding) + shape.Inputs)
         from w in Padded<T>(shape.Inputs, shape.Units)
         from bias in Padded<T>(1, shape.Units)
         select (shape, xStride: shape.Inputs + padding, useBias, x, w, bias))
        .Sample(c =>
        {
            (int rows, int inputs, int units) = c.shape;
            int stride = DenseLayout.Stride<T>(units);
            var expected = new T[rows * stride];
            var actual = new T[rows * stride];
            DenseKernels.Forward<T>(c.x.Span, c.xStride, rows, inputs, c.w, stride, c.bias, c.useBias, expected, VectorWidth.Scalar);
            DenseKernels.Forward<T>(c.x.Span, c.xStride, rows, inputs, c.w, stride, c.bias, c.useBias, actual, width);
            string what = $"{typeof(T).Name} forward {rows}×{inputs}→{units}{(DenseForwardBlocked.Pays<T>(rows, inputs, stride) ? " (blocked)" : "")} at {width}";
            AssertSame<T>(expected, actual, what);
        }, iter: Iterations / 2);
    }

    [Theory, MemberData(nameof(Widths))]
    public void HiddenDeltasMatchScalar(VectorWidth width)
    {
        HiddenDeltas<float>(width);
        HiddenDeltas<double>(width);
    }

    private static void HiddenDeltas<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (from activation in Gen.OneOf(Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Linear)
         from rows in Gen.Int[1, 20]
         from units in Gen.Int[1, 40]
         from next in Gen.Int[1, 40]
         from nextDelta in Padded<T>(rows, next)
         from transposed in Padded<T>(next, units)
         from activations in Padded<T>(rows, units)
         select (activation, rows, units, next, nextDelta, transposed, activations))
        .Sample(c =>
        {
            int stride = DenseLayout.Stride<T>(c.units), nextStride = DenseLayout.Stride<T>(c.next);
            var expected = new T[c.rows * stride];
            var actual = new T[c.rows * stride];
            DenseKernels.HiddenDelta<T>(c.activation, c.nextDelta, nextStride, c.next, c.transposed, stride, c.activations, expected, c.rows, VectorWidth.Scalar);
            DenseKernels.HiddenDelta<T>(c.activation, c.nextDelta, nextStride, c.next, c.transposed, stride, c.activations, actual, c.rows, width);
            AssertSame<T>(expected, actual, $"{typeof(T).Name} {c.activation} hidden δ {c.rows}×{c.units}←{c.next} at {width}");
        }, iter: Iterations);
    }

    [Theory, MemberData(nameof(Widths))]
    public void WeightGradientMatchesScalar(VectorWidth width)
    {
        WeightGradient<float>(width);
        WeightGradient<double>(width);
    }

    private static void WeightGradient<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Gen<(int Rows, int Inputs, int Units)> shapes = Gen.Frequency(
            (8, Gen.Select(Gen.Int[1, 40], Gen.Int[1, 40], Gen.Int[1, 40])),
            (1, Gen.Select(Gen.Int[4090, 4200], Gen.Int[1, 8], Gen.Int[1, 20])));
        (from shape in shapes
         from padding in Gen.Int[0, 3]
         from useBias in Gen.Bool
         from a in Slice<T>((shape.Rows - 1) * (shape.Inputs + padding) + shape.Inputs)
         from delta in Padded<T>(shape.Rows, shape.Units)
         select (shape, aStride: shape.Inputs + padding, useBias, a, delta))
        .Sample(c =>
        {
            (int rows, int inputs, int units) = c.shape;
            int stride = DenseLayout.Stride<T>(units);
            T[] expectedW = new T[inputs * stride], expectedB = new T[stride], actualW = new T[inputs * stride], actualB = new T[stride];
            DenseKernels.WeightGradient<T>(c.a.Span, c.aStride, inputs, c.delta, stride, rows, expectedW, expectedB, c.useBias, VectorWidth.Scalar);
            DenseKernels.WeightGradient<T>(c.a.Span, c.aStride, inputs, c.delta, stride, rows, actualW, actualB, c.useBias, width);
            AssertSame<T>(expectedW, actualW, $"{typeof(T).Name} Δw {rows}×{inputs}→{units} at {width}");
            AssertSame<T>(expectedB, actualB, $"{typeof(T).Name} Δb {rows}×{inputs}→{units} at {width}");
        }, iter: Iterations / 2);
    }

    [Theory, MemberData(nameof(Widths))]
    public void ActivationsAndSoftmaxMatchScalar(VectorWidth width)
    {
        Activations<float>(width);
        Activations<double>(width);
    }

    private static void Activations<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (from activation in Gen.OneOf(Enum.GetValues<Activation>())
         from rows in Gen.Int[1, 12]
         from units in Gen.Int[1, 40]
         from offset in Offset
         from values in Padded<T>(rows, units)
         select (activation, rows, units, offset, values))
        .Sample(c =>
        {
            int stride = DenseLayout.Stride<T>(c.units);
            // The values start 0 to 15 elements into a larger array: the kernels load unaligned.
            T[] expected = [.. new T[c.offset], .. c.values];
            T[] actual = (T[])expected.Clone();
            DenseKernels.Activate<T>(c.activation, expected.AsSpan(c.offset), c.rows, stride, c.units, VectorWidth.Scalar);
            DenseKernels.Activate<T>(c.activation, actual.AsSpan(c.offset), c.rows, stride, c.units, width);
            AssertSame<T>(expected, actual, $"{typeof(T).Name} {c.activation} of {c.rows}×{c.units} at {width}");
        }, iter: Iterations);
    }

    [Theory, MemberData(nameof(Widths))]
    public void OptimizerStepsMatchScalar(VectorWidth width)
    {
        Steps<float>(width);
        Steps<double>(width);
    }

    private static void Steps<T>(VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (from optimizer in Gen.OneOf(Enum.GetValues<Optimizer>())
         from length in Length
         from w in Slice<T>(length)
         from summed in Slice<T>(length)
         from first in Slice<T>(length)
         from second in Slice<T>(length)
         from constants in Gen.Select(Value<T>(), Value<T>(), Value<T>(), Value<T>(), Value<T>())
         select (optimizer, w, summed, first, second, c: new StepConstants<T>(constants.Item1, constants.Item2, constants.Item3, constants.Item4, constants.Item5)))
        .Sample(c =>
        {
            T[] expectedW = new T[c.w.Length], expectedFirst = c.first.Span.ToArray(), expectedSecond = c.second.Span.ToArray();
            T[] actualW = new T[c.w.Length], actualFirst = c.first.Span.ToArray(), actualSecond = c.second.Span.ToArray();
            OptimizerSteps.Step<T>(c.optimizer, c.w.Span, c.summed.Span, expectedFirst, expectedSecond, c.c, expectedW, VectorWidth.Scalar);
            OptimizerSteps.Step<T>(c.optimizer, c.w.Span, c.summed.Span, actualFirst, actualSecond, c.c, actualW, width);
            string what = $"{typeof(T).Name} {c.optimizer} of {c.w.Length} at {width}";
            AssertSame<T>(expectedW, actualW, what + ", weights");
            AssertSame<T>(expectedFirst, actualFirst, what + ", first state");
            AssertSame<T>(expectedSecond, actualSecond, what + ", second state");
        }, iter: Iterations);
    }

    /// <summary>Every weighted-sums body in <see cref="KernelVariants{T}"/> (RowBlockDot's AVX2 bodies among them) against the reference.</summary>
    [Fact]
    public void EveryWeightedSumsBodyMatchesTheReference()
    {
        WeightedSumsBodies<float>();
        WeightedSumsBodies<double>();
    }

    private static void WeightedSumsBodies<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (WeightedSumsVariant<T> variant in KernelVariants<T>.WeightedSums)
        {
            (from rows in Gen.Int[1, 20]
             from columns in Gen.Int[0, 300]
             from x in Slice<T>(rows * columns)
             from w in Slice<T>(columns)
             select (rows, columns, x, w))
            .Sample(c =>
            {
                var expected = new T[c.rows];
                var actual = new T[c.rows];
                KernelVariants<T>.ReferenceWeightedSums(c.x.Span, c.rows, c.columns, c.w.Span, expected);
                int done = variant.Body(c.x.Span, c.rows, c.columns, c.w.Span, actual);
                AssertSame<T>(expected.AsSpan(0, done), actual.AsSpan(0, done), $"{variant.Name}, {typeof(T).Name}, {c.rows} × {c.columns}");
            }, iter: Iterations / 4);
        }
    }

    /// <summary>
    /// Every implementation of a whole training iteration in <see cref="KernelVariants{T}"/> (two passes, the fused
    /// epoch and its chunk fold, the threaded runner, the in-register small-batch trainer, at every width) against the
    /// scalar reference, on finite values (a non-finite step is divergence, which the trainers stop at).
    /// </summary>
    [Fact]
    public void EveryIterationBodyMatchesTheReference()
    {
        IterationBodies<float>();
        IterationBodies<double>();
    }

    private static void IterationBodies<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (IterationVariant<T> variant in KernelVariants<T>.Iterations)
        {
            // Within what the body accepts (the small-batch trainer: one register of rows and of columns).
            int rows = Enumerable.Range(1, 64).Last(r => variant.Fits(r, 1)), columns = Enumerable.Range(1, 40).Last(c => variant.Fits(1, c));
            Gen<(int Rows, int Columns)> shapes = variant.Fits(4200, 12)
                ? Gen.Frequency((8, Gen.Select(Gen.Int[1, rows], Gen.Int[1, columns])), (1, Gen.Select(Gen.Int[4090, 4200], Gen.Int[1, 12])),
                    // Rows of up to 300 columns: the fused epoch's gradient takes eight, four and one column vectors per pass.
                    (1, Gen.Select(Gen.Int[1, 40], Gen.Int[100, 300])))
                : Gen.Select(Gen.Int[1, rows], Gen.Int[1, columns]);
            (from shape in shapes.Where(s => variant.Fits(s.Rows, s.Columns))
             from x in Finite<T>().Array[shape.Rows * shape.Columns]
             from y in Gen.Int[0, 1].Select(v => T.CreateChecked(v)).Array[shape.Rows]
             from w in Finite<T>().Array[shape.Columns]
             from bias in Finite<T>()
             from rate in Finite<T>()
             select (shape, x, y, w, bias, rate))
            .Sample(c =>
            {
                var expected = new T[c.w.Length];
                var actual = new T[c.w.Length];
                T expectedBias = KernelVariants<T>.ReferenceIteration(c.x, c.y, c.w, c.bias, c.rate, expected);
                T actualBias = variant.Body(c.x, c.y, c.w, c.bias, c.rate, actual);
                string what = $"{variant.Name}, {typeof(T).Name}, {c.shape.Rows} × {c.shape.Columns}";
                AssertSame<T>(expected, actual, what);
                AssertSame<T>([expectedBias], [actualBias], what + ", bias");
            }, iter: Iterations / 8);
        }
    }
}
