"""The demo data set: a Busan-like organisation, its officials and one account per role (``manage.py load_demo``)."""
