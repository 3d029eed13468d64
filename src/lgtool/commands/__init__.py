"""One module per command: options in, an exit code out."""
