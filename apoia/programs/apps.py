from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "apoia.programs"
    label = "programs"
    verbose_name = _("Programas")

    def ready(self):
        # protocol sits below programs: it asks its hooks which page files an adhesion
        # request and what accepting one creates.
        from apoia.catalog.models import ServiceKind
        from apoia.programs.profile import programs_section
        from apoia.programs.services import accept_adhesion_request
        from apoia.protocol import hooks
        from apoia.territory.profile import register_section

        hooks.register_submission_page(
            ServiceKind.PROGRAM_ADHESION, _adhesion_page, _adhesion_endpoint
        )
        hooks.register_acceptance_handler(ServiceKind.PROGRAM_ADHESION, accept_adhesion_request)
        register_section(programs_section)
        # Meeting decisions as follow-up task sources, and the deliveries' reminder lines.
        from apoia.programs import followup_hooks

        followup_hooks.register()

    def load_reference(self, out) -> None:
        from apoia.programs.demo import ensure_program

        program = ensure_program()
        out(f"programs: {program.name}" if program else "programs: sem MS, nada a carregar")

    def load_demo(self, out) -> None:
        from apoia.programs.demo import load_demo_programs

        created = load_demo_programs()
        out(f"programs: {created} adesões de demonstração" if created else "programs: ok")
        from apoia.programs.demo_menu import load_demo_menu  # challenges and the menu

        out(load_demo_menu())
        from apoia.programs.demo_plans import load_demo_plans  # after the menu it picks from

        out(load_demo_plans())
        from apoia.programs.demo_deliveries import load_demo_deliveries  # on approved plans

        out(load_demo_deliveries())
        from apoia.programs.demo_projects import load_demo_projects  # SED's strategic projects

        out(load_demo_projects())
        from apoia.programs.demo_meetings import load_demo_meetings  # agendas from deliveries

        out(load_demo_meetings())


def _adhesion_page(service):
    from django.urls import reverse

    from apoia.programs.models import Program

    program = Program.objects.filter(adhesion_service=service).only("slug").first()
    return reverse("programs:adhere", args=[program.slug]) if program else None


def _adhesion_endpoint(service):
    from apoia.programs.models import Program

    program = Program.objects.filter(adhesion_service=service).only("slug").first()
    return f"/api/v1/programs/{program.slug}/adhesions" if program else None
