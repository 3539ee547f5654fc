"""Pumps and stations, on a cognite-pygen SDK (package ``stations``) generated from ``models/Renames.json``."""
