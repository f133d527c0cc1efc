using System.CommandLine;
using System.Text;

namespace FastNeuron.Cli;

/// <summary>
/// Help's <c>Usage:</c> lines name the command as users type it, <c>fastneuron</c>. System.CommandLine names the root
/// after the process's entry assembly (<c>FastNeuron.Cli</c>, also under the installed tool's <c>fastneuron</c> shim)
/// and its help builder is internal, so what System.CommandLine itself writes (help, also after a parse error) goes
/// through a writer that replaces that name where a line starts with it. The commands' own output does not pass here.
/// </summary>
internal static class ToolNameInHelp
{
    public const string Name = "fastneuron";

    /// <summary>The configuration to invoke <paramref name="root"/> with: its help and errors through the renaming writer.</summary>
    public static InvocationConfiguration Configuration(RootCommand root)
        => new() { Output = new RenamingWriter(Console.Out, root.Name), Error = new RenamingWriter(Console.Error, root.Name) };

    /// <summary><paramref name="line"/> with <paramref name="assemblyName"/> replaced by <see cref="Name"/> when the line (indented or not) starts with it.</summary>
    internal static string Rename(string line, string assemblyName)
    {
        string trimmed = line.TrimStart();
        bool starts = trimmed.StartsWith(assemblyName, StringComparison.Ordinal)
            && (trimmed.Length == assemblyName.Length || char.IsWhiteSpace(trimmed[assemblyName.Length]));
        return starts ? line[..(line.Length - trimmed.Length)] + Name + trimmed[assemblyName.Length..] : line;
    }

    /// <summary>Passes whole lines to <paramref name="inner"/>, renamed by <see cref="Rename"/>.</summary>
    private sealed class RenamingWriter(TextWriter inner, string assemblyName) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value != '\n')
            {
                _line.Append(value);
                return;
            }
            inner.Write(Rename(_line.ToString(), assemblyName));
            inner.Write('\n');
            _line.Clear();
        }

        public override void Flush()
        {
            if (_line.Length > 0) inner.Write(Rename(_line.ToString(), assemblyName));
            _line.Clear();
            inner.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Flush();
            base.Dispose(disposing);
        }
    }
}
