from consult import db
from consult.auth.models import User
from consult.security import Role
from tests.auth.helpers import fresh


def test_the_first_admin_is_created_and_roles_are_given_from_the_command_line(runner):
    result = runner.invoke(args=["users", "create", "--email", "First@Admin.example", "--name", "First Admin",
                                 "--role", "admin", "--password", "violet kettle umbrella march"])
    assert result.exit_code == 0 and "admin, member" in result.output
    result = runner.invoke(args=["users", "roles", "--email", "first@admin.example", "--role", "admin", "--role", "convener"])
    assert result.exit_code == 0 and "admin, convener, member" in result.output
    fresh()
    user = db.session.query(User).one()
    assert user.roles == {Role.ADMIN, Role.CONVENER, Role.MEMBER} and user.is_confirmed

    result = runner.invoke(args=["users", "roles", "--email", "nobody@admin.example", "--role", "admin"])
    assert result.exit_code != 0 and "No account uses nobody@admin.example" in result.output
