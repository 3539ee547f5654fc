"""Reports and loaders on the Omni data model."""
