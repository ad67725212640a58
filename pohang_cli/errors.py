"""The one exception hierarchy of pohang; each class carries the exit code the CLI turns it into."""

from __future__ import annotations


class ExitCode:
    """Exit codes of the command-line contract."""

    OK = 0
    UNEXPECTED = 1
    BAD_INPUT = 2
    CHECK_FAILED = 3
    DATABASE = 4
    OUTCOME_UNKNOWN = 5
    INTERRUPTED = 130


class PohangError(Exception):
    """An expected failure, reported as one sentence on stderr."""

    exit_code = ExitCode.UNEXPECTED


class InputError(PohangError):
    """A bad command-line value or input record; nothing was written."""

    exit_code = ExitCode.BAD_INPUT


class NotFoundError(InputError):
    """A sector, indicator, target or milestone that does not exist."""


class DatabaseError(PohangError):
    """The database is missing, unreadable, corrupt, of an unknown version or busy."""

    exit_code = ExitCode.DATABASE


class DatabaseMissingError(DatabaseError):
    """No database file at the given path."""


class DatabaseCorruptError(DatabaseError):
    """The file is not valid JSON or not a pohang database."""


class DatabaseBusyError(DatabaseError):
    """Another pohang process held the lock past the timeout."""


class TransactionConflictError(DatabaseBusyError):
    """Another session changed the same records at the same time; the write may be retried whole."""


class PermissionDeniedError(DatabaseError):
    """The database user may not do this (a reader who tries to write); nothing was changed."""


class OutcomeUnknownError(PohangError):
    """The connection was lost after COMMIT was sent: the change may or may not be stored (see `pohang log`)."""

    exit_code = ExitCode.OUTCOME_UNKNOWN


class SchemaVersionError(DatabaseError):
    """The file was written by a newer pohang."""
