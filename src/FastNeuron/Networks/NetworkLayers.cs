using System.Numerics;
using FastNeuron.Kernels.Dense;

namespace FastNeuron.Networks;

/// <summary>
/// A network's layers as the kernels see them: sizes, activations, padded strides, weights (inputs × stride,
/// numpy's orientation) and biases (stride), plus how they are computed (backend, width, loss, biases on or off).
/// Training replaces <see cref="Weights"/>[l] and <see cref="Biases"/>[l] with new arrays each step; inference reads
/// <see cref="Published"/>, a version training never writes (<see cref="ParameterSet{T}"/>).
/// </summary>
internal sealed class NetworkLayers<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public NetworkLayers(int[] sizes, Activation[] activations, bool useBias, Loss loss, Backend backend, VectorWidth width)
    {
        Sizes = sizes;
        Activations = activations;
        UseBias = useBias;
        Loss = loss;
        Backend = backend;
        Width = width;
        int count = sizes.Length - 1;
        Strides = new int[count];
        Weights = new T[count][];
        Biases = new T[count][];
        for (int l = 0; l < count; l++)
        {
            int stride = Strides[l] = DenseLayout.Stride<T>(sizes[l + 1]);
            Weights[l] = new T[sizes[l] * stride];
            Biases[l] = new T[stride];
        }
        WidestStride = Strides.Max();
        for (int l = 0; l < count; l++) WeightsPerRow += (long)sizes[l] * Strides[l];
        Working = new ParameterSet<T>(Weights, Biases);
        _published = Working.Share();   // its panels are made on first use, after the constructor's weights are drawn
    }

    private ParameterSet<T> _published;

    /// <summary>Units per layer, inputs first.</summary>
    public int[] Sizes { get; }

    public Activation[] Activations { get; }

    /// <summary>Layer l's padded width: its units rounded up to whole 64-byte blocks.</summary>
    public int[] Strides { get; }

    public int WidestStride { get; }

    /// <summary>Multiply-adds in one row's forward pass, padding lanes included: the measure of a batch's work.</summary>
    public long WeightsPerRow { get; }

    /// <summary>The weights training reads and writes (at rest, the published arrays themselves).</summary>
    public T[][] Weights { get; }

    /// <summary>The biases training reads and writes.</summary>
    public T[][] Biases { get; }

    /// <summary><see cref="Weights"/> and <see cref="Biases"/> as one set, for the forward pass during training.</summary>
    public ParameterSet<T> Working { get; }

    /// <summary>The version inference, Save and the weight accessors read: take it once per call.</summary>
    public ParameterSet<T> Published => Volatile.Read(ref _published);

    /// <summary>
    /// Before training writes anything: the working arrays become copies, so the published arrays are never written
    /// while a reader may hold them.
    /// </summary>
    public void DetachWorkingFromPublished()
    {
        for (int l = 0; l < Count; l++)
        {
            Weights[l] = (T[])Weights[l].Clone();
            Biases[l] = (T[])Biases[l].Clone();
        }
    }

    /// <summary>Between steps of training: publishes a copy of the working weights (training goes on writing them).</summary>
    public void PublishCopy() => Volatile.Write(ref _published, Working.Copy());

    /// <summary>When training has returned (or thrown): publishes the working arrays themselves, no longer written.</summary>
    public void PublishWorking() => Volatile.Write(ref _published, Working.Share(_keepsPanels));

    private bool _keepsPanels = true;

    /// <summary>
    /// From now on, the published sets keep no packed panels (<see cref="ParameterSet{T}.Panels"/>): for a caller that
    /// writes into the arrays at rest after inference may have read them (the tests' <c>Network.MutableWeights</c>).
    /// </summary>
    public void StopKeepingPanels()
    {
        _keepsPanels = false;
        PublishWorking();
    }

    public bool UseBias { get; }

    public Loss Loss { get; }

    public Backend Backend { get; }

    public VectorWidth Width { get; }

    public int Count => Weights.Length;

    public int InputCount => Sizes[0];

    public int OutputCount => Sizes[^1];

    /// <summary>
    /// Draws every layer's weights in turn from numpy's generator seeded with <paramref name="seed"/> (float64, times
    /// Glorot's range √(6 / (inputs + outputs)) when <paramref name="scaled"/>, then rounded to T); biases stay 0.
    /// </summary>
    public void Initialise(uint seed, bool scaled)
    {
        var random = new NumpyRandom(seed);
        for (int l = 0; l < Count; l++)
        {
            int inputs = Sizes[l], outputs = Sizes[l + 1];
            // Off, the draws are the seed programs' [−1, 1); on, Glorot's range keeps wide layers out of saturation.
            double scale = scaled ? Math.Sqrt(6.0 / (inputs + outputs)) : 1.0;
            WeightDraw.Symmetric<T>(random, inputs, outputs, scale, Weights[l], Strides[l]);
        }
    }

    /// <summary>Layer l's published weights without the padding, (inputs × units) row-major.</summary>
    public T[] CopyWeights(int layer) => CopyWeights(Published, layer);

    /// <summary>Layer l's weights in <paramref name="set"/> without the padding, (inputs × units) row-major.</summary>
    public T[] CopyWeights(ParameterSet<T> set, int layer)
    {
        int inputs = Sizes[layer], units = Sizes[layer + 1], stride = Strides[layer];
        var copy = new T[inputs * units];
        for (int k = 0; k < inputs; k++)
        {
            set.Weights[layer].AsSpan(k * stride, units).CopyTo(copy.AsSpan(k * units));
        }
        return copy;
    }

    /// <summary>Layer l's published biases without the padding.</summary>
    public T[] CopyBiases(int layer) => CopyBiases(Published, layer);

    /// <summary>Layer l's biases in <paramref name="set"/> without the padding.</summary>
    public T[] CopyBiases(ParameterSet<T> set, int layer) => set.Biases[layer].AsSpan(0, Sizes[layer + 1]).ToArray();
}
