"""URLs of the registry area of society (joined in urls.py)."""

urlpatterns: list = []
