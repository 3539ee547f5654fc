"""A wind-farm report: a small application that uses the SDK hatch-pygen generates at build time."""
