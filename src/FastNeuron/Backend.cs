namespace FastNeuron;

/// <summary>Which kernels a model computes with. The choice never changes the API, only the speed and, for
/// <see cref="TensorPrimitives"/>, the last bits.</summary>
public enum Backend
{
    /// <summary>Plain loops that define the arithmetic: the reference every other backend is checked against.</summary>
    Scalar,

    /// <summary>FastNeuron's Vector128/256/512 kernels: bitwise identical to <see cref="Scalar"/> at every width. The default.</summary>
    Vector,

    /// <summary>
    /// System.Numerics.Tensors' <c>TensorPrimitives.Dot</c> and <c>Sigmoid</c>. Fast, but not bitwise reproducible:
    /// its summation order follows the hardware width and its exp differs from ours by a few ulp.
    /// </summary>
    TensorPrimitives,
}
