namespace FastNeuron.Cli.Data;

/// <summary>Whether a CSV file's first row names the columns.</summary>
internal enum HeaderMode
{
    /// <summary>A header when any cell of the first row is not a number.</summary>
    Auto,
    Yes,
    No,
}
