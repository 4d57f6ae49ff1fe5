"""A case: its subjects, review period, lanes and source files, from case.toml or a case-details table."""
