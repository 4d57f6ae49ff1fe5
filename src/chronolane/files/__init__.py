"""Files: atomic owner-only outputs, formula escaping, the measure-table writers, and reading the TOML users write."""
