"""Per-case measures of contact: lanes, gaps, cohorts, and the engines that run them."""
