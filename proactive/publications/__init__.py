"""Casebooks (사례집) and card news (카드뉴스) made from case records, with the editorial workflow."""
