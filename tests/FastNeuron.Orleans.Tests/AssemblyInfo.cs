// The clusters' failure detection runs on timers: one cluster at a time keeps it honest on two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
