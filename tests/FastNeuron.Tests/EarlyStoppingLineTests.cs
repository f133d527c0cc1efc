namespace FastNeuron.Tests;

/// <summary>
/// <c>train</c>'s early-stopping line names where its patience came from: --patience when given, the default otherwise.
/// </summary>
public sealed class EarlyStoppingLineTests() : TemporaryFolderTests("fastneuron-stopping-line-", linkData: true)
{
    [Fact]
    public void TheDefaultPatienceIsNotReportedAsAnOptionTheUserGave()
    {
        // No --patience: the step-budget defaults stop early with patience 20. The line said "(--patience 20)" before.
        var (exitCode, output, error) = CommandLineTests.Run(Folder, "train data/iris.csv --target target --out m.fnn");
        Assert.True(exitCode == 0, error);
        Assert.Matches(@"early stopping: .*\(the default patience, 20\); kept epoch \d+'s weights", output);
        Assert.DoesNotContain("--patience 20", output);

        var given = CommandLineTests.Run(Folder, "train data/iris.csv --target target --epochs 400 --patience 5 --out g.fnn");
        Assert.True(given.ExitCode == 0, given.Error);
        Assert.Matches(@"early stopping: .*\(--patience 5\); kept epoch \d+'s weights", given.Output);
    }
}
