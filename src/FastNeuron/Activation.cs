namespace FastNeuron;

/// <summary>A layer's activation function.</summary>
public enum Activation
{
    /// <summary>σ(z) = 1 / (1 + exp(0 − z)) with FastNeuron's exp (docs/numerics.md). Its derivative from the output is o·(1 − o).</summary>
    Sigmoid,
    /// <summary>tanh(z), computed as 2·σ(2z) − 1 with FastNeuron's sigmoid; derivative 1 − o².</summary>
    Tanh,
    /// <summary>max(0, z); derivative 1 where o &gt; 0, else 0.</summary>
    Relu,
    /// <summary>z where z &gt; 0, else 0.01·z; derivative 1 or 0.01.</summary>
    LeakyRelu,
    /// <summary>z; derivative 1.</summary>
    Linear,
    /// <summary>
    /// The output layer's softmax: pⱼ = exp(zⱼ − max z) / Σ exp(zₖ − max z) per row (the sum sequential), with
    /// <see cref="Loss.CrossEntropy"/>, for which the output delta is y − p.
    /// </summary>
    Softmax,
}
