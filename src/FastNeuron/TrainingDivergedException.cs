namespace FastNeuron;

/// <summary>
/// Training produced a weight, an output or (in <c>Fit</c>'s report) a loss that is not finite. The model keeps
/// weights that are all finite: those from before the step that failed (for a loss, those of the epoch that
/// reported it); <see cref="Iteration"/> says which iteration (<c>Train</c>) or epoch (<c>Fit</c>) failed.
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
