"""Rules of the values family; one rule per module."""
