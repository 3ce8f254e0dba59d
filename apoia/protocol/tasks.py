from django_tasks import task

from apoia.protocol import notifications, services


@task()
def send_deadline_reminders() -> int:
    """Daily: remind assignees and coordinators of due-soon and late requests."""
    return services.send_reminders()


@task()
def send_email(letter: str, ids: dict, attempt: int = 1) -> bool:
    """One e-mail of the pipeline (notifications.LETTERS), built from the ids when it runs;
    retried and, in the end, recorded as failed by notifications.deliver."""
    return notifications.deliver(letter, ids, attempt)
