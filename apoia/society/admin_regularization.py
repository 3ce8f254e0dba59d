"""Admin of the regularization area of society."""
