"""The player's things on disk: saves and the profile (small versioned JSON files, written
whole), and bringing a save onto an edited story."""
