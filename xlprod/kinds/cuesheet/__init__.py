"""Cue sheet kind."""
