using System.Numerics;
using FastNeuron.Common;
using FastNeuron.Kernels;
using FastNeuron.Training;

namespace FastNeuron;

/// <summary>
/// One sigmoid neuron with any number of inputs, trained by full-batch gradient descent
/// <c>w += η·Xᵀ((y − o)·o·(1 − o))</c>: the seed program, over spans, in float32 or float64.
/// </summary>
/// <remarks>
/// <para>With the default options (Vector backend, η = 1, no bias) and seed 1, a 3-input neuron trained
/// 10,000 iterations on the seed's four examples returns the seed program's numbers to the last bit.</para>
/// <para>After construction, <see cref="Think(ReadOnlySpan{T})"/>, <see cref="Think(ReadOnlySpan{T}, Span{T})"/>
/// and each training iteration allocate nothing. Training buffers are sized on the first
/// <see cref="Train(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/> call for a given row count and reused.</para>
/// <para>Think does not scan its input: NaN in gives NaN out. It is safe to call from many threads at once
/// while nothing trains; training is not thread-safe.</para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed unsafe partial class Neuron<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private T[] _weights;
    private T[] _nextWeights;
    private T _bias;
    private readonly T[] _gradient;
    private T[] _sums = [];
    private T[] _outputs = [];
    private T[] _deltas = [];
    private readonly T _learningRate;
    private FusedEpochRunner<T>? _fusedRunner;

    static Neuron()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Neuron<{typeof(T).Name}> is not supported: use float or double.");
        }
    }

    /// <summary>
    /// A neuron with <paramref name="inputCount"/> inputs whose weights are drawn like numpy's
    /// <c>random.seed(seed); 2 * random.random((inputCount, 1)) - 1</c> (in float64, then cast to T).
    /// The bias, if enabled, starts at 0.
    /// </summary>
    public Neuron(int inputCount, uint seed = 1, NeuronOptions? options = null)
        : this(DrawWeights(inputCount, seed), T.Zero, options)
    {
    }

    /// <summary>A neuron with the given starting weights (one per input) and bias.</summary>
    public Neuron(ReadOnlySpan<T> weights, T bias = default, NeuronOptions? options = null)
    {
        if (weights.IsEmpty)
        {
            throw new ArgumentException("A neuron needs at least one weight; weights is empty.", nameof(weights));
        }
        Checks.AllFinite(weights, 1, nameof(weights));
        if (!T.IsFinite(bias))
        {
            throw new ArgumentException($"bias must be finite; it is {bias}.", nameof(bias));
        }
        options ??= new NeuronOptions();
        if (!double.IsFinite(options.LearningRate) || options.LearningRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate,
                $"options.LearningRate must be finite and greater than 0; it is {options.LearningRate}.");
        }
        if (!Enum.IsDefined(options.Backend))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Backend, "options.Backend is not a known backend.");
        }
        if (options.Threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "options.Threads must be at least 1 (or null for every core).");
        }
        if (options.Width is { } w && !Enum.IsDefined(w))
        {
            throw new ArgumentOutOfRangeException(nameof(options), w, "options.Width must be Scalar, Vector128, Vector256 or Vector512.");
        }

        Options = options;
        Width = options.Backend switch
        {
            Backend.Scalar => VectorWidth.Scalar,
            Backend.Vector => options.Width ?? VectorWidths.Best,
            _ => VectorWidths.Best,
        };
        _learningRate = T.CreateChecked(options.LearningRate);
        _weights = weights.ToArray();
        _nextWeights = new T[weights.Length];
        _gradient = new T[weights.Length];
        _bias = bias;
    }

    /// <summary>The number of inputs, and of weights.</summary>
    public int InputCount => _weights.Length;

    /// <summary>The options this neuron was made with.</summary>
    public NeuronOptions Options { get; }

    /// <summary>The backend that computes.</summary>
    public Backend Backend => Options.Backend;

    /// <summary>The vector width the kernels run at (<see cref="VectorWidth.Scalar"/> for the Scalar backend).</summary>
    public VectorWidth Width { get; }

    /// <summary>The current weights, one per input.</summary>
    public ReadOnlySpan<T> Weights => _weights;

    /// <summary>The current bias (0 unless <see cref="NeuronOptions.UseBias"/>).</summary>
    public T Bias => _bias;

    /// <summary>σ(x·w + b) for one sample of <see cref="InputCount"/> values.</summary>
    public T Think(ReadOnlySpan<T> sample)
    {
        if (sample.Length != _weights.Length)
        {
            throw new ArgumentException($"sample has {sample.Length} values but the neuron has {_weights.Length} inputs.", nameof(sample));
        }
        if (Backend == Backend.TensorPrimitives)
        {
            Span<T> z = [T.Zero];
            ThinkBatch<TensorPrimitivesKernelSet<T>>(sample, z);
            return z[0];
        }
        T sum = DotProduct.Invoke(sample, _weights, Width);
        return SigmoidOperator.Invoke<T, T, ScalarOps<T>>(Options.UseBias ? sum + _bias : sum);
    }

    /// <summary>
    /// σ(x·w + b) for each row of row-major <paramref name="inputs"/> (rows × <see cref="InputCount"/> values),
    /// written to destination[0..rows).
    /// </summary>
    public void Think(ReadOnlySpan<T> inputs, Span<T> destination)
    {
        int rows = Checks.Rows(inputs.Length, nameof(inputs), _weights.Length, "the neuron's weights");
        Checks.DestinationLength(destination.Length, rows);
        Span<T> outputs = destination[..rows];
        if (Backend == Backend.TensorPrimitives)
        {
            ThinkBatch<TensorPrimitivesKernelSet<T>>(inputs, outputs);
            return;
        }
        var action = new ThinkAction(this, inputs, outputs);
        WidthDispatch.Run<T, ThinkAction>(Width, ref action);
    }

    /// <summary>
    /// Trains for <paramref name="iterations"/> full-batch steps on row-major <paramref name="inputs"/>
    /// (outputs.Length rows × <see cref="InputCount"/> columns) with targets <paramref name="outputs"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes that do not match, an empty set, non-finite data, or negative iterations.</exception>
    /// <exception cref="TrainingDivergedException">An update produced a non-finite weight; the neuron keeps the last finite weights.</exception>
    public void Train(ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputs, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        if (outputs.IsEmpty)
        {
            throw new ArgumentException("The training set is empty: outputs has no rows.", nameof(outputs));
        }
        int columns = _weights.Length;
        if (inputs.Length % columns != 0)
        {
            throw new ArgumentException(
                $"inputs has {inputs.Length} values, which is not a whole number of rows of {columns} columns (the neuron has {columns} weights).", nameof(inputs));
        }
        if (inputs.Length / columns != outputs.Length)
        {
            throw new ArgumentException(
                $"inputs has {inputs.Length / columns} rows of {columns} columns but outputs has {outputs.Length} rows; they must match.", nameof(inputs));
        }
        Checks.AllFinite(inputs, columns, nameof(inputs));
        Checks.AllFinite(outputs, 1, nameof(outputs));
        switch (Backend)
        {
            case Backend.Vector:
                if (!TrainInRegisters(inputs, outputs, iterations))
                {
                    fixed (T* x = inputs)
                    fixed (T* y = outputs)
                    {
                        TrainFused(x, y, outputs.Length, iterations);
                    }
                }
                break;
            case Backend.TensorPrimitives:
                EnsureRowBuffers(outputs.Length);
                TrainLoop<TensorPrimitivesKernelSet<T>>(inputs, outputs, iterations, 1, iterations);
                break;
            default:
                EnsureRowBuffers(outputs.Length);
                TrainLoop<WidthKernelSet<T, T, ScalarOps<T>>>(inputs, outputs, iterations, 1, iterations);
                break;
        }
    }

    /// <summary>
    /// Trains for <paramref name="iterations"/> full-batch steps on a mapped <see cref="MatrixFile"/>, reading X in
    /// place (no copy: the file may be larger than memory), a gradient chunk at a time: fused epochs at
    /// <see cref="Width"/>, which for the Scalar backend is <see cref="VectorWidth.Scalar"/> (one lane, the Scalar
    /// backend's bits; every width gives the same ones).
    /// </summary>
    /// <exception cref="NotSupportedException">The backend is <see cref="Backend.TensorPrimitives"/>: its kernels work on
    /// whole in-memory spans; train from spans, or use the Scalar or Vector backend.</exception>
    public void Train(MatrixFile data, int iterations)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        if (Backend == Backend.TensorPrimitives)
        {
            throw new NotSupportedException(
                "Training from a MatrixFile is not supported on the TensorPrimitives backend; use Backend.Scalar or Backend.Vector, or train from spans.");
        }
        if (data.Columns != _weights.Length)
        {
            throw new ArgumentException($"{data.Path} has {data.Columns} input columns but the neuron has {_weights.Length} weights; they must match.", nameof(data));
        }
        using MatrixFile.Lease lease = data.Use();
        data.CheckUsable();
        T* x = data.Inputs<T>();
        T* y = data.Targets<T>();
        for (long first = 0; first < data.Rows; first += Gradient.ChunkRows)
        {
            int count = (int)Math.Min(Gradient.ChunkRows, data.Rows - first);
            Checks.AllFinite(new ReadOnlySpan<T>(x + first * data.Columns, count * data.Columns), data.Columns, nameof(data), first);
            Checks.AllFinite(new ReadOnlySpan<T>(y + first, count), 1, nameof(data), first);
        }
        TrainFused(x, y, data.Rows, iterations, data);
    }

    /// <summary>Trains on a rows × columns matrix; see <see cref="Train(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/>.</summary>
    public void Train(T[,] inputs, T[] outputs, int iterations)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (inputs.GetLength(1) != _weights.Length)
        {
            throw new ArgumentException(
                $"inputs has {inputs.GetLength(1)} columns but the neuron has {_weights.Length} weights; they must match.", nameof(inputs));
        }
        if (inputs.GetLength(0) != outputs.Length)
        {
            throw new ArgumentException(
                $"inputs has {inputs.GetLength(0)} rows but outputs has {outputs.Length}; they must match.", nameof(inputs));
        }
        var flat = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(
            ref System.Runtime.CompilerServices.Unsafe.As<byte, T>(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(inputs)),
            inputs.Length);
        Train(flat, outputs, iterations);
    }

    private void ThinkBatch<TKernels>(ReadOnlySpan<T> inputs, Span<T> outputs)
        where TKernels : IKernelSet<T>
    {
        TKernels.WeightedSums(inputs, _weights, _bias, Options.UseBias, outputs);
        TKernels.Sigmoid(outputs, outputs);
    }

    /// <summary>Runs <paramref name="count"/> iterations, numbered from <paramref name="firstNumber"/> of <paramref name="totalIterations"/>.</summary>
    private void TrainLoop<TKernels>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count, int firstNumber, int totalIterations)
        where TKernels : IKernelSet<T>
    {
        int rows = targets.Length;
        Span<T> sums = _sums.AsSpan(0, rows);
        Span<T> outputs = _outputs.AsSpan(0, rows);
        Span<T> deltas = _deltas.AsSpan(0, rows);
        bool useBias = Options.UseBias;
        for (int iteration = firstNumber; iteration < firstNumber + count; iteration++)
        {
            TKernels.WeightedSums(inputs, _weights, _bias, useBias, sums);
            TKernels.Sigmoid(sums, outputs);
            TKernels.SigmoidDelta(targets, outputs, deltas);
            TKernels.Gradient(inputs, deltas, _gradient);
            TKernels.UpdateWeights(_weights, _gradient, _learningRate, _nextWeights);
            T nextBias = useBias ? _bias + _learningRate * Gradient.SumOfDeltas<T>(deltas) : _bias;
            ThrowIfDiverged(iteration, totalIterations, nextBias);
            (_weights, _nextWeights) = (_nextWeights, _weights);
            _bias = nextBias;
        }
    }

    /// <summary>
    /// The Vector backend's path for batches that fit one register (rows and columns ≤ lanes): the same bits,
    /// without a kernel call per step. Returns false when the batch does not fit.
    /// </summary>
    private bool TrainInRegisters(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int iterations)
    {
        int rows = targets.Length;
        VectorWidth width = SmallBatchTrainer.NarrowestFit<T>(rows, _weights.Length, Width);
        if (width == VectorWidth.Scalar)
        {
            return false;
        }
        int failed = SmallBatchTrainer.Train(width, inputs, targets, _weights, ref _bias, Options.UseBias, _learningRate, iterations);
        if (failed > 0)
        {
            // Replay the failing update in the general path, which names the weight that went non-finite.
            EnsureRowBuffers(rows);
            TrainLoop<WidthKernelSet<T, T, ScalarOps<T>>>(inputs, targets, 1, failed, iterations);
        }
        return true;
    }

    /// <summary>
    /// The Vector backend's epochs for data of any size: one fused pass per epoch (<see cref="FusedEpoch"/>), on
    /// up to <see cref="NeuronOptions.Threads"/> threads, with the Scalar backend's bits. From a <paramref name="mapped"/>
    /// file, each epoch starts by checking that it is neither disposed nor truncated (<see cref="MatrixFile.CheckUsable"/>).
    /// </summary>
    internal void TrainFused(T* inputs, T* targets, long rows, int iterations, MatrixFile? mapped = null)
    {
        _fusedRunner ??= new FusedEpochRunner<T>();
        int threads = Options.Threads ?? Environment.ProcessorCount;
        bool useBias = Options.UseBias;
        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            mapped?.CheckUsable();
            T biasGradient = _fusedRunner.Run(inputs, targets, rows, _weights, _bias, useBias, Width, threads, _gradient);
            WeightUpdate.Invoke<T>(_weights, _gradient, _learningRate, _nextWeights, Width);
            T nextBias = useBias ? _bias + _learningRate * biasGradient : _bias;
            ThrowIfDiverged(iteration, iterations, nextBias);
            (_weights, _nextWeights) = (_nextWeights, _weights);
            _bias = nextBias;
        }
    }

    /// <summary>Throws <see cref="TrainingDivergedException"/> when the next weights or bias are not finite.</summary>
    private void ThrowIfDiverged(int iteration, int iterations, T nextBias)
    {
        Divergence.ThrowIfNotFinite<T>(_nextWeights, iteration, iterations, "iteration", "weight", "neuron");
        Divergence.ThrowIfNotFinite(new ReadOnlySpan<T>(in nextBias), iteration, iterations, "iteration", "the bias", "neuron");
    }

    private void EnsureRowBuffers(int rows)
    {
        if (_sums.Length < rows)
        {
            _sums = new T[rows];
            _outputs = new T[rows];
            _deltas = new T[rows];
        }
    }

    private static T[] DrawWeights(int inputCount, uint seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputCount, 1);
        // numpy's (inputCount, 1) draw: one column, so the rows are the weights.
        var weights = new T[inputCount];
        WeightDraw.Symmetric<T>(new NumpyRandom(seed), inputCount, 1, 1.0, weights, 1);
        return weights;
    }

    /// <summary>Think over a batch at the width <see cref="WidthDispatch"/> picks.</summary>
    private readonly ref struct ThinkAction(Neuron<T> neuron, ReadOnlySpan<T> inputs, Span<T> outputs) : IWidthAction<T>
    {
        private readonly Neuron<T> _neuron = neuron;
        private readonly ReadOnlySpan<T> _inputs = inputs;
        private readonly Span<T> _outputs = outputs;

        public void Invoke<TVec, TOps>()
            where TVec : struct
            where TOps : ISimdOps<TVec, T>
            => _neuron.ThinkBatch<WidthKernelSet<T, TVec, TOps>>(_inputs, _outputs);
    }
}
