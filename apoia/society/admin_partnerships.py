"""Admin of the partnerships area of society."""
