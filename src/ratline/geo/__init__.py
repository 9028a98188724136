"""Offline gazetteer and toponym resolution."""
