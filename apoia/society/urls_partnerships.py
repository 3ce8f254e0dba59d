"""URLs of the partnerships area of society (joined in urls.py)."""

urlpatterns: list = []
