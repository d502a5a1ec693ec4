from tests.access import Rule, everyone, expect

RULES = [
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
