from django_tasks import task

from apoia.protocol import services


@task()
def send_deadline_reminders() -> int:
    """Daily: remind assignees and coordinators of due-soon and late requests."""
    return services.send_reminders()
