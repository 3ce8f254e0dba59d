"""Pages of programs part 2 (monitoring); joined into apoia.programs.urls (namespace "programs")."""

urlpatterns = []
