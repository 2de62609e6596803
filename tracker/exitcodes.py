"""The contract's exit codes, in one place for the CLI and the check run.

`check` keeps the contract's 0 / 3 / 2. With `--exit-changed` it also tells cron that an
agreement changed: 1 when one did and every document was fetched, 5 when one did and some
documents failed (3 stays "failed, nothing changed"). 4 is any command that could not write its
own files (a full disk); the store is intact. So `status >= 3` always means something failed and
`status in (1, 5)` that something changed.
"""

EXIT_OK = 0  # done; for compare/diff: no changes
EXIT_CHANGES = 1  # compare/diff: changes (the `diff` convention); check --exit-changed: changed
EXIT_ERROR = 2  # config, usage or document error
EXIT_FAILURES = 3  # check: some documents failed, the others were processed
EXIT_WRITE_FAILED = 4  # tracker could not write its own files (disk full …); the store is intact
EXIT_CHANGES_AND_FAILURES = 5  # check --exit-changed: changed, and some documents failed


def check_status(*, failures: bool, changes: bool, exit_changed: bool) -> int:
    """The exit status of `check`.

    >>> check_status(failures=True, changes=True, exit_changed=False)
    3
    >>> [check_status(failures=f, changes=c, exit_changed=True)
    ...  for f, c in ((False, False), (False, True), (True, False), (True, True))]
    [0, 1, 3, 5]
    """
    if exit_changed and changes:
        return EXIT_CHANGES_AND_FAILURES if failures else EXIT_CHANGES
    return EXIT_FAILURES if failures else EXIT_OK
