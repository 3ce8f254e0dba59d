"""The admin of the legislative desk."""
