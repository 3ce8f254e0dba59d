"""URLs of the regularization area of society (joined in urls.py)."""

urlpatterns: list = []
