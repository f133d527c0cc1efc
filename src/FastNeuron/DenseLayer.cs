namespace FastNeuron;

/// <summary>One dense layer of a <see cref="Network{T}"/>: its inputs, its units and their activation.</summary>
/// <param name="Inputs">Values each unit reads: the previous layer's units, or the network's inputs for the first layer.</param>
/// <param name="Units">Neurons in the layer.</param>
/// <param name="Activation">The activation every unit applies.</param>
public sealed record DenseLayer(int Inputs, int Units, Activation Activation);
