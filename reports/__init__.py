"""自评报告 documents: reading a written one (reading/), checking it against itself and against its
form (checking/), and drafting one from a checked form (drafting/)."""
