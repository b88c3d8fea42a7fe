import factory

from accounts.models import Membership, Role, User
from catalog.tests.factories import UnitFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    first_name = "Văn A"
    last_name = "Nguyễn"
    password = factory.django.Password("mat-khau-thu-nghiem")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.RECEPTION


def officer(unit, *roles: Role, **user_fields) -> User:
    """A user holding `roles` at `unit`."""
    user = UserFactory(**user_fields)
    for role in roles:
        MembershipFactory(user=user, unit=unit, role=role)
    return user
