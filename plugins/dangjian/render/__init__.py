"""Rendering: Jinja2 templates (autoescaped) turn validated models into page HTML."""
