"""Follow-ups between agencies: rule sets (bundled and user files) and the follow-up found for each trigger."""
