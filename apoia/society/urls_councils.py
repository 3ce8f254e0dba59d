"""URLs of the councils area of society (joined in urls.py)."""

urlpatterns: list = []
