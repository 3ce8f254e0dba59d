from django.urls import path

from apoia.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.task_list, name="tasks"),
    path("<int:pk>/", views.task_detail, name="task"),
    path("<int:pk>/concluir/", views.task_complete, name="task_complete"),
    path("<int:pk>/cancelar/", views.task_cancel, name="task_cancel"),
]
