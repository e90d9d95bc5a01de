"""Rules of the scoring family; one rule per module."""
