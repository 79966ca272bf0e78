"""The coding model: codebook operations, codings, memos, and their undoable history."""
