"""Pages of programs part 2 (deliveries); joined into apoia.programs.urls (namespace "programs")."""

urlpatterns = []
