using Spectre.Console;
using Spectre.Console.Rendering;

namespace FastNeuron.Cli;

/// <summary>
/// Spectre.Console renderables (tables) written to any <see cref="TextWriter"/> as plain text: no colours, no ANSI
/// escapes, no terminal width, no trailing spaces and no blank first or last line, so that the same text reaches a
/// terminal, a pipe, a log file and a test's capture.
/// </summary>
internal static class PlainConsole
{
    /// <summary>Wide enough that no table is wrapped: its natural width is what prints.</summary>
    private const int Width = 4096;

    public static void Write(TextWriter destination, IRenderable renderable)
    {
        using var text = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = Width;
        console.Profile.Capabilities.Unicode = true;
        console.Write(renderable);
        string[] lines = text.ToString().ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).ToArray();
        int first = Array.FindIndex(lines, l => l.Length > 0), last = Array.FindLastIndex(lines, l => l.Length > 0);
        for (int i = first; first >= 0 && i <= last; i++) destination.WriteLine(lines[i]);
    }
}
