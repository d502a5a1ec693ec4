from tests.access import Rule, expect

ADMIN_ONLY = expect(403, anonymous=302, admin=200)

RULES = [
    Rule("admin.index", lambda w: "/admin/", expect(403, anonymous=302, admin=302)),
    Rule("admin.users", lambda w: "/admin/users?q=test&page=1", ADMIN_ONLY),
    Rule("admin.user", lambda w: f"/admin/users/{w.users['member_a'].id}", ADMIN_ONLY),
    Rule("admin.roles", lambda w: f"/admin/users/{w.users['member_a'].id}/roles",
         expect(403, anonymous=302, admin=422), method="POST"),
    Rule("admin.active", lambda w: f"/admin/users/{w.users['member_a'].id}/active",
         expect(403, anonymous=302, admin=422), method="POST"),
    Rule("admin.organisations", lambda w: "/admin/organisations?status=unverified", ADMIN_ONLY),
]
