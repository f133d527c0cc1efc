using System.Numerics;

namespace FastNeuron.Networks;

/// <summary>
/// One version of a network's weights and biases, each layer's array laid out as <see cref="NetworkLayers{T}"/>
/// stores it. A set that inference reads (<see cref="NetworkLayers{T}.Published"/>) is never written again: training
/// works on its own arrays and publishes a new set, so a reader that takes the set once per call sees one version,
/// whole, and never waits.
/// </summary>
internal sealed class ParameterSet<T>(T[][] weights, T[][] biases)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Layer l's weights, inputs × stride.</summary>
    public T[][] Weights { get; } = weights;

    /// <summary>Layer l's biases, stride values.</summary>
    public T[][] Biases { get; } = biases;

    /// <summary>A set whose arrays are copies of these: what training publishes while it goes on writing its own.</summary>
    public ParameterSet<T> Copy()
        => new(Array.ConvertAll(Weights, w => (T[])w.Clone()), Array.ConvertAll(Biases, b => (T[])b.Clone()));

    /// <summary>A set holding these same arrays under new outer arrays, so that swapping a layer here leaves it alone.</summary>
    public ParameterSet<T> Share() => new((T[][])Weights.Clone(), (T[][])Biases.Clone());
}
