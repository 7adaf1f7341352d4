using Srs.Fuzz;

// Modes: list | afl TARGET | libfuzzer TARGET | replay TARGET PATH... | random TARGET [--seed N] [--iterations M] [--seconds S]
// (docs/fuzzing.md). Exit codes: 0 clean, 1 contract breach, 2 usage, 3 hang.
return FuzzCommand.Run(args);
