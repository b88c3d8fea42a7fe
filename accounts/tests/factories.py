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


def totp_device(user: User, *, confirmed: bool = True):
    """A TOTP device (two-factor sign-in) of `user`."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=confirmed)


def totp_code(device) -> str:
    """The code the user's app shows now (the clock may be moved by time-machine)."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in_verified(client, user: User):
    """`client.force_login(user)` plus the second factor: what an administrator has after
    entering the password and a TOTP code. Returns the device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
