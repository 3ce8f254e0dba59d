"""E-mails of the agenda: appointments (see apoia.agenda.mail)."""
