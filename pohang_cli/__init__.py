"""pohang: a command-line tracker for Pohang City's strategic-industry targets and milestones."""

__version__ = "0.1.0"
