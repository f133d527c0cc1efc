using System.Numerics;
using FastNeuron.Common;
using FastNeuron.Kernels;

namespace FastNeuron;

/// <summary>
/// A network of dense layers trained by backpropagation with squared error and full-batch gradient descent:
/// the seed's multi-layer follow-up, generalised. The Scalar and Vector backends give the same bits.
/// </summary>
/// <remarks>
/// <para>Layer l holds weights as (outputs × inputs), row o being neuron o's input weights, so that each
/// neuron's weighted sum is one contract dot product (docs/numerics.md). One iteration computes every layer's
/// deltas with the weights as they were, then updates: Δw[o, k] = Σᵢ δ[i, o]·a[i, k] (the chunked chains of
/// the gradient kernel), w += η·Δw; hidden deltas are (Σₒ δ[i, o]·w[o, k]) · f'(a[i, k]) with the sum a sequential
/// fused chain over o.</para>
/// <para>This is the first part of the network work: dense layers, five activations, optional biases, squared
/// error and full-batch gradient descent. Not thread-safe while training.</para>
/// </remarks>
public sealed class Network<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly int[] _sizes;
    private readonly Activation[] _activations;
    private readonly T[][] _weights;
    private readonly T[][] _biases;
    private readonly T[][] _weightGradients;
    private readonly T[][] _biasGradients;
    private readonly T _learningRate;
    private T[][] _outputs = [];
    private T[][] _deltas = [];
    private T[] _column = [];
    private int _training;
    private int _trainingThread;

    /// <summary>Marks the network as training for the duration of a Train or Fit call, refusing a second writer.</summary>
    private readonly struct SingleWriter : IDisposable
    {
        private readonly Network<T> _network;

        public SingleWriter(Network<T> network)
        {
            if (Interlocked.CompareExchange(ref network._training, 1, 0) != 0)
            {
                throw new InvalidOperationException("The network is already training on another thread; training is single-writer.");
            }
            network._trainingThread = Environment.CurrentManagedThreadId;
            _network = network;
        }

        public void Dispose()
        {
            _network._trainingThread = 0;
            Volatile.Write(ref _network._training, 0);
        }
    }

    /// <summary>
    /// A network with layer sizes <paramref name="sizes"/> (inputs first) and one activation per layer, weights drawn
    /// like numpy's <c>random.seed(seed)</c> then <c>2 * random.random((inputs, outputs)) - 1</c> for each layer in
    /// turn, in float64 then cast (times Glorot's range when <paramref name="scaledInitialization"/>); biases, if
    /// on, start at 0.
    /// </summary>
    public Network(int[] sizes, Activation[] activations, uint seed = 1, bool useBias = false, double learningRate = 1.0, Backend backend = Backend.Vector, VectorWidth? width = null, Loss loss = Loss.SquaredError, bool scaledInitialization = false)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(activations);
        if (sizes.Length < 2)
        {
            throw new ArgumentException($"A network needs at least an input size and one layer; sizes has {sizes.Length} entries.", nameof(sizes));
        }
        for (int l = 0; l < sizes.Length; l++)
        {
            if (sizes[l] < 1) throw new ArgumentOutOfRangeException(nameof(sizes), sizes[l], $"sizes[{l}] is {sizes[l]}; every layer needs at least one unit.");
        }
        if (activations.Length != sizes.Length - 1)
        {
            throw new ArgumentException($"{sizes.Length - 1} layers need {sizes.Length - 1} activations; activations has {activations.Length}.", nameof(activations));
        }
        if (!double.IsFinite(learningRate) || learningRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learningRate must be finite and greater than 0.");
        }
        for (int l = 0; l < activations.Length - 1; l++)
        {
            if (activations[l] == Activation.Softmax)
            {
                throw new ArgumentException($"activations[{l}] is Softmax; softmax is for the output layer only.", nameof(activations));
            }
        }
        if (activations[^1] == Activation.Softmax && loss != Loss.CrossEntropy)
        {
            throw new ArgumentException("A softmax output needs Loss.CrossEntropy.", nameof(loss));
        }
        if (loss == Loss.CrossEntropy && activations[^1] is not (Activation.Softmax or Activation.Sigmoid))
        {
            throw new ArgumentException($"Cross-entropy needs a Softmax or Sigmoid output layer; it is {activations[^1]}.", nameof(loss));
        }
        Loss = loss;
        _sizes = (int[])sizes.Clone();
        _activations = (Activation[])activations.Clone();
        Backend = backend;
        Width = backend == Backend.Scalar ? VectorWidth.Scalar : width ?? VectorWidths.Best;
        UseBias = useBias;
        _learningRate = T.CreateChecked(learningRate);
        var random = new NumpyRandom(seed);
        _weights = new T[sizes.Length - 1][];
        _biases = new T[sizes.Length - 1][];
        _weightGradients = new T[sizes.Length - 1][];
        _biasGradients = new T[sizes.Length - 1][];
        for (int l = 0; l < _weights.Length; l++)
        {
            int inputs = sizes[l], outputs = sizes[l + 1];
            // numpy draws (inputs, outputs) row-major; we keep (outputs, inputs).
            var drawn = new double[inputs * outputs];
            random.FillSymmetric(drawn);
            // Glorot's uniform range, √(6 / (inputs + outputs)), keeps wide layers out of saturation; off, the draws
            // are the seed programs' [−1, 1).
            double scale = scaledInitialization ? Math.Sqrt(6.0 / (inputs + outputs)) : 1.0;
            _weights[l] = new T[outputs * inputs];
            for (int k = 0; k < inputs; k++)
            {
                for (int o = 0; o < outputs; o++)
                {
                    _weights[l][o * inputs + k] = T.CreateChecked(drawn[k * outputs + o] * scale);
                }
            }
            _biases[l] = new T[outputs];
            _weightGradients[l] = new T[outputs * inputs];
            _biasGradients[l] = new T[outputs];
        }
    }

    /// <summary>The backend.</summary>
    public Backend Backend { get; }

    /// <summary>What training minimises.</summary>
    public Loss Loss { get; }

    /// <summary>The vector width the kernels run at.</summary>
    public VectorWidth Width { get; }

    /// <summary>Whether each neuron has a bias.</summary>
    public bool UseBias { get; }

    /// <summary>Inputs to the first layer.</summary>
    public int InputCount => _sizes[0];

    /// <summary>Outputs of the last layer.</summary>
    public int OutputCount => _sizes[^1];

    /// <summary>Layer <paramref name="layer"/>'s weights, (outputs × inputs) row-major.</summary>
    public ReadOnlySpan<T> Weights(int layer) => _weights[layer];

    /// <summary>Layer <paramref name="layer"/>'s weights, writable: for the gradient check's finite differences.</summary>
    internal T[] MutableWeights(int layer) => _weights[layer];

    /// <summary>Layer <paramref name="layer"/>'s last computed Δw (see <see cref="ComputeGradients"/>; Train reuses the buffer).</summary>
    internal ReadOnlySpan<T> WeightGradients(int layer) => _weightGradients[layer];

    /// <summary>Layer <paramref name="layer"/>'s biases.</summary>
    public ReadOnlySpan<T> Biases(int layer) => _biases[layer];

    /// <summary>
    /// The network's outputs for row-major <paramref name="inputs"/> (rows × InputCount) into destination
    /// (rows × OutputCount). Allocates nothing and is safe from many threads at once; it fails while the network trains.
    /// </summary>
    public void Think(ReadOnlySpan<T> inputs, Span<T> destination)
    {
        int rows = Checks.Rows(inputs.Length, nameof(inputs), InputCount, "the network's input size");
        Checks.DestinationLength(destination.Length, rows * OutputCount);
        if (Volatile.Read(ref _training) != 0 && _trainingThread != Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException("The network is training; Think can run once Train or Fit has returned.");
        }
        int widest = _sizes.Max();
        if (widest > 2048)
        {
            throw new NotSupportedException($"Think supports layers of up to 2,048 units; this network has one of {widest}.");
        }
        Span<T> a = stackalloc T[widest];
        Span<T> b = stackalloc T[widest];
        for (int i = 0; i < rows; i++)
        {
            inputs.Slice(i * InputCount, InputCount).CopyTo(a);
            for (int l = 0; l < _weights.Length; l++)
            {
                ForwardRow(l, a[.._sizes[l]], b[.._sizes[l + 1]]);
                Span<T> swap = a;
                a = b;
                b = swap;
            }
            a[..OutputCount].CopyTo(destination.Slice(i * OutputCount, OutputCount));
        }
    }

    /// <summary>One row through layer <paramref name="layer"/>: the same operations, in the same order, as the batch forward pass.</summary>
    private void ForwardRow(int layer, ReadOnlySpan<T> input, Span<T> output)
    {
        int inputsCount = _sizes[layer];
        for (int o = 0; o < output.Length; o++)
        {
            T z = DotProduct.Invoke<T>(input, _weights[layer].AsSpan(o * inputsCount, inputsCount), Width);
            output[o] = UseBias ? z + _biases[layer][o] : z;
        }
        Activate(layer, output, 1);
    }

    /// <summary>
    /// <paramref name="iterations"/> full-batch steps of w += η·Σ δ·a on row-major <paramref name="inputs"/> and
    /// <paramref name="targets"/> (rows × OutputCount).
    /// </summary>
    public void Train(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        int rows = Checks.Rows(inputs.Length, nameof(inputs), InputCount, "the network's input size");
        if (rows == 0) throw new ArgumentException("The training set is empty.", nameof(inputs));
        if (targets.Length != rows * OutputCount)
        {
            throw new ArgumentException($"targets has {targets.Length} values but {rows} rows × {OutputCount} outputs = {rows * OutputCount} are needed.", nameof(targets));
        }
        Checks.AllFinite(inputs, InputCount, nameof(inputs));
        Checks.AllFinite(targets, OutputCount, nameof(targets));
        using var writer = new SingleWriter(this);
        EnsureBuffers(rows);
        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            ComputeGradients(inputs, targets, rows);
            // The new weights go to the gradient buffers first; only when every layer is finite do they replace the old.
            for (int l = 0; l < _weights.Length; l++)
            {
                WeightUpdate.Invoke<T>(_weights[l], _weightGradients[l], _learningRate, _weightGradients[l], Width);
                if (UseBias)
                {
                    WeightUpdate.Invoke<T>(_biases[l], _biasGradients[l], _learningRate, _biasGradients[l], Width);
                }
                if (Checks.IndexOfNonFinite<T>(_weightGradients[l]) >= 0 || (UseBias && Checks.IndexOfNonFinite<T>(_biasGradients[l]) >= 0))
                {
                    throw new TrainingDivergedException(iteration,
                        $"Training diverged at iteration {iteration} of {iterations}: layer {l} got a non-finite weight. " +
                        $"The network keeps the weights from iteration {iteration - 1}; lower the learning rate or scale the inputs.");
                }
            }
            for (int l = 0; l < _weights.Length; l++)
            {
                (_weights[l], _weightGradients[l]) = (_weightGradients[l], _weights[l]);
                if (UseBias)
                {
                    (_biases[l], _biasGradients[l]) = (_biasGradients[l], _biases[l]);
                }
            }
        }
    }

    /// <summary>
    /// Mini-batch training for <see cref="FitOptions.Epochs"/> epochs: each epoch shuffles the rows with a seeded
    /// generator, and each batch's summed Δw, divided by the batch size, goes through the optimizer. With validation
    /// data, each epoch reports its loss and accuracy, and early stopping keeps the best weights. Returns the epochs run.
    /// </summary>
    public int Fit(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, FitOptions options,
        ReadOnlySpan<T> validationInputs = default, ReadOnlySpan<T> validationTargets = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        int rows = Checks.Rows(inputs.Length, nameof(inputs), InputCount, "the network's input size");
        if (rows == 0) throw new ArgumentException("The training set is empty.", nameof(inputs));
        if (targets.Length != rows * OutputCount)
        {
            throw new ArgumentException($"targets has {targets.Length} values but {rows} rows × {OutputCount} outputs = {rows * OutputCount} are needed.", nameof(targets));
        }
        if (!double.IsFinite(options.LearningRate) || options.LearningRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "options.LearningRate must be finite and greater than 0.");
        }
        Checks.AllFinite(inputs, InputCount, nameof(inputs));
        Checks.AllFinite(targets, OutputCount, nameof(targets));
        using var writer = new SingleWriter(this);
        int batch = options.BatchSize <= 0 ? rows : Math.Min(options.BatchSize, rows);
        T[][] lastFinite = _weights.Select(w => new T[w.Length]).ToArray();
        T[][] lastFiniteBiases = _biases.Select(b => new T[b.Length]).ToArray();
        var optimizer = new Optimizer<T>(options, _weights, _biases);
        var order = Enumerable.Range(0, rows).ToArray();
        var random = new Random(options.Seed);
        var batchInputs = new T[batch * InputCount];
        var batchTargets = new T[batch * OutputCount];
        double bestLoss = double.PositiveInfinity;
        int sinceBest = 0;
        T[][]? bestWeights = null, bestBiases = null;
        int epoch = 0;
        while (epoch < options.Epochs)
        {
            epoch++;
            random.Shuffle(order);
            for (int first = 0; first < rows; first += batch)
            {
                int count = Math.Min(batch, rows - first);
                for (int r = 0; r < count; r++)
                {
                    inputs.Slice(order[first + r] * InputCount, InputCount).CopyTo(batchInputs.AsSpan(r * InputCount));
                    targets.Slice(order[first + r] * OutputCount, OutputCount).CopyTo(batchTargets.AsSpan(r * OutputCount));
                }
                EnsureBuffers(count);
                ComputeGradients(batchInputs.AsSpan(0, count * InputCount), batchTargets.AsSpan(0, count * OutputCount), count);
                for (int l = 0; l < _weights.Length; l++)
                {
                    _weights[l].CopyTo(lastFinite[l], 0);
                    _biases[l].CopyTo(lastFiniteBiases[l], 0);
                }
                optimizer.Step(_weights, _weightGradients, _biases, _biasGradients, UseBias, T.CreateChecked(1.0 / count));
                for (int l = 0; l < _weights.Length; l++)
                {
                    if (Checks.IndexOfNonFinite<T>(_weights[l]) >= 0 || Checks.IndexOfNonFinite<T>(_biases[l]) >= 0)
                    {
                        for (int k = 0; k < _weights.Length; k++)
                        {
                            lastFinite[k].CopyTo(_weights[k], 0);
                            lastFiniteBiases[k].CopyTo(_biases[k], 0);
                        }
                        throw new TrainingDivergedException(epoch,
                            $"Training diverged in epoch {epoch}: layer {l} got a non-finite weight. The network keeps the weights from before that step; lower the learning rate.");
                    }
                }
            }
            // The report costs a forward pass over the whole set: only when someone reads it.
            double trainLoss = options.OnEpoch is null ? double.NaN : LossOf(inputs, targets, rows);
            double? validationLoss = null, validationAccuracy = null;
            if (!validationInputs.IsEmpty)
            {
                int vrows = validationInputs.Length / InputCount;
                validationLoss = LossOf(validationInputs, validationTargets, vrows);
                validationAccuracy = Accuracy(validationInputs, validationTargets);
            }
            options.OnEpoch?.Invoke(new EpochReport(epoch, trainLoss, validationLoss, validationAccuracy));
            if (validationLoss is { } loss && options.EarlyStoppingPatience > 0)
            {
                if (loss < bestLoss)
                {
                    bestLoss = loss;
                    sinceBest = 0;
                    bestWeights = _weights.Select(w => (T[])w.Clone()).ToArray();
                    bestBiases = _biases.Select(b => (T[])b.Clone()).ToArray();
                }
                else if (++sinceBest >= options.EarlyStoppingPatience)
                {
                    break;
                }
            }
        }
        if (bestWeights is not null)
        {
            for (int l = 0; l < _weights.Length; l++)
            {
                bestWeights[l].CopyTo(_weights[l], 0);
                bestBiases![l].CopyTo(_biases[l], 0);
            }
        }
        return epoch;
    }

    /// <summary>The fraction of rows whose largest output is at the target's largest (one output: both on the same side of ½).</summary>
    public double Accuracy(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
    {
        int rows = Checks.Rows(inputs.Length, nameof(inputs), InputCount, "the network's input size");
        var outputs = new T[rows * OutputCount];
        Think(inputs, outputs);
        int correct = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> o = outputs.AsSpan(i * OutputCount, OutputCount);
            ReadOnlySpan<T> y = targets.Slice(i * OutputCount, OutputCount);
            bool right = OutputCount == 1
                ? (o[0] > T.CreateChecked(0.5)) == (y[0] > T.CreateChecked(0.5))
                : ArgMax(o) == ArgMax(y);
            if (right) correct++;
        }
        return rows == 0 ? 0 : (double)correct / rows;
    }

    private double LossOf(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows)
    {
        var outputs = new T[rows * OutputCount];
        Think(inputs, outputs);
        double total = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            double o = double.CreateChecked(outputs[i]), y = double.CreateChecked(targets[i]);
            total += Loss == Loss.CrossEntropy
                ? (OutputCount == 1 ? -(y * Math.Log(Math.Max(o, 1e-300)) + (1 - y) * Math.Log(Math.Max(1 - o, 1e-300))) : -y * Math.Log(Math.Max(o, 1e-300)))
                : 0.5 * (y - o) * (y - o);
        }
        return total / rows;
    }

    private static int ArgMax(ReadOnlySpan<T> values)
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++)
        {
            if (values[j] > values[best]) best = j;
        }
        return best;
    }

    /// <summary>Δw = −∂E/∂w and Δb for E = ½ Σ (y − o)², summed over the batch, into the gradient buffers.</summary>
    internal void ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows)
    {
        EnsureBuffers(rows);
        Forward(inputs, rows);
        int last = _weights.Length - 1;
        // Output deltas: (y − o) · f'(o).
        Span<T> outputs = _outputs[last].AsSpan(0, rows * OutputCount);
        Span<T> delta = _deltas[last].AsSpan(0, rows * OutputCount);
        if (Loss == Loss.CrossEntropy)
        {
            for (int i = 0; i < delta.Length; i++)
            {
                delta[i] = targets[i] - outputs[i];
            }
        }
        else if (_activations[last] == Activation.Sigmoid)
        {
            ElementwiseDriver.Binary<T, SigmoidDeltaOperator<T>>(targets, outputs, delta, Width);
        }
        else
        {
            for (int i = 0; i < delta.Length; i++)
            {
                delta[i] = (targets[i] - outputs[i]) * Activations.DerivativeFromOutput(_activations[last], outputs[i]);
            }
        }
        // Hidden deltas, from the weights as they are.
        for (int l = last - 1; l >= 0; l--)
        {
            int units = _sizes[l + 1], next = _sizes[l + 2];
            T[] nextWeights = _weights[l + 1];
            Span<T> nextDelta = _deltas[l + 1];
            Span<T> own = _deltas[l];
            Span<T> activations = _outputs[l];
            for (int i = 0; i < rows; i++)
            {
                for (int k = 0; k < units; k++)
                {
                    T sum = T.Zero;
                    for (int o = 0; o < next; o++)
                    {
                        sum = ScalarOps<T>.FusedMultiplyAdd(nextDelta[i * next + o], nextWeights[o * units + k], sum);
                    }
                    own[i * units + k] = sum * Activations.DerivativeFromOutput(_activations[l], activations[i * units + k]);
                }
            }
        }
        // Weight gradients: Σᵢ δ[i, o]·a[i, k], the gradient kernel's chunked chains, one output unit at a time.
        for (int l = 0; l <= last; l++)
        {
            int inputsCount = _sizes[l], units = _sizes[l + 1];
            ReadOnlySpan<T> previous = l == 0 ? inputs : _outputs[l - 1].AsSpan(0, rows * inputsCount);
            Span<T> column = _column.AsSpan(0, rows);
            for (int o = 0; o < units; o++)
            {
                for (int i = 0; i < rows; i++)
                {
                    column[i] = _deltas[l][i * units + o];
                }
                Gradient.Invoke<T>(previous, inputsCount, column, _weightGradients[l].AsSpan(o * inputsCount, inputsCount), Width);
                _biasGradients[l][o] = Gradient.SumOfDeltas<T>(column);
            }
        }
    }

    private void Forward(ReadOnlySpan<T> inputs, int rows)
    {
        for (int l = 0; l < _weights.Length; l++)
        {
            int inputsCount = _sizes[l], units = _sizes[l + 1];
            ReadOnlySpan<T> previous = l == 0 ? inputs : _outputs[l - 1].AsSpan(0, rows * inputsCount);
            Span<T> output = _outputs[l].AsSpan(0, rows * units);
            for (int i = 0; i < rows; i++)
            {
                ReadOnlySpan<T> row = previous.Slice(i * inputsCount, inputsCount);
                for (int o = 0; o < units; o++)
                {
                    T z = DotProduct.Invoke<T>(row, _weights[l].AsSpan(o * inputsCount, inputsCount), Width);
                    output[i * units + o] = UseBias ? z + _biases[l][o] : z;
                }
            }
            Activate(l, output, rows);
        }
    }

    private void Activate(int layer, Span<T> output, int rows)
    {
        int units = _sizes[layer + 1];
        if (_activations[layer] == Activation.Sigmoid)
        {
            ElementwiseDriver.Unary<T, SigmoidOperator<T>>(output, output, Width);
        }
        else if (_activations[layer] == Activation.Softmax)
        {
            for (int i = 0; i < rows; i++)
            {
                Softmax(output.Slice(i * units, units));
            }
        }
        else
        {
            for (int i = 0; i < output.Length; i++)
            {
                output[i] = Activations.Apply(_activations[layer], output[i]);
            }
        }
    }

    private static void Softmax(Span<T> z)
    {
        T max = z[0];
        for (int j = 1; j < z.Length; j++)
        {
            if (z[j] > max) max = z[j];
        }
        T sum = T.Zero;
        for (int j = 0; j < z.Length; j++)
        {
            z[j] = ExpOperator<T>.Invoke(z[j] - max);
            sum += z[j];
        }
        for (int j = 0; j < z.Length; j++)
        {
            z[j] /= sum;
        }
    }

    private void EnsureBuffers(int rows)
    {
        if (_column.Length >= rows) return;
        _outputs = new T[_weights.Length][];
        _deltas = new T[_weights.Length][];
        for (int l = 0; l < _weights.Length; l++)
        {
            _outputs[l] = new T[rows * _sizes[l + 1]];
            _deltas[l] = new T[rows * _sizes[l + 1]];
        }
        _column = new T[rows];
    }
}
