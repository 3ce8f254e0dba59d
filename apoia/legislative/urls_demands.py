"""URLs of the legislative desk's demands (joined in urls.py)."""

urlpatterns: list = []
