"""After the meeting: the minutes skeleton, and the resolutions read back from the minutes."""
