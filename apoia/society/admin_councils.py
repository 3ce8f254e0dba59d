"""Admin of the councils area of society."""
