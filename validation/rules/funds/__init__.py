"""Rules of the funds family; one rule per module."""
