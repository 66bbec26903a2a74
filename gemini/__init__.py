"""Gemini: runs a two-council ICT shared service through its move to a hybrid operating model."""
