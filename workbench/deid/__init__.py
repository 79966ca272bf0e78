"""De-identification as pure functions: candidates found in texts (patterns, capitalised
words not in a dictionary, Chinese names and places), terms matched consistently, the
replacements of a text with the map of its old positions to the new, and the check of a
written file's text for anything left."""
