using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FastNeuron.Common;
using FastNeuron.Kernels;
using FastNeuron.Kernels.Dense;
using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron;

/// <summary>
/// A network of dense layers trained by backpropagation with squared error and full-batch gradient descent:
/// the seed's multi-layer follow-up, generalised. The Scalar and Vector backends give the same bits.
/// </summary>
/// <remarks>
/// <para>Layer l holds its weights as (inputs × outputs), numpy's orientation, each row padded to a whole number of
/// 64-byte blocks (<see cref="DenseLayout"/>). A batch goes through the batched dense kernels in
/// <c>Kernels/Dense/</c>: the forward pass z = x·W + b with vectors across the outputs, the hidden deltas with
/// vectors across the inputs, and Δw = aᵀδ; each element's operations and their order are fixed and independent of
/// the vector width (docs/numerics.md, "Networks"), so Scalar and Vector give the same bits at every width.</para>
/// <para>Training (Train, Fit) is single-writer; Think is safe from many threads once training has returned.</para>
/// </remarks>
public sealed class Network<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly int[] _sizes;
    private readonly Activation[] _activations;
    private readonly int[] _strides;
    private readonly int _widestStride;
    private readonly T[][] _weights;
    private readonly T[][] _transposed;
    private readonly T[][] _biases;
    private readonly T[][] _weightGradients;
    private readonly T[][] _biasGradients;
    private readonly T _learningRate;
    private T[][] _outputs = [];
    private T[][] _deltas = [];
    private int _capacityRows;
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
        _transposed = new T[sizes.Length - 1][];
        _strides = new int[sizes.Length - 1];
        _biases = new T[sizes.Length - 1][];
        _weightGradients = new T[sizes.Length - 1][];
        _biasGradients = new T[sizes.Length - 1][];
        for (int l = 0; l < _weights.Length; l++)
        {
            int inputs = sizes[l], outputs = sizes[l + 1];
            int stride = _strides[l] = DenseLayout.Stride<T>(outputs);
            // numpy draws (inputs, outputs) row-major, which is our orientation; rows are padded to the stride.
            var drawn = new double[inputs * outputs];
            random.FillSymmetric(drawn);
            // Glorot's uniform range, √(6 / (inputs + outputs)), keeps wide layers out of saturation; off, the draws
            // are the seed programs' [−1, 1).
            double scale = scaledInitialization ? Math.Sqrt(6.0 / (inputs + outputs)) : 1.0;
            _weights[l] = new T[inputs * stride];
            for (int k = 0; k < inputs; k++)
            {
                for (int o = 0; o < outputs; o++)
                {
                    _weights[l][k * stride + o] = T.CreateChecked(drawn[k * outputs + o] * scale);
                }
            }
            _transposed[l] = l == 0 ? [] : new T[outputs * _strides[l - 1]];
            _biases[l] = new T[stride];
            _weightGradients[l] = new T[inputs * stride];
            _biasGradients[l] = new T[stride];
        }
        _widestStride = _strides.Max();
        _job = new ChunkJob(this);
    }

    private ModelMetadata _metadata = new();
    private double[] _meansDouble = [];
    private double[] _scalesDouble = [];

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
            CheckCount(value.FeatureNames.Count, InputCount, "FeatureNames", "inputs");
            CheckCount(value.Means.Count, InputCount, "Means", "inputs");
            CheckCount(value.Scales.Count, value.Means.Count == 0 ? InputCount : value.Means.Count, "Scales", "means");
            if (value.Scales.Count != value.Means.Count) throw new ArgumentException($"Metadata has {value.Means.Count} means but {value.Scales.Count} scales.", nameof(value));
            int classes = OutputCount == 1 ? 2 : OutputCount;
            if (value.ClassLabels.Count != 0 && value.ClassLabels.Count != classes)
            {
                throw new ArgumentException($"Metadata has {value.ClassLabels.Count} class labels; the output layer (layer {_weights.Length - 1}) has {OutputCount} units, so {classes} classes.", nameof(value));
            }
            for (int j = 0; j < value.Scales.Count; j++)
            {
                if (!double.IsFinite(value.Means[j]) || !double.IsFinite(value.Scales[j]) || value.Scales[j] == 0)
                {
                    throw new ArgumentException($"Metadata's standardisation for input {j} is mean {value.Means[j]}, scale {value.Scales[j]}; both must be finite and the scale non-zero.", nameof(value));
                }
            }
            _meansDouble = value.Means.ToArray();
            _scalesDouble = value.Scales.ToArray();
            _metadata = value with { FeatureNames = value.FeatureNames.ToArray(), ClassLabels = value.ClassLabels.ToArray(), Means = _meansDouble, Scales = _scalesDouble };
        }
    }

    private static void CheckCount(int count, int needed, string name, string what)
    {
        if (count != 0 && count != needed)
        {
            throw new ArgumentException($"Metadata.{name} has {count} entries; it must be empty or one per {what} ({needed}).", "value");
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
        if (_meansDouble.Length == 0)
        {
            raw.CopyTo(destination);
            return;
        }
        for (int row = 0; row < raw.Length; row += InputCount)
        {
            for (int j = 0; j < InputCount; j++)
            {
                destination[row + j] = T.CreateChecked((double.CreateChecked(raw[row + j]) - _meansDouble[j]) / _scalesDouble[j]);
            }
        }
    }

    /// <summary>
    /// <see cref="Think"/> on raw inputs: each row is standardised with the metadata's means and scales first (as the
    /// command's training did), then goes through the network. Allocates nothing; safe from many threads.
    /// </summary>
    public void Predict(ReadOnlySpan<T> features, Span<T> destination)
    {
        int rows = Checks.Rows(features.Length, nameof(features), InputCount, "the network's input size");
        Checks.DestinationLength(destination.Length, rows * OutputCount);
        if (_meansDouble.Length == 0)
        {
            Think(features, destination);
            return;
        }
        T[]? rented = null;
        Span<T> row = InputCount <= ThinkBufferValues ? stackalloc T[ThinkBufferValues] : (rented = System.Buffers.ArrayPool<T>.Shared.Rent(InputCount));
        row = row[..InputCount];
        for (int i = 0; i < rows; i++)
        {
            Standardise(features.Slice(i * InputCount, InputCount), row);
            Think(row, destination.Slice(i * OutputCount, OutputCount));
        }
        if (rented is not null) System.Buffers.ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>The activation of layer <paramref name="layer"/>.</summary>
    public Activation ActivationOf(int layer)
    {
        CheckLayer(layer);
        return _activations[layer];
    }

    /// <summary>Units in each layer, inputs first.</summary>
    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>
    /// Writes the network (architecture, metadata, weights and biases, a CRC-64 over all of it) in FastNeuron's model
    /// format (docs/model-format.md). Load gives back the same bits.
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ModelBytes());
    }

    /// <summary>
    /// Saves to <paramref name="path"/> through a temporary file in the same folder, flushed to disk and then renamed
    /// over the target: a failure or a crash leaves any existing file as it was, never a half-written model.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
        byte[] bytes = ModelBytes();
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private byte[] ModelBytes()
        => ModelFile.Write<T>(_sizes, _activations, UseBias, Loss, _metadata, Weights, Biases);

    /// <summary>
    /// Reads a model written by <see cref="Save(Stream)"/>. A float64 model loaded as float32 (or the reverse) is
    /// converted; the same type gives back the saved bits. Fails with <see cref="InvalidDataException"/> naming the
    /// problem for a truncated or damaged file, an unknown version or impossible sizes.
    /// </summary>
    public static Network<T> Load(Stream stream, Backend backend = Backend.Vector, VectorWidth? width = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FromContents(ModelFile.Read(stream, "model stream"), backend, width);
    }

    /// <summary>Reads the model file at <paramref name="path"/>; errors name the file.</summary>
    public static Network<T> Load(string path, Backend backend = Backend.Vector, VectorWidth? width = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return FromContents(ModelFile.Read(file, path), backend, width);
    }

    private static Network<T> FromContents(ModelFile.Contents contents, Backend backend, VectorWidth? width)
    {
        Network<T> network;
        try
        {
            network = new Network<T>(contents.Sizes, contents.Activations, useBias: contents.UseBias, backend: backend, width: width, loss: contents.Loss);
            network.Metadata = contents.Metadata;
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The model file describes a network FastNeuron cannot build: {e.Message}", e);
        }
        for (int l = 0; l < contents.Activations.Length; l++)
        {
            int inputs = contents.Sizes[l], units = contents.Sizes[l + 1], stride = network._strides[l];
            for (int k = 0; k < inputs; k++)
            {
                for (int o = 0; o < units; o++)
                {
                    network._weights[l][k * stride + o] = T.CreateChecked(contents.Weights[l][k * units + o]);
                }
            }
            for (int o = 0; o < units; o++)
            {
                network._biases[l][o] = T.CreateChecked(contents.Biases[l][o]);
            }
            if (Checks.IndexOfNonFinite<T>(network._weights[l]) >= 0 || Checks.IndexOfNonFinite<T>(network._biases[l]) >= 0)
            {
                throw new InvalidDataException($"The model file's layer {l} has a non-finite weight or bias.");
            }
        }
        return network;
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

    /// <summary>
    /// A copy of layer <paramref name="layer"/>'s weights, (inputs × outputs) row-major: numpy's orientation, so
    /// element [k·outputs + o] is input k's weight in neuron o.
    /// </summary>
    public T[] Weights(int layer)
    {
        CheckLayer(layer);
        int inputs = _sizes[layer], outputs = _sizes[layer + 1], stride = _strides[layer];
        var copy = new T[inputs * outputs];
        for (int k = 0; k < inputs; k++)
        {
            _weights[layer].AsSpan(k * stride, outputs).CopyTo(copy.AsSpan(k * outputs));
        }
        return copy;
    }

    /// <summary>A copy of layer <paramref name="layer"/>'s biases (zeros when the network has none).</summary>
    public T[] Biases(int layer)
    {
        CheckLayer(layer);
        return _biases[layer].AsSpan(0, _sizes[layer + 1]).ToArray();
    }

    /// <summary>Layer <paramref name="layer"/>'s weights as stored, (inputs × stride) with zero padding: for the gradient check's finite differences.</summary>
    internal T[] MutableWeights(int layer) => _weights[layer];

    /// <summary>Layer <paramref name="layer"/>'s last computed Δw, laid out like <see cref="MutableWeights"/> (Train reuses the buffer).</summary>
    internal ReadOnlySpan<T> WeightGradients(int layer) => _weightGradients[layer];

    /// <summary>Layer l's padded width (see <see cref="DenseLayout"/>).</summary>
    internal int Stride(int layer) => _strides[layer];

    private void CheckLayer(int layer)
    {
        if ((uint)layer >= (uint)_weights.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The network has layers 0 to {_weights.Length - 1}.");
        }
    }

    /// <summary>Rows Think pushes through the layers together, bounded so that its two stack buffers stay under 32 KB.</summary>
    private int ThinkBlockRows => Math.Clamp(ThinkBufferValues / _widestStride, 1, 16);

    private const int ThinkBufferValues = 2048;

    /// <summary>
    /// The network's outputs for row-major <paramref name="inputs"/> (rows × InputCount) into destination
    /// (rows × OutputCount): the training forward pass's kernels, so each row gets the bits training computes for it.
    /// Allocates nothing (layers wider than 2,048 units rent their buffers from the shared pool) and is safe from many
    /// threads at once; it fails while the network trains.
    /// </summary>
    public void Think(ReadOnlySpan<T> inputs, Span<T> destination)
    {
        int rows = Checks.Rows(inputs.Length, nameof(inputs), InputCount, "the network's input size");
        Checks.DestinationLength(destination.Length, rows * OutputCount);
        if (Volatile.Read(ref _training) != 0 && _trainingThread != Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException("The network is training; Think can run once Train or Fit has returned.");
        }
        if (rows == 1 && Backend != Backend.TensorPrimitives && _widestStride <= ThinkBufferValues)
        {
            // One sample: one width dispatch, then the layers straight through the same kernels' single-row bodies.
            switch (Width)
            {
                case VectorWidth.Vector512: ThinkOne<Vector512<T>, Vector512Ops<T>>(inputs, destination); return;
                case VectorWidth.Vector256: ThinkOne<Vector256<T>, Vector256Ops<T>>(inputs, destination); return;
                case VectorWidth.Vector128: ThinkOne<Vector128<T>, Vector128Ops<T>>(inputs, destination); return;
                default: ThinkOne<T, ScalarOps<T>>(inputs, destination); return;
            }
        }
        int block = ThinkBlockRows;
        int values = block * _widestStride;
        T[]? rented = null;
        Span<T> buffers = values <= ThinkBufferValues
            ? stackalloc T[2 * ThinkBufferValues]
            : (rented = System.Buffers.ArrayPool<T>.Shared.Rent(2 * values));
        Span<T> a = buffers[..values], b = buffers.Slice(values, values);
        for (int first = 0; first < rows; first += block)
        {
            int count = Math.Min(block, rows - first);
            scoped ReadOnlySpan<T> x = inputs.Slice(first * InputCount, count * InputCount);
            int xStride = InputCount;
            Span<T> output = a;
            for (int l = 0; l < _weights.Length; l++)
            {
                output = (l % 2 == 0) ? a : b;
                ForwardLayer(l, x, xStride, count, output);
                x = output;
                xStride = _strides[l];
            }
            for (int i = 0; i < count; i++)
            {
                output.Slice(i * xStride, OutputCount).CopyTo(destination.Slice((first + i) * OutputCount, OutputCount));
            }
        }
        if (rented is not null) System.Buffers.ArrayPool<T>.Shared.Return(rented);
    }

    private void ThinkOne<TVec, TOps>(ReadOnlySpan<T> input, Span<T> destination)
        where TVec : struct
        where TOps : ISimdOps<TVec, T>
    {
        Span<T> buffers = stackalloc T[2 * ThinkBufferValues];
        ref T a = ref MemoryMarshal.GetReference(buffers);
        ref T b = ref Unsafe.Add(ref a, ThinkBufferValues);
        scoped ref T x = ref MemoryMarshal.GetReference(input);
        scoped ref T z = ref a;
        for (int l = 0; l < _weights.Length; l++)
        {
            z = ref (l % 2 == 0) ? ref a : ref b;
            int stride = _strides[l];
            DenseForward.OneRow<T, TVec, TOps>(ref x, _sizes[l], ref MemoryMarshal.GetArrayDataReference(_weights[l]), stride,
                ref MemoryMarshal.GetArrayDataReference(_biases[l]), UseBias, ref z);
            DenseKernels.Activate<T, TVec, TOps>(_activations[l], ref z, 1, stride, _sizes[l + 1]);
            x = ref z;
        }
        MemoryMarshal.CreateReadOnlySpan(ref z, OutputCount).CopyTo(destination);
    }

    /// <summary>One layer for a block of rows: z = x·W + b, then the activation, into output (rows × stride).</summary>
    private void ForwardLayer(int layer, ReadOnlySpan<T> x, int xStride, int rows, Span<T> output)
    {
        int stride = _strides[layer], units = _sizes[layer + 1];
        Span<T> z = output[..(rows * stride)];
        if (Backend == Backend.TensorPrimitives)
        {
            // TensorPrimitives: each row a sequential sweep over the inputs, z ← fma(W row k, x[i, k], z).
            for (int i = 0; i < rows; i++)
            {
                Span<T> row = z.Slice(i * stride, stride);
                if (UseBias) _biases[layer].CopyTo(row); else row.Clear();
                for (int k = 0; k < _sizes[layer]; k++)
                {
                    Tensor.FusedMultiplyAdd(_weights[layer].AsSpan(k * stride, stride), x[i * xStride + k], row, row);
                }
            }
            switch (_activations[layer])
            {
                case Activation.Sigmoid: Tensor.Sigmoid(z, z); return;
                case Activation.Tanh: Tensor.Tanh(z, z); return;
                case Activation.Softmax:
                    for (int i = 0; i < rows; i++) Tensor.SoftMax(z.Slice(i * stride, units), z.Slice(i * stride, units));
                    return;
            }
        }
        else
        {
            DenseKernels.Forward<T>(x, xStride, rows, _sizes[layer], _weights[layer], stride, _biases[layer], UseBias, z, Width);
        }
        DenseKernels.Activate<T>(_activations[layer], z, rows, stride, units, Width);
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
            throw TargetShape(targets.Length, rows);
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
            throw TargetShape(targets.Length, rows);
        }
        if (!double.IsFinite(options.LearningRate) || options.LearningRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "options.LearningRate must be finite and greater than 0.");
        }
        Checks.AllFinite(inputs, InputCount, nameof(inputs));
        Checks.AllFinite(targets, OutputCount, nameof(targets));
        if (!validationInputs.IsEmpty || !validationTargets.IsEmpty)
        {
            int validationRows = Checks.Rows(validationInputs.Length, nameof(validationInputs), InputCount, "the network's input size");
            if (validationTargets.Length != validationRows * OutputCount)
            {
                throw new ArgumentException($"validationTargets has {validationTargets.Length} values but {validationRows} validation rows × {OutputCount} outputs = {validationRows * OutputCount} are needed.", nameof(validationTargets));
            }
            Checks.AllFinite(validationInputs, InputCount, nameof(validationInputs));
        }
        using var writer = new SingleWriter(this);
        int batch = options.BatchSize <= 0 ? rows : Math.Min(options.BatchSize, rows);
        // Each step writes the new weights beside the old ones; they replace them only when every one is finite.
        T[][] nextWeights = _weights.Select(w => new T[w.Length]).ToArray();
        T[][] nextBiases = _biases.Select(b => new T[b.Length]).ToArray();
        var optimizer = new Optimizer<T>(options, _weights, _biases, Width);
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
                optimizer.Step(_weights, _weightGradients, _biases, _biasGradients, UseBias, T.CreateChecked(1.0 / count), nextWeights, nextBiases);
                for (int l = 0; l < _weights.Length; l++)
                {
                    if (Checks.IndexOfNonFinite<T>(nextWeights[l]) >= 0 || Checks.IndexOfNonFinite<T>(nextBiases[l]) >= 0)
                    {
                        throw new TrainingDivergedException(epoch,
                            $"Training diverged in epoch {epoch}: layer {l} got a non-finite weight. The network keeps the weights from before that step; lower the learning rate.");
                    }
                }
                for (int l = 0; l < _weights.Length; l++)
                {
                    (_weights[l], nextWeights[l]) = (nextWeights[l], _weights[l]);
                    (_biases[l], nextBiases[l]) = (nextBiases[l], _biases[l]);
                }
            }
            // The report costs a forward pass over the sets: only when someone reads it.
            double trainLoss = options.OnEpoch is null ? double.NaN : Evaluate(inputs, targets).Loss;
            double? validationLoss = null, validationAccuracy = null;
            if (!validationInputs.IsEmpty && (options.OnEpoch is not null || options.EarlyStoppingPatience > 0))
            {
                (validationLoss, validationAccuracy) = Evaluate(validationInputs, validationTargets);
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

    private ArgumentException TargetShape(int length, int rows)
        => new($"targets has {length} values, {(rows == 0 ? 0 : length / (double)rows):0.##} per row for {rows} rows, but the output layer " +
            $"(layer {_weights.Length - 1}) has {OutputCount} units: targets must be (rows × {OutputCount}) = {rows * OutputCount} values" +
            (OutputCount > 1 ? $", one-hot for classes (see OneHot)." : "."), "targets");

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
                    $"labels[{i}] is {labels[i]}, outside the output layer's classes (layer {_weights.Length - 1}: {OutputCount} units, classes 0 to {OutputCount - 1}).");
            }
            targets[i * OutputCount + labels[i]] = T.One;
        }
        return targets;
    }

    /// <summary>The fraction of rows whose largest output is at the target's largest (one output: both on the same side of ½).</summary>
    public double Accuracy(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets) => Evaluate(inputs, targets).Accuracy;

    /// <summary>
    /// The mean loss (½ Σ (y − o)², or −Σ y·log o) and the accuracy over a data set, from one forward pass in blocks of
    /// 256 rows through a pooled buffer: the per-epoch report costs no allocation and no second pass.
    /// </summary>
    private (double Loss, double Accuracy) Evaluate(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
    {
        int rows = Checks.Rows(inputs.Length, nameof(inputs), InputCount, "the network's input size");
        if (targets.Length != rows * OutputCount) throw TargetShape(targets.Length, rows);
        if (rows == 0) return (0, 0);
        const int Block = 256;
        T[] buffer = System.Buffers.ArrayPool<T>.Shared.Rent(Block * OutputCount);
        double total = 0;
        int correct = 0;
        try
        {
            for (int first = 0; first < rows; first += Block)
            {
                int count = Math.Min(Block, rows - first);
                Span<T> outputs = buffer.AsSpan(0, count * OutputCount);
                Think(inputs.Slice(first * InputCount, count * InputCount), outputs);
                for (int i = 0; i < count; i++)
                {
                    ReadOnlySpan<T> o = outputs.Slice(i * OutputCount, OutputCount);
                    ReadOnlySpan<T> y = targets.Slice((first + i) * OutputCount, OutputCount);
                    if (Metrics.IsRight(o, y)) correct++;
                    total += Metrics.RowLoss(Loss, o, y);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<T>.Shared.Return(buffer);
        }
        return (total / rows, (double)correct / rows);
    }

    /// <summary>Δw = −∂E/∂w and Δb for the network's loss, summed over the batch, into the gradient buffers.</summary>
    internal void ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows)
    {
        EnsureBuffers(rows);
        // The backward pass reads each layer's weights a row per output unit; refresh that copy from the weights as they are.
        for (int l = 1; l < _weights.Length; l++)
        {
            DenseLayout.Transpose<T>(_weights[l], _sizes[l], _sizes[l + 1], _strides[l], _transposed[l], _strides[l - 1]);
        }
        int chunks = (rows + Gradient.ChunkRows - 1) / Gradient.ChunkRows;
        if (chunks < 2)
        {
            BackPropagate(inputs, targets, 0, rows, _weightGradients, _biasGradients);
            return;
        }
        // Each 4,096-row chunk goes through every layer while its rows are still in cache, and its Δw partial is the
        // chain the whole-batch kernel computes for that chunk; added here in chunk order, the partials give the
        // whole-batch bits whatever the thread count.
        EnsurePartials(chunks);
        int threads = Math.Min(Threads, chunks);
        if (threads < 2)
        {
            for (int c = 0; c < chunks; c++)
            {
                int first = c * Gradient.ChunkRows;
                BackPropagate(inputs, targets, first, Math.Min(Gradient.ChunkRows, rows - first), _partialWeights[c], _partialBiases[c]);
            }
        }
        else
        {
            unsafe
            {
                fixed (T* x = inputs)
                fixed (T* y = targets)
                {
                    _job.Prepare(x, inputs.Length, y, targets.Length, rows);
                    Training.ChunkWorkers.Shared.Run(_job, chunks, threads);
                }
            }
        }
        for (int l = 0; l < _weights.Length; l++)
        {
            _partialWeights[0][l].CopyTo(_weightGradients[l], 0);
            _partialBiases[0][l].CopyTo(_biasGradients[l], 0);
            for (int c = 1; c < chunks; c++)
            {
                Tensor.Add(_weightGradients[l], _partialWeights[c][l], _weightGradients[l]);
                Tensor.Add(_biasGradients[l], _partialBiases[c][l], _biasGradients[l]);
            }
        }
    }

    /// <summary>ComputeGradients without the chunking: the batched kernels over every row at once (the tests' reference).</summary>
    internal void ComputeGradientsInOnePass(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows)
    {
        EnsureBuffers(rows);
        for (int l = 1; l < _weights.Length; l++)
        {
            DenseLayout.Transpose<T>(_weights[l], _sizes[l], _sizes[l + 1], _strides[l], _transposed[l], _strides[l - 1]);
        }
        BackPropagate(inputs, targets, 0, rows, _weightGradients, _biasGradients);
    }

    /// <summary>Forward, deltas and Δw, Δb for rows [first, first + count) of the batch, into the given gradient arrays.</summary>
    private void BackPropagate(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int first, int count, T[][] weightGradients, T[][] biasGradients)
    {
        ReadOnlySpan<T> x = inputs.Slice(first * InputCount, count * InputCount);
        int xStride = InputCount;
        for (int l = 0; l < _weights.Length; l++)
        {
            Span<T> output = _outputs[l].AsSpan(first * _strides[l], count * _strides[l]);
            ForwardLayer(l, x, xStride, count, output);
            x = output;
            xStride = _strides[l];
        }
        OutputDeltas(targets, first, count);
        int last = _weights.Length - 1;
        for (int l = last - 1; l >= 0; l--)
        {
            DenseKernels.HiddenDelta<T>(_activations[l], _deltas[l + 1].AsSpan(first * _strides[l + 1]), _strides[l + 1], _sizes[l + 2], _transposed[l + 1], _strides[l],
                _outputs[l].AsSpan(first * _strides[l]), _deltas[l].AsSpan(first * _strides[l]), count, Width);
        }
        for (int l = 0; l <= last; l++)
        {
            ReadOnlySpan<T> a = l == 0 ? inputs[(first * InputCount)..] : _outputs[l - 1].AsSpan(first * _strides[l - 1]);
            DenseKernels.WeightGradient<T>(a, l == 0 ? InputCount : _strides[l - 1], _sizes[l], _deltas[l].AsSpan(first * _strides[l]), _strides[l], count,
                weightGradients[l], biasGradients[l], UseBias, Width);
        }
    }

    /// <summary>
    /// Threads that full batches of more than one 4,096-row chunk are trained on (Train, and Fit with large batches).
    /// Any count gives the same bits. Default: every core.
    /// </summary>
    public int Threads
    {
        get => _threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Threads));
            _threads = value;
        }
    }

    private int _threads = Environment.ProcessorCount;
    private T[][][] _partialWeights = [];
    private T[][][] _partialBiases = [];
    private readonly ChunkJob _job;

    private void EnsurePartials(int chunks)
    {
        if (_partialWeights.Length >= chunks) return;
        _partialWeights = Enumerable.Range(0, chunks).Select(_ => _weights.Select(w => new T[w.Length]).ToArray()).ToArray();
        _partialBiases = Enumerable.Range(0, chunks).Select(_ => _biases.Select(b => new T[b.Length]).ToArray()).ToArray();
    }

    /// <summary>One batch's chunks for the worker threads; the spans are pinned by ComputeGradients while they run.</summary>
    private sealed unsafe class ChunkJob(Network<T> network) : Training.IChunkJob
    {
        private T* _inputs;
        private T* _targets;
        private int _inputLength;
        private int _targetLength;
        private int _rows;

        public void Prepare(T* inputs, int inputLength, T* targets, int targetLength, int rows)
        {
            _inputs = inputs;
            _targets = targets;
            _inputLength = inputLength;
            _targetLength = targetLength;
            _rows = rows;
        }

        public void RunChunk(int chunk)
        {
            int first = chunk * Gradient.ChunkRows;
            network.BackPropagate(new ReadOnlySpan<T>(_inputs, _inputLength), new ReadOnlySpan<T>(_targets, _targetLength),
                first, Math.Min(Gradient.ChunkRows, _rows - first), network._partialWeights[chunk], network._partialBiases[chunk]);
        }
    }

    /// <summary>
    /// The output layer's deltas, element by element in the same scalar code on every backend: y − o for cross-entropy
    /// (softmax or sigmoid output), (y − o)·f'(o) for squared error. Padding lanes stay 0.
    /// </summary>
    private void OutputDeltas(ReadOnlySpan<T> targets, int first, int rows)
    {
        int last = _weights.Length - 1, stride = _strides[last], units = OutputCount;
        Activation activation = _activations[last];
        ref T y = ref Unsafe.Add(ref MemoryMarshal.GetReference(targets), first * units);
        ref T output = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_outputs[last]), first * stride);
        ref T delta = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_deltas[last]), first * stride);
        for (int i = 0; i < rows; i++)
        {
            ref T yi = ref Unsafe.Add(ref y, i * units);
            ref T oi = ref Unsafe.Add(ref output, i * stride);
            ref T di = ref Unsafe.Add(ref delta, i * stride);
            if (Loss == Loss.CrossEntropy)
            {
                for (int o = 0; o < units; o++) Unsafe.Add(ref di, o) = Unsafe.Add(ref yi, o) - Unsafe.Add(ref oi, o);
            }
            else
            {
                for (int o = 0; o < units; o++)
                {
                    T value = Unsafe.Add(ref oi, o);
                    Unsafe.Add(ref di, o) = (Unsafe.Add(ref yi, o) - value) * DerivativeFromOutput(activation, value);
                }
            }
        }
    }

    private static T DerivativeFromOutput(Activation activation, T output) => activation switch
    {
        Activation.Sigmoid => SigmoidFromOutputDerivative.Invoke<T, T, ScalarOps<T>>(output),
        Activation.Tanh => TanhFromOutputDerivative.Invoke<T, T, ScalarOps<T>>(output),
        Activation.Relu => ReluFromOutputDerivative.Invoke<T, T, ScalarOps<T>>(output),
        Activation.LeakyRelu => LeakyReluFromOutputDerivative.Invoke<T, T, ScalarOps<T>>(output),
        _ => LinearDerivative.Invoke<T, T, ScalarOps<T>>(output),
    };

    private void EnsureBuffers(int rows)
    {
        if (_capacityRows >= rows) return;
        _outputs = new T[_weights.Length][];
        _deltas = new T[_weights.Length][];
        for (int l = 0; l < _weights.Length; l++)
        {
            _outputs[l] = new T[rows * _strides[l]];
            _deltas[l] = new T[rows * _strides[l]];
        }
        _capacityRows = rows;
    }
}
