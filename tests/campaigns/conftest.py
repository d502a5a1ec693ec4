from tests.moderation.conftest import in_request, staff  # noqa: F401 - the same people and round
