"""Pages of programs part 2 (meetings); joined into apoia.programs.urls (namespace "programs")."""

urlpatterns = []
