"""The integrated chronology: built from a case's agency files, classified, checked, numbered, read and written."""
