"""What every stage of the engine shares: the story model (and the trial's), problems and errors,
the condition and text languages, and safe printing. Imports nothing else of the engine."""
