"""Contact measures over a chronology: which rows are contact, lanes, observation windows, gaps and cohort tables."""
