"""Text handling that needs no database: normalisation, speaker turns, participant IDs, sentences."""
