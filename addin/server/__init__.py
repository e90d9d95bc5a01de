"""`ziping serve`: the ribbon actions over HTTP for the xlwings VBA client (RunServerPython)."""
