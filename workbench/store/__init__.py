"""SQLite storage through sqlite-utils. Nothing here knows about file formats."""
