"""The analyze stage: incidents, actors, routes, networks and timelines derived from statements.

Everything here is computed from statements on read; nothing is stored merged.
"""
