"""Writing files safely: atomic owner-only outputs, formula escaping, and the measure-table writers."""
