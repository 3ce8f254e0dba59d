"""E-mails of the agenda: events (see apoia.agenda.mail)."""
