"""Rules of the totals family; one rule per module."""
