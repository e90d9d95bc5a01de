"""Rules of the taxonomy family; one rule per module."""
