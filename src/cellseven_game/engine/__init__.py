"""The story engine: model, loader, checks and runtime. Never imports Textual."""
