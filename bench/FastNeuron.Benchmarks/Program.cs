using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Usage: dotnet run -c Release --project bench/FastNeuron.Benchmarks -- --filter '*'      (all)
//        ... -- --filter '*Seed*'  (a subset)      ... -- --job Dry --filter '*'  (CI: build and run once)
var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median)
    .AddColumn(RankColumn.Arabic)
    .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared))
    .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
if (!args.Contains("--job"))
{
    // Enough iterations for a stable median on a noisy 2-core machine, short ones so that the suite runs in minutes.
    config = config.AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(150)).AsDefault());
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
