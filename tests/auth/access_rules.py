from tests.access import Rule, everyone, expect

RULES = [
    Rule("auth.login", lambda w: "/login", expect(302, anonymous=200)),  # logged in: sent on
    # Without a CSRF token the logout form is refused and nobody is logged out.
    Rule("auth.logout", lambda w: "/logout", expect(302), method="POST"),
    Rule("auth.register", lambda w: "/register", expect(302, anonymous=200)),  # logged in: to the account
    Rule("auth.register", lambda w: "/register", expect(302, anonymous=422), method="POST"),
    Rule("auth.check_inbox", lambda w: "/check-inbox/registered", everyone(200)),
    Rule("auth.check_inbox", lambda w: "/check-inbox/anything", everyone(404), name="unknown message"),
    Rule("auth.confirm_email", lambda w: "/confirm/not-a-token", everyone(400)),
    Rule("auth.reset_request", lambda w: "/reset", everyone(200)),
    Rule("auth.reset_request", lambda w: "/reset", everyone(422), method="POST"),
    Rule("auth.reset_password", lambda w: "/reset/not-a-token", everyone(400)),
    Rule("auth.reset_password", lambda w: "/reset/not-a-token", everyone(400), method="POST"),
]
