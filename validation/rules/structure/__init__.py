"""Rules of the structure family; one rule per module."""
