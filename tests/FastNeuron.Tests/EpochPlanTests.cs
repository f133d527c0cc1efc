using FastNeuron.Cli.Commands;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 15, "Defaults that work": without --epochs, <c>train</c> derives the epochs from a budget of optimizer steps
/// (before, 100 epochs whatever the size: 300 Adam steps on iris's 96 training rows), stops early on the validation
/// loss where rows are held out, and says what it chose; an explicit --epochs is taken as before.
/// </summary>
public sealed class EpochPlanTests
{
    private static int StepsFor(int rows, int batch) => (rows + batch - 1) / batch;

    private static int EpochsForBudget(int stepsPerEpoch) => (EpochPlan.StepBudget + stepsPerEpoch - 1) / stepsPerEpoch;

    [Fact]
    public void SmallDataGetsTheStepBudgetInEpochs()
    {
        EpochPlan plan = EpochPlan.Choose(null, null, trainingRows: 96, validationRows: 24, batchSize: 32);
        int expected = EpochsForBudget(StepsFor(96, 32));
        Assert.Equal(expected, plan.Epochs);
        Assert.True(plan.Epochs * StepsFor(96, 32) >= EpochPlan.StepBudget);
        Assert.True((plan.Epochs - 1) * StepsFor(96, 32) < EpochPlan.StepBudget);     // no more than the budget needs
        Assert.InRange(plan.Epochs, EpochPlan.MinimumEpochs + 1, EpochPlan.MaximumEpochs - 1);
    }

    [Fact]
    public void DataThatReachesTheBudgetSoonerStillGetsTheMinimumEpochs()
    {
        // 3,249 rows at batch 32 are 102 steps an epoch: the budget needs 50 epochs, fewer than the minimum.
        EpochPlan plan = EpochPlan.Choose(null, null, trainingRows: 3_249, validationRows: 813, batchSize: 32);
        Assert.True(EpochsForBudget(StepsFor(3_249, 32)) < EpochPlan.MinimumEpochs);
        Assert.Equal(EpochPlan.MinimumEpochs, plan.Epochs);
        Assert.Contains(FormattableString.Invariant($"at least {EpochPlan.MinimumEpochs:N0}"), plan.Line);
    }

    [Fact]
    public void AFullBatchIsCappedAtTheMaximumEpochs()
    {
        // One step an epoch: the budget would need StepBudget epochs.
        EpochPlan plan = EpochPlan.Choose(null, null, trainingRows: 384, validationRows: 0, batchSize: 0);
        Assert.True(EpochPlan.StepBudget > EpochPlan.MaximumEpochs);
        Assert.Equal(EpochPlan.MaximumEpochs, plan.Epochs);
        Assert.Contains("at the full batch", plan.Line);
        Assert.Contains(FormattableString.Invariant($"at most {EpochPlan.MaximumEpochs:N0}"), plan.Line);
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(30_000_000)]
    public void BigDataIsCappedByTheRowsPassedInAll(int rows)
    {
        EpochPlan plan = EpochPlan.Choose(null, null, trainingRows: rows, validationRows: rows / 4, batchSize: 32);
        int expected = (int)Math.Max(1, EpochPlan.RowBudget / rows);
        Assert.Equal(expected, plan.Epochs);
        Assert.True(plan.Epochs < EpochPlan.MinimumEpochs);
        Assert.True((long)plan.Epochs * rows <= Math.Max(EpochPlan.RowBudget, rows));  // at least one epoch
        Assert.Contains(FormattableString.Invariant($"at most {EpochPlan.RowBudget:N0} rows passed in all"), plan.Line);
    }

    [Fact]
    public void EarlyStoppingIsOnByDefaultWithValidationRowsAndOffWithout()
    {
        Assert.Equal(EpochPlan.DefaultPatience, EpochPlan.Choose(null, null, 96, validationRows: 24, batchSize: 32).Patience);
        EpochPlan without = EpochPlan.Choose(null, null, 120, validationRows: 0, batchSize: 32);
        Assert.Equal(0, without.Patience);
        Assert.Contains("no early stopping: no rows are held out for validation", without.Line);
        // --patience, given, wins either way.
        Assert.Equal(5, EpochPlan.Choose(null, 5, 96, 24, 32).Patience);
        EpochPlan off = EpochPlan.Choose(null, 0, 96, 24, 32);
        Assert.Equal(0, off.Patience);
        Assert.Contains("no early stopping (--patience 0)", off.Line);
    }

    [Fact]
    public void AnExplicitEpochCountIsTakenAsBeforeWithoutEarlyStoppingUnlessAsked()
    {
        EpochPlan plan = EpochPlan.Choose(7, null, trainingRows: 96, validationRows: 24, batchSize: 32);
        Assert.Equal(new EpochPlan(7, 0, null), plan);
        Assert.Equal(new EpochPlan(7, 3, null), EpochPlan.Choose(7, 3, 96, 24, 32));
    }

    [Fact]
    public void TheLineSaysTheEpochsTheBudgetAndThePatience()
    {
        string? line = EpochPlan.Choose(null, null, trainingRows: 96, validationRows: 24, batchSize: 32).Line;
        int epochs = EpochsForBudget(StepsFor(96, 32));
        Assert.Equal(FormattableString.Invariant(
            $"epochs: {epochs:N0} (a budget of {EpochPlan.StepBudget:N0} optimizer steps at batch 32 over 96 training rows: 3 steps an epoch); early stopping on the validation loss, patience {EpochPlan.DefaultPatience}; --epochs sets the count"),
            line);
    }
}
