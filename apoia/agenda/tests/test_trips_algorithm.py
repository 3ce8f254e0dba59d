"""Item 9: the pure trip algorithm (apoia.agenda.trips) on literal coordinates."""

import itertools

import pytest

from apoia.agenda.trips import (
    Stop,
    group_into_trips,
    haversine_km,
    order_trip,
    plan_trips,
    route_km,
)

DEPOT = (0.0, 0.0)


def keys(stops):
    return [s.key for s in stops]


def test_haversine_of_one_degree_of_longitude_at_the_equator_is_111_km():
    assert haversine_km((0, 0), (0, 1)) == pytest.approx(111.19, abs=0.01)


def test_cuiaba_to_rondonopolis_is_about_183_km_in_a_straight_line():
    assert haversine_km((-15.601, -56.097), (-16.4673, -54.6372)) == pytest.approx(183.3, abs=0.1)


def test_seeds_in_priority_order_gather_their_nearest_neighbours_up_to_the_trip_size():
    stops = [
        Stop(1, 0, 2.0),
        Stop(2, 3.0, 0),
        Stop(3, 0, 1.0),
        Stop(4, 3.1, 0.1),
        Stop(5, 0, 3.0),
    ]

    groups = group_into_trips(stops, max_stops=3)

    # 1 opens trip 1 and takes 3 and 5 (1° away each; the tie goes to the higher priority);
    # 2 opens trip 2 with 4.
    assert [keys(g) for g in groups] == [[1, 3, 5], [2, 4]]


def test_a_neighbour_farther_than_the_radius_starts_its_own_trip():
    stops = [Stop(1, 0, 1), Stop(2, 0, 1.5), Stop(3, 0, 6)]

    groups = group_into_trips(stops, max_stops=5, max_km=200)

    assert [keys(g) for g in groups] == [[1, 2], [3]]


def test_each_trip_leaves_the_depot_for_its_nearest_stop_first():
    trips = plan_trips(DEPOT, [Stop(1, 0, 2.0), Stop(3, 0, 1.0), Stop(5, 0, 3.0)], max_stops=3)

    assert [keys(t.stops) for t in trips] == [[3, 1, 5]]
    assert trips[0].km == 667.2  # 3° out and 3° back


def test_two_opt_shortens_the_road_nearest_neighbour_found():
    stops = [Stop(1, -2, 0), Stop(2, -1, 1), Stop(3, 1, -3), Stop(4, -3, 2), Stop(5, -1, -2)]

    ordered = order_trip(DEPOT, stops)

    # Nearest neighbour alone gives 2, 1, 4, 5, 3 (1660 km); 2-opt swaps 1 and 4.
    assert keys(ordered) == [2, 4, 1, 5, 3]
    assert round(route_km(DEPOT, ordered)) == 1503
    shortest = min(route_km(DEPOT, list(p)) for p in itertools.permutations(stops))
    assert route_km(DEPOT, ordered) == pytest.approx(shortest)


def test_a_trip_size_below_one_is_refused():
    with pytest.raises(ValueError):
        group_into_trips([Stop(1, 0, 0)], max_stops=0)
