"""The integrated chronology's column schema and the closed vocabularies every stage shares."""
