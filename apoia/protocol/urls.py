from django.urls import path

from apoia.protocol import views

app_name = "protocol"
urlpatterns = [
    # Staff (views.py)
    path("protocolo/", views.queue, name="queue"),
    path("protocolo/<str:protocol>/", views.detail, name="detail"),
    # Public (public_views.py)
    path("acompanhar/", views.track, name="track"),
    path("acompanhar/<str:protocol>/", views.track_detail, name="track_detail"),
]
