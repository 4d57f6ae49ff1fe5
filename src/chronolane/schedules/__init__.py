"""Expected-contact schedules: the model, loading bundled and user files, and checking a chronology against them."""
