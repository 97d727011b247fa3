"""The study-tour planner: the data it ships (places and travel matrix) and its page."""
