"""Who may see and do what on the legislative desk — the one place these rules live.

- A bill's public facts (house, kind, number, year, author, summary, link, status and its
  history) are public, as they are in the legislature itself.
- The desk that follows a bill (`Bill.desk`: coordinators and technicians of that unit) edits
  it, records its progress, asks units for opinions and consolidates them; an admin may too.
- Coordinators and technicians of a consulted unit (or of a unit above it) read the bill's
  internal file and answer their own opinion request.
- Opinions and the consolidated position are internal: staff of the bill's state only.
"""

from apoia.accounts.models import Role

STAFF_ROLES = (Role.COORDINATOR, Role.TECHNICIAN)


def staff_unit_ids(user) -> set[int] | None:
    """Units the user works in (with the units below them); None means every unit (admin)."""
    if not user.is_authenticated:
        return set()
    if user.is_admin:
        return None
    found: set[int] = set()
    for m in user.active_memberships:
        if m.role in STAFF_ROLES and m.org_unit_id:
            found |= m.org_unit.descendant_ids()
    return found


def staff_state_ids(user) -> set[int] | None:
    if not user.is_authenticated:
        return set()
    if user.is_admin:
        return None
    return {
        m.org_unit.state_id
        for m in user.active_memberships
        if m.role in STAFF_ROLES and m.org_unit_id
    }
