"""`python -m pohang_cli` runs the same entry point as the `pohang` console script."""

from pohang_cli.launcher import main

main()
