"""E-mails of the agenda: registrations (see apoia.agenda.mail)."""
