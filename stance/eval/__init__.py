"""Eval: agreement between stance's measures and human annotations (``stance eval``)."""
