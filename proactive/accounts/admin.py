from django.contrib import admin

from proactive.accounts.models import Official, OrgUnit, RoleMembership, User

# Support tooling only (the staff UI is the app itself); read-mostly views for system administrators.
admin.site.register(User)
admin.site.register(OrgUnit)
admin.site.register(Official)
admin.site.register(RoleMembership)
