"""The ranges a stored number keeps, the same on both backends.

Milestone ids, sector orders and log numbers are PostgreSQL `integer`s; a file holds the same range, so a
record either backend accepts fits the other. A number past it is refused where it comes in (exit 2), never by
a later write.
"""

LARGEST_NUMBER = 2**31 - 1
SMALLEST_NUMBER = -(2**31)
# PostgreSQL's lock_timeout is an integer of milliseconds.
LONGEST_LOCK_TIMEOUT_S = LARGEST_NUMBER // 1000
