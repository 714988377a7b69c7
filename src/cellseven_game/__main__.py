"""`python -m cellseven_game` runs the same command line as `cellseven`."""

from cellseven_game.cli import main

raise SystemExit(main())
