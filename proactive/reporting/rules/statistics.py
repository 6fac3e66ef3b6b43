"""Who serves the city's own centre: the centre's settings (deadline and retention rules) apply to every body, so
only an audit officer of the city (not of a 구·군, corporation or affiliated body) may change them; the same
officers see the statistics of every body (``queries.statistics.statistics_scope``)."""

import rules
from proactive.reporting.queries import statistics as queries


@rules.predicate
def serves_the_city(user) -> bool:
    """An audit officer whose membership serves the city's own centre (``queries.statistics.serves_the_city``)."""
    return queries.serves_the_city(user)
