namespace FastNeuron;

/// <summary>How a <see cref="Neuron{T}"/> trains and computes. The defaults reproduce the seed program.</summary>
public sealed record NeuronOptions
{
    /// <summary>The kernels to use. Default: <see cref="FastNeuron.Backend.Vector"/>.</summary>
    public Backend Backend { get; init; } = Backend.Vector;

    /// <summary>
    /// For <see cref="FastNeuron.Backend.Vector"/>: the register width, or null for the widest the hardware
    /// accelerates (<see cref="VectorWidths.Best"/>). A width the hardware does not accelerate still gives the
    /// same bits, in software, slowly: that is how the tests check every width on every machine.
    /// </summary>
    public VectorWidth? Width { get; init; }

    /// <summary>η in w += η·Xᵀδ. Must be finite and positive. Default 1, the seed's.</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>
    /// The most threads a full-batch epoch of the Vector backend may use, or null for every logical core. The rows are
    /// split into fixed chunks whose boundaries do not depend on this number, so it changes the speed, never the bits.
    /// Small problems (under 2^18 input values) stay on the calling thread.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>Whether the neuron has a bias b, trained with the weights: z = x·w + b. Default off, the seed's.</summary>
    public bool UseBias { get; init; }
}
