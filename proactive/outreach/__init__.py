"""Campaigns, training, liaison meetings and the programme's figures."""
