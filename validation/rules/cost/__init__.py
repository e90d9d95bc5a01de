"""Rules of the cost family; one rule per module."""
