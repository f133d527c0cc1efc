using System.Globalization;

namespace FastNeuron.Cli;

/// <summary>What every data command shares: turning a failure into one line on stderr and exit code 1.</summary>
internal static class Cli
{
    public static int Guard(string command, bool verbose, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is CliException or IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or TrainingDivergedException)
        {
            Console.Error.WriteLine(ErrorLine(command, e));
            if (verbose) Console.Error.WriteLine(e);
            return 1;
        }
    }

    /// <summary>
    /// The one line a failure prints. A message may quote the user's file, and a quoted CSV cell may hold a line
    /// break: line breaks are shown as \n, so that the error stays one line.
    /// </summary>
    public static string ErrorLine(string command, Exception e) => $"fastneuron {command}: {e.Message.ReplaceLineEndings("\\n")}";

    public static int[] ParseLayers(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Split(',').Select(part =>
            int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size > 0
                ? size
                : throw new CliException($"--layers {text}: '{part}' is not a layer size (a positive whole number).")).ToArray();
    }
}
