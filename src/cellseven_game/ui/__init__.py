"""The Textual game: a thin layer over the engine."""
