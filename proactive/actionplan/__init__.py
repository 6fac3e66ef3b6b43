"""The yearly action plan (추진계획): directions, tasks, KPIs and quarterly progress."""
