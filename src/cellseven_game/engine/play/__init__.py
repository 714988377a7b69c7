"""The story as it is played: one `State`, the runtime that moves it, the trial's machine, and
the chapters a player may open. Knows nothing of files on disk or of screens."""
