"""URLs of the legislative desk's bills (joined in urls.py)."""

urlpatterns: list = []
