"""Rules of the reasons family; one rule per module."""
