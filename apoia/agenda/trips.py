"""Grouping the municipalities to visit into trips and ordering each trip (art. 9º visits).

Pure functions on coordinates, no database:

- `group_into_trips`: seeds are taken in PRIORITY order (the first municipality not yet in a
  trip opens the next trip); each seed gathers the nearest municipalities still free (great-
  circle distance from the seed, ties by priority) until the trip has `max_stops`, or the next
  nearest is farther than `max_km` from the seed (when given). So trip 1 holds the most needed
  municipality and its neighbours.
- `order_trip`: the road of a trip leaves the depot (the state capital) and comes back to it;
  the stops are first ordered by nearest neighbour from the depot (ties by priority), then
  improved by 2-opt (reversing a run of stops while that shortens the round trip).

Distances are haversine kilometres on a 6371 km sphere: straight lines, a fair proxy for the
road to compare orders, not to promise travel times.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Stop:
    key: int  # e.g. the IBGE code
    latitude: float
    longitude: float


@dataclass
class Trip:
    stops: list[Stop]  # in visiting order
    km: float  # round trip from the depot, back to it


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _at(stop: Stop) -> tuple[float, float]:
    return (stop.latitude, stop.longitude)


def group_into_trips(
    stops: list[Stop], *, max_stops: int, max_km: float | None = None
) -> list[list[Stop]]:
    """`stops` in priority order → groups (each in priority order), see the module docstring."""
    if max_stops < 1:
        raise ValueError("max_stops must be at least 1")
    priority = {stop.key: position for position, stop in enumerate(stops)}
    free = list(stops)
    groups: list[list[Stop]] = []
    while free:
        seed = free.pop(0)
        group = [seed]
        by_distance = sorted(free, key=lambda s: (haversine_km(_at(seed), _at(s)), priority[s.key]))
        for candidate in by_distance:
            if len(group) >= max_stops:
                break
            if max_km is not None and haversine_km(_at(seed), _at(candidate)) > max_km:
                break
            group.append(candidate)
            free.remove(candidate)
        groups.append(sorted(group, key=lambda s: priority[s.key]))
    return groups


def route_km(depot: tuple[float, float], stops: list[Stop]) -> float:
    """Depot → each stop in order → depot."""
    points = [depot, *(_at(s) for s in stops), depot]
    return sum(haversine_km(points[i], points[i + 1]) for i in range(len(points) - 1))


def order_trip(depot: tuple[float, float], stops: list[Stop]) -> list[Stop]:
    """Nearest neighbour from the depot, then 2-opt; `stops` in priority order (tie-break)."""
    priority = {stop.key: position for position, stop in enumerate(stops)}
    here, left, ordered = depot, list(stops), []
    while left:
        nearest = min(left, key=lambda s: (haversine_km(here, _at(s)), priority[s.key]))
        ordered.append(nearest)
        left.remove(nearest)
        here = _at(nearest)
    best = route_km(depot, ordered)
    improved = True
    while improved:
        improved = False
        for i in range(len(ordered) - 1):
            for j in range(i + 1, len(ordered)):
                candidate = ordered[:i] + ordered[i : j + 1][::-1] + ordered[j + 1 :]
                length = route_km(depot, candidate)
                if length < best - 1e-9:
                    ordered, best, improved = candidate, length, True
    return ordered


def plan_trips(
    depot: tuple[float, float],
    stops: list[Stop],
    *,
    max_stops: int,
    max_km: float | None = None,
) -> list[Trip]:
    """The trips of `stops` (priority order): grouped, then each ordered from the depot."""
    trips = []
    for group in group_into_trips(stops, max_stops=max_stops, max_km=max_km):
        ordered = order_trip(depot, group)
        trips.append(Trip(ordered, round(route_km(depot, ordered), 1)))
    return trips
