"""Experiments: a config in, a frozen dataclass of numbers out. No prints, no plots."""
