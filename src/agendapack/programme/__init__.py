"""The work programme: TOML files to the typed model, with every problem found at once."""
