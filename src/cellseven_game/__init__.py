"""cellseven: a terminal story-replay game of Miracle in Cell No. 7, and its YAML story engine."""

__version__ = "0.1.0"
