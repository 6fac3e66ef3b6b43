from django.urls import path

from proactive.accounts.views import auth, memberships, org

app_name = "accounts"
urlpatterns = [
    # Officials: password, then TOTP for staff roles.
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("session/extend/", auth.session_extend, name="session-extend"),
    path("otp/verify/", auth.otp_verify, name="otp-verify"),
    path("otp/setup/", auth.otp_setup, name="otp-setup"),
    path("password/change/", auth.password_change, name="password-change"),
    path("password/reset/", auth.password_reset, name="password-reset"),
    path("password/reset/sent/", auth.password_reset_sent, name="password-reset-sent"),
    path("password/reset/<uidb64>/<token>/", auth.password_reset_confirm, name="password-reset-confirm"),
    path("password/reset/done/", auth.password_reset_complete, name="password-reset-complete"),
    # Citizens: a one-time code sent to their e-mail address.
    path("citizen/", auth.citizen_start, name="citizen-start"),
    path("citizen/verify/", auth.citizen_verify, name="citizen-verify"),
    path("profile/", auth.profile, name="profile"),
    # Organisation.
    path("org/", org.org_tree, name="org-tree"),
    path("org/units/<int:pk>/", org.unit_detail, name="unit-detail"),
    path("org/officials/", org.official_list, name="official-list"),
    path("org/officials/<int:pk>/", org.official_detail, name="official-detail"),
    path("org/import/", org.org_import, name="org-import"),
    path("org/export/<str:what>.<str:fmt>", org.org_export, name="org-export"),
    # Role memberships.
    path("memberships/", memberships.membership_list, name="membership-list"),
    path("memberships/new/", memberships.membership_create, name="membership-create"),
    path("memberships/<int:pk>/end/", memberships.membership_end, name="membership-end"),
]
