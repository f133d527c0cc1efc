using System.Numerics;
using FastNeuron.Common;
using FastNeuron.Networks;

namespace FastNeuron;

/// <summary>
/// A network of dense layers trained by backpropagation: full-batch gradient descent by <see cref="Train"/>, or
/// mini-batch <see cref="Fit"/> with an optimizer, early stopping and reports; inference by <see cref="Think"/> and
/// <see cref="Predict"/>; saved and loaded by <see cref="Save(string)"/> and <see cref="Load(string, Backend, VectorWidth?)"/>.
/// The Scalar and Vector backends give the same bits.
/// </summary>
/// <remarks>
/// <para>This class checks arguments and delegates: the layers and their storage are <c>Networks/NetworkLayers.cs</c>,
/// the forward pass <c>Networks/NetworkForward.cs</c>, backpropagation and its threads
/// <c>Networks/Backpropagation.cs</c>, the training loops <c>Networks/FullBatchTrainer.cs</c> and
/// <c>Networks/MiniBatchTrainer.cs</c>, the reports <see cref="Metrics"/>, and the file <c>Networks/NetworkFile.cs</c>.
/// Each element's operations and their order are fixed and independent of the vector width (docs/numerics.md,
/// "Networks").</para>
/// <para>Training (Train, Fit) is single-writer. Inference (Think, Predict, Accuracy), Save and the weight accessors
/// read a published version of the weights, taken once per call: training works on its own copy and publishes a new
/// version after each epoch of Fit (<see cref="FitOptions.PublishEveryEpoch"/>) and when Train or Fit returns, so
/// a reader on another thread never sees a mix of two versions and never waits for training.</para>
/// </remarks>
public sealed partial class Network<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly NetworkLayers<T> _layers;
    private readonly Backpropagation<T> _backpropagation;
    private readonly T _learningRate;
    private ModelMetadata _metadata = new();
    private double[] _means = [];
    private double[] _scales = [];
    private int _training;

    /// <summary>
    /// A network of <paramref name="layers"/>, each reading the previous one's units; see the sizes constructor for the
    /// other arguments. Fails naming the layer when one's inputs do not match the units before it.
    /// </summary>
    public Network(IReadOnlyList<DenseLayer> layers, uint seed = 1, bool useBias = true, Backend backend = Backend.Vector, VectorWidth? width = null, Loss loss = Loss.SquaredError, bool scaledInitialization = true)
        : this(SizesOf(layers), layers.Select(l => l.Activation).ToArray(), seed, useBias, 1.0, backend, width, loss, scaledInitialization)
    {
    }

    private static int[] SizesOf(IReadOnlyList<DenseLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("A network needs at least one layer; layers is empty.", nameof(layers));
        for (int l = 1; l < layers.Count; l++)
        {
            if (layers[l].Inputs != layers[l - 1].Units)
            {
                throw new ArgumentException(
                    $"Layer sizes don't chain: layers[{l}] takes {layers[l].Inputs} inputs but layers[{l - 1}] has {layers[l - 1].Units} units.", nameof(layers));
            }
        }
        return [layers[0].Inputs, .. layers.Select(l => l.Units)];
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
        CheckLimits(sizes, activations, loss, backend, width);
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
        _learningRate = T.CreateChecked(learningRate);
        _layers = new NetworkLayers<T>((int[])sizes.Clone(), (Activation[])activations.Clone(), useBias, loss,
            backend, backend == Backend.Scalar ? VectorWidth.Scalar : width ?? VectorWidths.Best);
        _layers.Initialise(seed, scaledInitialization);
        _backpropagation = new Backpropagation<T>(_layers);
    }

    /// <summary>
    /// The limits a model file can hold (<see cref="ModelFile"/>: at most 1,024 layers of at most 2²⁴ units) and an
    /// array can hold (a layer's padded weights at most <see cref="Array.MaxLength"/>), checked in 64-bit arithmetic,
    /// and every enum value defined: what the constructor builds, Save can write and Load can read back.
    /// </summary>
    private static void CheckLimits(int[] sizes, Activation[] activations, Loss loss, Backend backend, VectorWidth? width)
    {
        if (sizes.Length - 1 > ModelFile.MaxLayers)
        {
            throw new ArgumentException($"sizes describes {sizes.Length - 1} layers; a network has at most {ModelFile.MaxLayers}.", nameof(sizes));
        }
        for (int l = 0; l < sizes.Length; l++)
        {
            if (sizes[l] < 1) throw new ArgumentOutOfRangeException(nameof(sizes), sizes[l], $"sizes[{l}] is {sizes[l]}; every layer needs at least one unit.");
            if (sizes[l] > ModelFile.MaxUnits) throw new ArgumentOutOfRangeException(nameof(sizes), sizes[l], $"sizes[{l}] is {sizes[l]:N0}; a layer has at most {ModelFile.MaxUnits:N0} units.");
        }
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            long weights = (long)sizes[l] * Kernels.Dense.DenseLayout.Stride<T>(sizes[l + 1]);
            if (weights > Array.MaxLength)
            {
                throw new ArgumentException($"Layer {l} ({sizes[l]:N0} inputs × {sizes[l + 1]:N0} units) needs {weights:N0} weights; a layer holds at most {Array.MaxLength:N0}.", nameof(sizes));
            }
        }
        for (int l = 0; l < activations.Length; l++)
        {
            if (!Enum.IsDefined(activations[l])) throw new ArgumentOutOfRangeException(nameof(activations), activations[l], $"activations[{l}] is {(int)activations[l]}, not a defined Activation.");
        }
        if (!Enum.IsDefined(loss)) throw new ArgumentOutOfRangeException(nameof(loss), loss, $"loss is {(int)loss}, not a defined Loss.");
        if (!Enum.IsDefined(backend)) throw new ArgumentOutOfRangeException(nameof(backend), backend, $"backend is {(int)backend}, not a defined Backend.");
        if (width is { } w && !Enum.IsDefined(w)) throw new ArgumentOutOfRangeException(nameof(width), w, $"width is {(int)w}, not Scalar, Vector128, Vector256 or Vector512.");
    }

    /// <summary>The layers as the kernels see them (for the trainers and the model file).</summary>
    internal NetworkLayers<T> Layers => _layers;

    /// <summary>The backend.</summary>
    public Backend Backend => _layers.Backend;

    /// <summary>What training minimises.</summary>
    public Loss Loss => _layers.Loss;

    /// <summary>The vector width the kernels run at.</summary>
    public VectorWidth Width => _layers.Width;

    /// <summary>Whether each neuron has a bias.</summary>
    public bool UseBias => _layers.UseBias;

    /// <summary>Inputs to the first layer.</summary>
    public int InputCount => _layers.InputCount;

    /// <summary>Outputs of the last layer.</summary>
    public int OutputCount => _layers.OutputCount;

    /// <summary>Units in each layer, inputs first.</summary>
    public IReadOnlyList<int> Sizes => _layers.Sizes;

    /// <summary>
    /// Threads that training batches and <see cref="Think"/>'s batches use once their forward pass reaches about a
    /// million multiply-adds (5 rows of 784-256-128-10; 410 rows of 64-32-10): a batch of several 4,096-row
    /// chunks by chunks, a smaller one by rows and then by slices of each layer's weights, Think by rows. Any count
    /// gives the same bits. Default: every core. A call that finds the process's worker threads busy with another
    /// call runs on its own thread rather than wait.
    /// </summary>
    public int Threads
    {
        get => _backpropagation.Threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Threads));
            _backpropagation.Threads = value;
        }
    }

    /// <summary>The activation of layer <paramref name="layer"/>.</summary>
    public Activation ActivationOf(int layer)
    {
        CheckLayer(layer);
        return _layers.Activations[layer];
    }

    /// <summary>
    /// A copy of layer <paramref name="layer"/>'s weights, (inputs × outputs) row-major: numpy's orientation, so
    /// element [k·outputs + o] is input k's weight in neuron o.
    /// </summary>
    public T[] Weights(int layer)
    {
        CheckLayer(layer);
        return _layers.CopyWeights(layer);
    }

    /// <summary>A copy of layer <paramref name="layer"/>'s biases (zeros when the network has none).</summary>
    public T[] Biases(int layer)
    {
        CheckLayer(layer);
        return _layers.CopyBiases(layer);
    }

    /// <summary>
    /// Replaces layer <paramref name="layer"/>'s weights, (inputs × outputs) row-major like <see cref="Weights"/>, and
    /// its biases (one per unit; all 0 when the network has none): for converters that bring in weights trained
    /// elsewhere. The layer gets new arrays, as a training step does. Fails naming the argument for a wrong length or a
    /// non-finite value, and while the network trains.
    /// </summary>
    public void SetParameters(int layer, ReadOnlySpan<T> weights, ReadOnlySpan<T> biases)
    {
        CheckLayer(layer);
        int inputs = _layers.Sizes[layer], units = _layers.Sizes[layer + 1], stride = _layers.Strides[layer];
        if (weights.Length != inputs * units)
        {
            throw new ArgumentException($"Layer {layer} has {inputs} inputs × {units} units = {inputs * units} weights; weights has {weights.Length}.", nameof(weights));
        }
        if (biases.Length != units)
        {
            throw new ArgumentException($"Layer {layer} has {units} units; biases has {biases.Length} values.", nameof(biases));
        }
        if (Checks.IndexOfNonFinite(weights) is int w and >= 0)
        {
            throw new ArgumentException($"weights[{w}] (input {w / units}, unit {w % units}) of layer {layer} is {weights[w]}; weights must be finite.", nameof(weights));
        }
        if (Checks.IndexOfNonFinite(biases) is int b and >= 0)
        {
            throw new ArgumentException($"biases[{b}] of layer {layer} is {biases[b]}; biases must be finite.", nameof(biases));
        }
        if (!UseBias && biases.IndexOfAnyExcept(T.Zero) is int nonZero and >= 0)
        {
            throw new ArgumentException($"biases[{nonZero}] of layer {layer} is {biases[nonZero]}, but the network has no biases (useBias is false).", nameof(biases));
        }
        var padded = new T[inputs * stride];
        for (int k = 0; k < inputs; k++)
        {
            weights.Slice(k * units, units).CopyTo(padded.AsSpan(k * stride));
        }
        var paddedBiases = new T[stride];
        biases.CopyTo(paddedBiases);
        using var writer = new SingleWriter(this);
        _layers.Weights[layer] = padded;
        _layers.Biases[layer] = paddedBiases;
    }

    /// <summary>
    /// Names, class labels and input standardisation, saved with the model; <see cref="Predict"/> and
    /// <see cref="Standardise"/> apply the standardisation. Each list must be empty or the length the network needs.
    /// </summary>
    public ModelMetadata Metadata
    {
        get => _metadata;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.CheckFits(InputCount, OutputCount, _layers.Count - 1);
            _means = value.Means.ToArray();
            _scales = value.Scales.ToArray();
            _metadata = value with { FeatureNames = value.FeatureNames.ToArray(), ClassLabels = value.ClassLabels.ToArray(), Means = _means, Scales = _scales,
                TargetNames = value.TargetNames.ToArray(), TargetMeans = value.TargetMeans.ToArray(), TargetScales = value.TargetScales.ToArray() };
        }
    }

    /// <summary>
    /// destination = (raw − mean) / scale per input, computed in float64 and rounded once to T, with the metadata's
    /// means and scales (a copy when there are none). Rows are row-major, InputCount values each.
    /// </summary>
    public void Standardise(ReadOnlySpan<T> raw, Span<T> destination)
    {
        Checks.Rows(raw.Length, nameof(raw), InputCount, "the network's input size");
        Checks.DestinationLength(destination.Length, raw.Length);
        if (_means.Length == 0)
        {
            raw.CopyTo(destination);
            return;
        }
        for (int row = 0; row < raw.Length; row += InputCount)
        {
            for (int j = 0; j < InputCount; j++)
            {
                destination[row + j] = T.CreateChecked((double.CreateChecked(raw[row + j]) - _means[j]) / _scales[j]);
            }
        }
    }

    /// <summary>
    /// <see cref="Think"/> on raw inputs: each row is standardised with the metadata's means and scales first (as the
    /// command's training did), then goes through the network; a regression trained on standardised targets comes back in
    /// the targets' units (<see cref="ModelMetadata.ToTargetUnits"/>). Allocates nothing; safe from many threads.
    /// </summary>
    public void Predict(ReadOnlySpan<T> features, Span<T> destination)
    {
        int rows = Checks.Rows(features.Length, nameof(features), InputCount, "the network's input size");
        Checks.DestinationLength(destination.Length, rows * OutputCount);
        if (_means.Length == 0)
        {
            Think(features, destination);
            _metadata.ToTargetUnits(destination[..(rows * OutputCount)]);
            return;
        }
        T[]? rented = null;
        Span<T> row = InputCount <= NetworkForward.BufferValues
            ? stackalloc T[NetworkForward.BufferValues]
            : (rented = System.Buffers.ArrayPool<T>.Shared.Rent(InputCount));
        row = row[..InputCount];
        ParameterSet<T> version = _layers.Published;   // every row from one version
        for (int i = 0; i < rows; i++)
        {
            Standardise(features.Slice(i * InputCount, InputCount), row);
            NetworkForward.Think(_layers, version, row, destination.Slice(i * OutputCount, OutputCount), 1);
        }
        _metadata.ToTargetUnits(destination[..(rows * OutputCount)]);
        if (rented is not null) System.Buffers.ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>
    /// The network's outputs for row-major <paramref name="inputs"/> (rows × InputCount) into destination
    /// (rows × OutputCount): the training forward pass's kernels, so each row gets the bits training computes for it.
    /// Allocates nothing (layers wider than 2,048 units rent their buffers from the shared pool) and is safe from many
    /// threads at once, also while another thread trains: every row of one call comes from one published version of
    /// the weights (see the remarks on <see cref="Network{T}"/>).
    /// </summary>
    public void Think(ReadOnlySpan<T> inputs, Span<T> destination)
    {
        int rows = Checks.Rows(inputs.Length, nameof(inputs), InputCount, "the network's input size");
        Checks.DestinationLength(destination.Length, rows * OutputCount);
        ParameterSet<T> version = _layers.Published;
        if (rows < 2 || !ThinkInParts<T>.TryRun(_layers, version, inputs, destination, rows, Threads))
        {
            NetworkForward.Think(_layers, version, inputs, destination, rows);
        }
    }

    /// <summary>
    /// <paramref name="iterations"/> full-batch steps of w += η·Σ δ·a on row-major <paramref name="inputs"/> and
    /// <paramref name="targets"/> (rows × OutputCount), η the constructor's learning rate. A step that would make a
    /// weight non-finite throws <see cref="TrainingDivergedException"/>, and the network keeps the weights before it.
    /// </summary>
    public void Train(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        int rows = CheckTrainingSet(inputs, targets);
        using var writer = new SingleWriter(this);
        FullBatchTrainer.Train(_layers, _backpropagation, _learningRate, inputs, targets, rows, iterations);
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
        if (!Enum.IsDefined(options.Optimizer))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, $"options.Optimizer is {(int)options.Optimizer}, not a defined Optimizer.");
        }
        int rows = CheckTrainingSet(inputs, targets);
        if (!double.IsFinite(options.LearningRate) || options.LearningRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "options.LearningRate must be finite and greater than 0.");
        }
        if (!validationInputs.IsEmpty || !validationTargets.IsEmpty)
        {
            int validationRows = Checks.Rows(validationInputs.Length, nameof(validationInputs), InputCount, "the network's input size");
            if (validationTargets.Length != validationRows * OutputCount)
            {
                throw new ArgumentException($"validationTargets has {validationTargets.Length} values but {validationRows} validation rows × {OutputCount} outputs = {validationRows * OutputCount} are needed.", nameof(validationTargets));
            }
            Checks.AllFinite(validationInputs, InputCount, nameof(validationInputs));
            Checks.AllFinite(validationTargets, OutputCount, nameof(validationTargets));
        }
        using var writer = new SingleWriter(this);
        return MiniBatchTrainer.Fit(_layers, _backpropagation, options, inputs, targets, rows, validationInputs, validationTargets);
    }

    /// <summary>The fraction of rows whose largest output is at the target's largest (one output: both on the same side of ½).</summary>
    public double Accuracy(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
    {
        int rows = Checks.Rows(inputs.Length, nameof(inputs), InputCount, "the network's input size");
        if (targets.Length != rows * OutputCount) throw TargetShape(targets.Length, rows);
        return NetworkEvaluation.Evaluate(_layers, _layers.Published, inputs, targets).Accuracy;
    }

    /// <summary>
    /// One-hot targets (rows × OutputCount) for class <paramref name="labels"/>: row i is 1 at labels[i] and 0 elsewhere.
    /// Fails naming the first label outside 0 to OutputCount − 1.
    /// </summary>
    public T[] OneHot(ReadOnlySpan<int> labels)
    {
        var targets = new T[labels.Length * OutputCount];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)OutputCount)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i],
                    $"labels[{i}] is {labels[i]}, outside the output layer's classes (layer {_layers.Count - 1}: {OutputCount} units, classes 0 to {OutputCount - 1}).");
            }
            targets[i * OutputCount + labels[i]] = T.One;
        }
        return targets;
    }

    /// <summary>
    /// Writes the network (architecture, metadata, weights and biases, a CRC-64 over all of it) in FastNeuron's model
    /// format (docs/model-format.md). Load gives back the same bits.
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(NetworkFile.Bytes(_layers, _metadata));
    }

    /// <summary>
    /// Saves to <paramref name="path"/> through a temporary file in the same folder, flushed to disk and then renamed
    /// over the target: a failure or a crash leaves any existing file as it was, never a half-written model.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NetworkFile.Save(_layers, _metadata, path);
    }

    /// <summary>
    /// Reads a model written by <see cref="Save(Stream)"/>. A float64 model loaded as float32 (or the reverse) is
    /// converted; the same type gives back the saved bits. Fails with <see cref="InvalidDataException"/> naming the
    /// problem for a truncated or damaged file, an unknown version or impossible sizes.
    /// </summary>
    public static Network<T> Load(Stream stream, Backend backend = Backend.Vector, VectorWidth? width = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return NetworkFile.Load<T>(stream, "model stream", backend, width);
    }

    /// <summary>Reads the model file at <paramref name="path"/>; errors name the file.</summary>
    public static Network<T> Load(string path, Backend backend = Backend.Vector, VectorWidth? width = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return NetworkFile.Load<T>(file, path, backend, width);
    }

    /// <summary>Layer <paramref name="layer"/>'s weights as stored, (inputs × stride) with zero padding: for the gradient check's finite differences.</summary>
    internal T[] MutableWeights(int layer)
    {
        // A test writes into the arrays at rest, which the published set shares, between calls to Think: packed panels
        // kept from an earlier call would be stale, so this network keeps none from now on.
        _layers.StopKeepingPanels();
        return _layers.Weights[layer];
    }

    /// <summary>Layer <paramref name="layer"/>'s last computed Δw, laid out like <see cref="MutableWeights"/>.</summary>
    internal ReadOnlySpan<T> WeightGradients(int layer) => _backpropagation.WeightGradients[layer];

    /// <summary>One-chunk batches that training has split over threads (Backpropagation.SplitBatch.cs).</summary>
    internal int SplitBatches => _backpropagation.SplitBatches;

    /// <summary>How a split batch's Δw is sliced over <paramref name="threads"/> threads (for the tests).</summary>
    internal IReadOnlyList<(int Layer, int FirstInput, int Inputs)> GradientSlices(int threads) => _backpropagation.GradientSlices(threads);

    /// <summary>Δw and Δb for a batch into the gradient buffers (the chunked, threaded path).</summary>
    internal void ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows) => _backpropagation.ComputeGradients(inputs, targets, rows);

    /// <summary>ComputeGradients over every row at once: the tests' reference for the chunked path.</summary>
    internal void ComputeGradientsInOnePass(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows) => _backpropagation.ComputeGradientsInOnePass(inputs, targets, rows);

    private int CheckTrainingSet(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
    {
        int rows = Checks.Rows(inputs.Length, nameof(inputs), InputCount, "the network's input size");
        if (rows == 0) throw new ArgumentException("The training set is empty.", nameof(inputs));
        if (targets.Length != rows * OutputCount)
        {
            throw TargetShape(targets.Length, rows);
        }
        Checks.AllFinite(inputs, InputCount, nameof(inputs));
        Checks.AllFinite(targets, OutputCount, nameof(targets));
        return rows;
    }

    private ArgumentException TargetShape(int length, int rows)
        => new($"targets has {length} values, {(rows == 0 ? 0 : length / (double)rows):0.##} per row for {rows} rows, but the output layer " +
            $"(layer {_layers.Count - 1}) has {OutputCount} units: targets must be (rows × {OutputCount}) = {rows * OutputCount} values" +
            (OutputCount > 1 ? $", one-hot for classes (see OneHot)." : "."), "targets");

    private void CheckLayer(int layer)
    {
        if ((uint)layer >= (uint)_layers.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The network has layers 0 to {_layers.Count - 1}.");
        }
    }

    /// <summary>
    /// Marks the network as training for the duration of a Train or Fit call, refusing a second writer; training
    /// writes its own copy of the weights, published when the call returns or throws (the last finite weights).
    /// </summary>
    private readonly struct SingleWriter : IDisposable
    {
        private readonly Network<T> _network;

        public SingleWriter(Network<T> network)
        {
            if (Interlocked.CompareExchange(ref network._training, 1, 0) != 0)
            {
                throw new InvalidOperationException("The network is already training on another thread; training is single-writer.");
            }
            network._layers.DetachWorkingFromPublished();
            _network = network;
        }

        public void Dispose()
        {
            _network._layers.PublishWorking();
            Volatile.Write(ref _network._training, 0);
        }
    }
}
