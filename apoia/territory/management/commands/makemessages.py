from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # protocol.services.timeline._record translates timeline text in the site's language; its
    # argument is a message like any gettext call.
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_record"]
