// Interop tests run real processes (srs-node, ffmpeg) that need the CPU in real time: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
