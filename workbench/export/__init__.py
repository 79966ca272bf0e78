"""Writers that turn query results into files and printable text."""
