namespace FastNeuron;

/// <summary>What training minimises.</summary>
public enum Loss
{
    /// <summary>½ Σ (y − o)² per row, summed over outputs; the output delta is (y − o)·f'(o).</summary>
    SquaredError,
    /// <summary>−Σ y·log o, with a softmax (classes) or sigmoid (binary) output; the output delta is y − o.</summary>
    CrossEntropy,
}
