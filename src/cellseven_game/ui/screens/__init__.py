"""The game's screens, one a module."""
