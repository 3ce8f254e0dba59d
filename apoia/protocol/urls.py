from django.urls import path

from apoia.protocol import public_views, requester_views, views

app_name = "protocol"
urlpatterns = [
    # Staff (views.py)
    path("protocolo/", views.queue, name="queue"),
    path("protocolo/painel/", views.dashboard, name="dashboard"),
    path("protocolo/<str:protocol>/", views.detail, name="detail"),
    path("protocolo/<str:protocol>/anexos/<int:pk>/", views.attachment, name="attachment"),
    # A signed-in requester's own space (requester_views.py)
    path("meus-pedidos/", requester_views.mine, name="mine"),
    # Public (public_views.py)
    path("servicos/<slug:service>/solicitar/", public_views.submit, name="submit"),
    path("protocolo/<str:protocol>/recibo/", public_views.receipt, name="receipt"),
    path("protocolo/<str:protocol>/recibo.pdf", public_views.receipt_pdf, name="receipt_pdf"),
    path("acompanhar/", public_views.track, name="track"),
    path("acompanhar/<str:protocol>/", public_views.track_detail, name="track_detail"),
    path("acompanhar/<str:protocol>/responder/", public_views.track_reply, name="track_reply"),
    path("acompanhar/<str:protocol>/avaliar/", public_views.track_rate, name="track_rate"),
    path("acompanhar/<str:protocol>/reabrir/", public_views.track_reopen, name="track_reopen"),
    path("acompanhar/<str:protocol>/recorrer/", public_views.track_appeal, name="track_appeal"),
]

# Each staff action of the request page posts to its own address; one view serves them all.
ACTION_PATHS = {
    "reroute": "redirecionar",
    "decide": "decidir",
    "assign": "designar",
    "contact": "contato",
    "message": "mensagem",
    "wait": "aguardar",
    "resume": "retomar",
    "extend": "prorrogar",
    "conclude": "concluir",
}
urlpatterns += [
    path(f"protocolo/<str:protocol>/{segment}/", views.act, {"action": action}, name=action)
    for action, segment in ACTION_PATHS.items()
]
