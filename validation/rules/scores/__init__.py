"""Rules of the scores family; one rule per module."""
