import datetime

import factory
from django.utils import timezone

from proactive.accounts.enums import OrgUnitKind, Role, UserKind
from proactive.accounts.models import Official, OrgUnit, RoleMembership, User
from proactive.accounts.services.org import refresh_paths

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"테스트과{n}")
    name_en = factory.Sequence(lambda n: f"Test Division {n}")
    kind = OrgUnitKind.DEPARTMENT
    parent = None

    @factory.post_generation
    def _paths(obj, create, extracted, **kwargs):
        if create:
            refresh_paths(obj)


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    employee_no = factory.Sequence(lambda n: f"E{n:07d}")
    name = factory.Sequence(lambda n: f"김공무{n}")
    rank = "6급"
    grade = 6
    position = "주무관"
    job_series = "행정"
    unit = factory.SubFactory(OrgUnitFactory)
    email = factory.Sequence(lambda n: f"official{n}@busan.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"사용자{n}")
    email = factory.Sequence(lambda n: f"user{n}@busan.example")
    kind = UserKind.OFFICIAL
    official = factory.SubFactory(OfficialFactory)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CitizenFactory(UserFactory):
    kind = UserKind.CITIZEN
    official = None
    email_verified_at = factory.LazyFunction(timezone.now)
    username = factory.Sequence(lambda n: f"citizen{n}")
    email = factory.Sequence(lambda n: f"citizen{n}@example.com")


class RoleMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleMembership

    user = factory.SubFactory(UserFactory)
    role = Role.SECRETARIAT
    unit = None
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = None
