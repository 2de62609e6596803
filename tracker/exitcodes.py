"""The contract's exit codes, in one place for the CLI and the check run."""

EXIT_OK = 0  # done; for compare/diff: no changes
EXIT_CHANGES = 1  # compare/diff: changes (the `diff` convention)
EXIT_ERROR = 2  # config, usage or document error
EXIT_FAILURES = 3  # check: some documents failed, the others were processed
EXIT_WRITE_FAILED = 4  # tracker could not write its own files (disk full …); the store is intact
