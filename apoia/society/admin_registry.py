"""Admin of the registry area of society."""
