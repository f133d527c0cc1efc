using System.Diagnostics;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 13's smaller save items (<c>src/FastNeuron/IO/AtomicFile.cs</c>): errors name the target, not the
/// temporary file; a symbolic link survives a save (the file it points to is replaced) and a file keeps its
/// permissions; a temporary file left by a killed writer is removed by the next save of the same target.
/// </summary>
public sealed class AtomicSaveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fastneuron-save-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string At(string name) => Path.Combine(_folder, name);

    private static Network<float> Model(uint seed) => new([3, 2], [Activation.Sigmoid], seed: seed);

    [Fact]
    public void ErrorsNameTheTargetNotTheTemporaryFile()
    {
        string missingFolder = At(Path.Combine("no-such-folder", "m.fnn"));
        var error = Assert.ThrowsAny<IOException>(() => Model(1).Save(missingFolder));
        Assert.Contains(missingFolder, error.Message);
        Assert.DoesNotContain(".tmp", error.Message);

        Directory.CreateDirectory(At("a-folder.fnn"));
        error = Assert.ThrowsAny<IOException>(() => Model(1).Save(At("a-folder.fnn")));
        Assert.Contains(At("a-folder.fnn"), error.Message);
        Assert.DoesNotContain(".tmp", error.Message);
        Assert.Empty(Directory.GetFiles(_folder, ".*"));
    }

    [Fact]
    public void SavingOverASymbolicLinkKeepsTheLinkAndReplacesItsTarget()
    {
        Directory.CreateDirectory(At("models"));
        Model(1).Save(At(Path.Combine("models", "real.fnn")));
        File.CreateSymbolicLink(At("link.fnn"), Path.Combine("models", "real.fnn"));
        Network<float> second = Model(2);
        second.Save(At("link.fnn"));
        Assert.NotNull(new FileInfo(At("link.fnn")).LinkTarget);
        Assert.Equal(ModelFileTests.Bytes(second), File.ReadAllBytes(At(Path.Combine("models", "real.fnn"))));
        Assert.Empty(Directory.GetFiles(_folder, ".*"));
    }

    [Fact]
    public void SavingKeepsTheFilesPermissions()
    {
        if (OperatingSystem.IsWindows()) return;
        Model(1).Save(At("m.fnn"));
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(At("m.fnn"), mode);
        Model(2).Save(At("m.fnn"));
        Assert.Equal(mode, File.GetUnixFileMode(At("m.fnn")));
    }

    /// <summary>
    /// Left by a writer that is gone and quiet for over a minute: removed. Kept: this process's own (a save in
    /// progress on another thread), a recent one, and another target's.
    /// </summary>
    [Fact]
    public void StaleTemporaryFilesOfADeadWriterAreRemovedByTheNextSave()
    {
        int dead = ExitedProcessId();
        string[] stale = [$".m.{dead}.1.tmp.fnn", $".m.{dead}.7.tmp.fnn"];
        string[] kept = [$".m.{Environment.ProcessId}.99.tmp.fnn", $".m.{dead}.2.tmp.fnn", $".other.{dead}.1.tmp.fnn", $".m.{dead}.x.tmp.fnn"];
        foreach (string name in stale.Concat(kept))
        {
            File.WriteAllText(At(name), "half a model");
            if (name != kept[1]) File.SetLastWriteTimeUtc(At(name), DateTime.UtcNow.AddMinutes(-5));
        }
        Model(1).Save(At("m.fnn"));
        Assert.All(stale, name => Assert.False(File.Exists(At(name)), $"{name} was left"));
        Assert.All(kept, name => Assert.True(File.Exists(At(name)), $"{name} was removed"));

        string matrixStale = $".d.{dead}.1.tmp.fnm.y";
        File.WriteAllText(At(matrixStale), "half a matrix");
        File.SetLastWriteTimeUtc(At(matrixStale), DateTime.UtcNow.AddMinutes(-5));
        MatrixFile.Write<float>(At("d.fnm"), [1, 2], 2, [1]);
        Assert.False(File.Exists(At(matrixStale)));
    }

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.Id;
    }
}
