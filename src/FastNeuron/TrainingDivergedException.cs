namespace FastNeuron;

/// <summary>
/// Training produced a weight that is not finite. The model keeps the weights of the last iteration whose
/// weights were all finite; <see cref="Iteration"/> says which iteration failed.
/// </summary>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Creates the exception for the 1-based <paramref name="iteration"/>.</summary>
    public TrainingDivergedException(int iteration, string message) : base(message)
    {
        Iteration = iteration;
    }

    /// <summary>The 1-based iteration whose update produced a non-finite weight.</summary>
    public int Iteration { get; }
}
