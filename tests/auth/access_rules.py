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
    # The account pages: the logged-in person's own, nobody else's.
    Rule("account.index", lambda w: "/account", expect(200, anonymous=302)),
    Rule("account.resend_confirmation", lambda w: "/account/confirmation", expect(302), method="POST"),
    Rule("account.profile", lambda w: "/account/profile", expect(200, anonymous=302)),
    Rule("account.profile", lambda w: "/account/profile", expect(422, anonymous=302), method="POST"),
    Rule("account.change_password", lambda w: "/account/password", expect(200, anonymous=302)),
    Rule("account.change_password", lambda w: "/account/password", expect(422, anonymous=302), method="POST"),
    Rule("account.change_email", lambda w: "/account/email", expect(200, anonymous=302)),
    Rule("account.change_email", lambda w: "/account/email", expect(422, anonymous=302), method="POST"),
    Rule("account.confirm_email_change", lambda w: "/account/email/not-a-token", everyone(400)),
    Rule("account.download_data", lambda w: "/account/data.json", expect(200, anonymous=302)),
    Rule("account.delete_account", lambda w: "/account/delete", expect(200, anonymous=302)),
    Rule("account.delete_account", lambda w: "/account/delete", expect(422, anonymous=302), method="POST"),
    Rule("account.privacy", lambda w: "/privacy", everyone(200)),
]
