"""Privacy: pseudonyms for names in every column, and the redaction check of what still looks identifying."""
