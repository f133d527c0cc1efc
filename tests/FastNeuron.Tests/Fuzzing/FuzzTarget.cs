namespace FastNeuron.Tests.Fuzzing;

/// <summary>
/// A parser of untrusted bytes under fuzzing. <see cref="Run"/> is given the input as a file, parses it (what it
/// allocates on this thread is measured, whether it returns or throws) and returns an oracle to run after the
/// measurement (checks of the result, which may allocate freely), or null. An exception that
/// <see cref="IsDocumented"/> accepts is a correct answer to bad input; any other exception, a hang, an allocation
/// over <see cref="AllocationBound"/>, a <see cref="FuzzFinding"/> from an oracle, or an error whose text as the user
/// sees it (<see cref="ErrorText"/>: the message, or the command's printed line) is more than one line, is a defect.
/// </summary>
internal sealed record FuzzTarget(
    string Name,
    string Extension,
    bool Text,
    bool Checksummed,
    string DocumentedExceptions,
    Func<Exception, bool> IsDocumented,
    Func<Exception, string> ErrorText,
    long AllocationFactor,
    long AllocationSlack,
    Func<string, Action?> Run)
{
    /// <summary>The most an input of <paramref name="length"/> bytes may make the measured part allocate.</summary>
    public long AllocationBound(long length) => AllocationFactor * length + AllocationSlack;

    public override string ToString() => Name;
}

/// <summary>An oracle's verdict that a result is wrong although no exception said so.</summary>
internal sealed class FuzzFinding(string message) : Exception(message);
