"""Commands: `demo`."""
