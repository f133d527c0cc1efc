using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastNeuron.Common;
using FastNeuron.Kernels;
using FastNeuron.Kernels.Dense;
using FastNeuron.Training;

namespace FastNeuron.Networks;

/// <summary>
/// Δw = −∂E/∂w and Δb for a batch, summed over its rows: the forward pass, the output and hidden deltas and the
/// weight gradients, with the buffers they need. A batch of more than one 4,096-row chunk goes chunk by chunk (each
/// chunk through every layer while its rows are in cache) on up to <see cref="Threads"/> threads, and the chunks'
/// partials are folded in chunk order (<see cref="ChunkFold"/>), which gives the one-pass bits for any thread count.
/// </summary>
internal sealed unsafe partial class Backpropagation<T> : IChunkJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly NetworkLayers<T> _layers;
    private T[][] _transposed = [];
    private T[][] _weightGradients = [];
    private T[][] _biasGradients = [];
    private T[][] _outputs = [];
    private T[][] _deltas = [];
    private int _capacityRows;
    // The TensorPrimitives backend's working row and chunk partial, one per chunk so that threads never share one
    // (empty on the other backends).
    private T[][] _tensorScratch = [];
    // Per layer, the chunks' partials chunk-major (ChunkFold's layout).
    private T[][] _partialWeights = [];
    private T[][] _partialBiases = [];
    private int _partialChunks;
    // The batch the worker threads read, pinned by ComputeGradients while they run.
    private T* _jobInputs;
    private T* _jobTargets;
    private int _jobRows;
    private JobKind _jobKind;

    /// <summary>
    /// Allocates nothing: the gradient buffers (as large as the weights) are made by the first training call, so a
    /// network that is only loaded and asked to think costs its weights alone.
    /// </summary>
    public Backpropagation(NetworkLayers<T> layers)
    {
        _layers = layers;
    }

    /// <summary>The last batch's Δw per layer, laid out like the weights (padding lanes 0).</summary>
    public T[][] WeightGradients
    {
        get
        {
            EnsureGradients();
            return _weightGradients;
        }
    }

    /// <summary>The last batch's Δb per layer.</summary>
    public T[][] BiasGradients
    {
        get
        {
            EnsureGradients();
            return _biasGradients;
        }
    }

    /// <summary>The last batch's outputs (its first <paramref name="rows"/> rows × the output layer's stride), for the divergence check.</summary>
    public ReadOnlySpan<T> Outputs(int rows) => _outputs[^1].AsSpan(0, rows * _layers.Strides[^1]);

    /// <summary>Threads for batches of several chunks; any count gives the same bits.</summary>
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>Δw and Δb for row-major <paramref name="inputs"/> and <paramref name="targets"/>, into the gradient buffers.</summary>
    public void ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows)
    {
        EnsureBuffers(rows);
        TransposeWeights();
        int chunks = (rows + Gradient.ChunkRows - 1) / Gradient.ChunkRows;
        if (chunks < 2)
        {
            if (!TrySplitOneChunk(inputs, targets, rows))
            {
                BackPropagate(inputs, targets, 0, rows, WeightGradients, BiasGradients, 0);
            }
            return;
        }
        EnsurePartials(chunks);
        RunChunks(inputs, targets, rows, chunks);
        for (int l = 0; l < _layers.Count; l++)
        {
            ChunkFold.InOrder<T>(_partialWeights[l], chunks, WeightGradients[l]);
            ChunkFold.InOrder<T>(_partialBiases[l], chunks, BiasGradients[l]);
        }
    }

    /// <summary>ComputeGradients without the chunking: the batched kernels over every row at once (the tests' reference).</summary>
    public void ComputeGradientsInOnePass(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows)
    {
        EnsureBuffers(rows);
        TransposeWeights();
        BackPropagate(inputs, targets, 0, rows, WeightGradients, BiasGradients, 0);
    }

    void IChunkJob.RunChunk(int chunk)
    {
        var inputs = new ReadOnlySpan<T>(_jobInputs, _jobRows * _layers.InputCount);
        var targets = new ReadOnlySpan<T>(_jobTargets, _jobRows * _layers.OutputCount);
        switch (_jobKind)
        {
            case JobKind.Chunks: RunChunk(inputs, targets, _jobRows, chunk); break;
            case JobKind.RowParts: RunRowPart(inputs, targets, _jobRows, chunk); break;
            default: RunGradientSlice(inputs, _jobRows, chunk); break;
        }
    }

    private void RunChunk(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows, int chunk)
    {
        int first = chunk * Gradient.ChunkRows;
        BackPropagate(inputs, targets, first, Math.Min(Gradient.ChunkRows, rows - first), _partialWeights, _partialBiases, chunk);
    }

    /// <summary>The backward pass reads each layer's weights a row per output unit: refresh that copy from the weights as they are.</summary>
    private void TransposeWeights()
    {
        for (int l = 1; l < _layers.Count; l++)
        {
            WeightTranspose.Invoke<T>(_layers.Weights[l], _layers.Sizes[l], _layers.Sizes[l + 1], _layers.Strides[l], _transposed[l], _layers.Strides[l - 1]);
        }
    }

    /// <summary>
    /// Forward, deltas and Δw, Δb for rows [first, first + count) of the batch, into part <paramref name="part"/> of
    /// the given per-layer gradient arrays (part 0 of the plain gradients, or chunk <paramref name="part"/> of the partials).
    /// </summary>
    private void BackPropagate(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int first, int count, T[][] weightGradients, T[][] biasGradients, int part)
    {
        ForwardAndDeltas(inputs, targets, first, count, part);
        for (int l = 0; l < _layers.Count; l++)
        {
            LayerWeightGradient(inputs, first, count, l, 0, _layers.Sizes[l], _layers.UseBias, weightGradients, biasGradients, part);
        }
    }

    /// <summary>
    /// The forward pass and every layer's deltas for rows [first, first + count): each row's values depend on that
    /// row alone, so any split of the rows gives the same bits.
    /// </summary>
    private void ForwardAndDeltas(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int first, int count, int part, CallerPackedWeights<T>? packed = null)
    {
        NetworkLayers<T> layers = _layers;
        int[] sizes = layers.Sizes, strides = layers.Strides;
        ReadOnlySpan<T> x = inputs.Slice(first * layers.InputCount, count * layers.InputCount);
        int xStride = layers.InputCount;
        for (int l = 0; l < layers.Count; l++)
        {
            Span<T> output = _outputs[l].AsSpan(first * strides[l], count * strides[l]);
            if (packed is null) NetworkForward.Layer(layers, l, layers.Weights[l], layers.Biases[l], x, xStride, count, output);
            else NetworkForward.Layer(layers, l, layers.Weights[l], layers.Biases[l], x, xStride, count, output, packed.Layer(l));
            x = output;
            xStride = strides[l];
        }
        OutputDeltas(targets, first, count);
        int last = layers.Count - 1;
        bool tensorPrimitives = layers.Backend == Backend.TensorPrimitives;
        for (int l = last - 1; l >= 0; l--)
        {
            ReadOnlySpan<T> nextDelta = _deltas[l + 1].AsSpan(first * strides[l + 1]);
            ReadOnlySpan<T> activations = _outputs[l].AsSpan(first * strides[l]);
            Span<T> delta = _deltas[l].AsSpan(first * strides[l]);
            if (!tensorPrimitives || !TensorPrimitivesBackward.HiddenDelta(layers.Activations[l], nextDelta, strides[l + 1], sizes[l + 2], _transposed[l + 1], strides[l],
                    activations, delta, count, _tensorScratch[part]))
            {
                DenseKernels.HiddenDelta<T>(layers.Activations[l], nextDelta, strides[l + 1], sizes[l + 2], _transposed[l + 1], strides[l],
                    activations, delta, count, layers.Width);
            }
        }
    }

    /// <summary>
    /// Layer <paramref name="l"/>'s Δw for its inputs [firstInput, firstInput + inputCount), summed over rows
    /// [first, first + count), and its Δb when <paramref name="withBias"/>, into part <paramref name="part"/> of the
    /// gradient arrays. Each weight's chain runs over the rows alone, so any split of the inputs gives the same bits.
    /// </summary>
    private void LayerWeightGradient(ReadOnlySpan<T> inputs, int first, int count, int l, int firstInput, int inputCount, bool withBias,
        T[][] weightGradients, T[][] biasGradients, int part)
    {
        NetworkLayers<T> layers = _layers;
        int[] sizes = layers.Sizes, strides = layers.Strides;
        ReadOnlySpan<T> a = l == 0 ? inputs[(first * layers.InputCount)..] : _outputs[l - 1].AsSpan(first * strides[l - 1]);
        int aStride = l == 0 ? layers.InputCount : strides[l - 1];
        int weights = layers.Weights[l].Length, biases = layers.Biases[l].Length;
        Span<T> weightGradient = weightGradients[l].AsSpan(part * weights, weights), biasGradient = biasGradients[l].AsSpan(part * biases, biases);
        if (layers.Backend == Backend.TensorPrimitives)
        {
            TensorPrimitivesBackward.WeightGradient(a, aStride, sizes[l], _deltas[l].AsSpan(first * strides[l]), strides[l], count,
                weightGradient, biasGradient, withBias, _tensorScratch[part]);
        }
        else
        {
            DenseKernels.WeightGradient<T>(a[firstInput..], aStride, inputCount, _deltas[l].AsSpan(first * strides[l]), strides[l], count,
                weightGradient[(firstInput * strides[l])..], biasGradient, withBias, layers.Width);
        }
    }

    /// <summary>
    /// The output layer's deltas, element by element in the same scalar code on every backend: y − o for cross-entropy
    /// (softmax or sigmoid output), (y − o)·f'(o) for squared error. Padding lanes stay 0.
    /// </summary>
    private void OutputDeltas(ReadOnlySpan<T> targets, int first, int rows)
    {
        int last = _layers.Count - 1, stride = _layers.Strides[last], units = _layers.OutputCount;
        Activation activation = _layers.Activations[last];
        bool crossEntropy = _layers.Loss == Loss.CrossEntropy;
        ref T y = ref Unsafe.Add(ref MemoryMarshal.GetReference(targets), first * units);
        ref T output = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_outputs[last]), first * stride);
        ref T delta = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_deltas[last]), first * stride);
        for (int i = 0; i < rows; i++)
        {
            ref T yi = ref Unsafe.Add(ref y, i * units);
            ref T oi = ref Unsafe.Add(ref output, i * stride);
            ref T di = ref Unsafe.Add(ref delta, i * stride);
            if (crossEntropy)
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

    private void EnsureGradients()
    {
        if (_weightGradients.Length != 0) return;
        var transposed = new T[_layers.Count][];
        var weightGradients = new T[_layers.Count][];
        var biasGradients = new T[_layers.Count][];
        for (int l = 0; l < _layers.Count; l++)
        {
            transposed[l] = l == 0 ? [] : new T[_layers.Sizes[l + 1] * _layers.Strides[l - 1]];
            weightGradients[l] = new T[_layers.Weights[l].Length];
            biasGradients[l] = new T[_layers.Biases[l].Length];
        }
        (_transposed, _biasGradients, _weightGradients) = (transposed, biasGradients, weightGradients);
        EnsureTensorScratch(1);
    }

    private void EnsureBuffers(int rows)
    {
        EnsureGradients();
        if (_capacityRows >= rows) return;
        _outputs = new T[_layers.Count][];
        _deltas = new T[_layers.Count][];
        for (int l = 0; l < _layers.Count; l++)
        {
            _outputs[l] = new T[rows * _layers.Strides[l]];
            _deltas[l] = new T[rows * _layers.Strides[l]];
        }
        _capacityRows = rows;
    }

    private void EnsurePartials(int chunks)
    {
        // The growing is a method of its own: a lambda capturing chunks here would allocate its closure on every call,
        // the early return included (24 bytes per multi-chunk batch).
        if (_partialChunks < chunks) GrowPartials(chunks);
    }

    private void GrowPartials(int chunks)
    {
        _partialWeights = _layers.Weights.Select(w => new T[chunks * w.Length]).ToArray();
        _partialBiases = _layers.Biases.Select(b => new T[chunks * b.Length]).ToArray();
        _partialChunks = chunks;
        EnsureTensorScratch(chunks);
    }

    private void EnsureTensorScratch(int parts)
    {
        if (_layers.Backend != Backend.TensorPrimitives || _tensorScratch.Length >= parts) return;
        int length = _layers.Weights.Select(w => w.Length).Max() + _layers.WidestStride;
        _tensorScratch = Enumerable.Range(0, parts).Select(_ => new T[length]).ToArray();
    }
}
