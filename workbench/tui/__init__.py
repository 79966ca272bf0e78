"""The Textual face of the workbench. Only this package (and cli*.py) may import Textual."""
