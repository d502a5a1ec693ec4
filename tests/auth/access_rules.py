from tests.access import Rule, expect

RULES = [
    Rule("auth.login", lambda w: "/login", expect(302, anonymous=200)),  # logged in: sent on
    # Without a CSRF token the logout form is refused and nobody is logged out.
    Rule("auth.logout", lambda w: "/logout", expect(302), method="POST"),
]
