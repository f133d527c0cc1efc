namespace FastNeuron;

/// <summary>The optimizers <see cref="Network{T}.Fit"/> offers.</summary>
public enum Optimizer
{
    /// <summary>w += η·g (g the batch's mean descent direction).</summary>
    Sgd,
    /// <summary>v = μ·v + η·g; w += v.</summary>
    Momentum,
    /// <summary>Adam (β₁ 0.9, β₂ 0.999, ε 1e-8), bias-corrected.</summary>
    Adam,
    /// <summary>iRprop−, FANN's default: per-weight steps grow ×1.2 while the gradient keeps its sign, shrink ×0.5 when it flips (0.1 initial, 1e-6 to 50). Meant for full batches.</summary>
    Rprop,
}
