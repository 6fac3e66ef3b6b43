"""Reads of outreach: one module per area (activities, training, liaison) and the programme's figures."""
