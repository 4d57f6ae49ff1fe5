"""``python -m chronolane`` runs the command-line interface."""

from chronolane.cli import main

main()
