from argon2 import PasswordHasher
from sqlalchemy import select

from consult import db
from consult.auth import passwords
from consult.auth.models import User
from tests.auth.helpers import fresh, post_form


def test_hashes_are_argon2id_with_the_chosen_parameters():
    encoded = passwords.hash_password("correct horse battery staple")
    assert encoded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify_password(encoded, "correct horse battery staple")
    assert not passwords.verify_password(encoded, "correct horse battery stapler")


def test_an_outdated_hash_is_replaced_at_login(client, make):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    user = make.user(email="old@ngo.example")
    user.password_hash = weak.hash("an old but long password")
    db.session.commit()
    response = post_form(client, "/login", {"email": "old@ngo.example", "password": "an old but long password"})
    assert response.status_code == 302
    fresh()
    new_hash = db.session.scalar(select(User.password_hash).where(User.id == user.id))
    assert new_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify_password(new_hash, "an old but long password")


def test_the_shipped_list_of_common_passwords():
    common = passwords.common_passwords()
    assert len(common) >= 10_000
    assert passwords.is_common("qwertyuiop") and passwords.is_common("Password1234")  # case does not help
    assert passwords.is_common("1234567890")
    assert not passwords.is_common("violet kettle umbrella march")
