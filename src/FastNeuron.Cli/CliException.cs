namespace FastNeuron.Cli;

/// <summary>A problem with the user's input that the command reports as one line on stderr, exiting 1.</summary>
internal sealed class CliException(string message) : Exception(message);
