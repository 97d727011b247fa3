"""Coordinates, distances, map geometry and exports."""
