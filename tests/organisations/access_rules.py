from tests.access import Rule, everyone, expect


def owner_membership(w):
    return next(m for m in w.org_a.memberships if m.user_id == w.users["member_a"].id)


RULES = [
    Rule("organisations.index", lambda w: "/organisations?q=organisation", everyone(200)),
    Rule("organisations.create", lambda w: "/organisations/new", expect(200, anonymous=302)),
    Rule("organisations.create", lambda w: "/organisations/new", expect(422, anonymous=302), method="POST"),
    # The organisation page is public; members, owners' tools and verification show to whom they concern.
    Rule("organisations.detail", lambda w: f"/organisations/{w.org_a.id}", everyone(200)),
    Rule("organisations.detail", lambda w: "/organisations/987654", everyone(404), name="missing organisation"),
    Rule("organisations.edit", lambda w: f"/organisations/{w.org_a.id}/edit",
         expect(403, anonymous=302, member_a=200, admin=200)),
    Rule("organisations.edit", lambda w: f"/organisations/{w.org_a.id}/edit",
         expect(403, anonymous=302, member_a=422, admin=422), method="POST"),
    # Already a member: 403; anyone else may ask, but not without a CSRF token (400).
    Rule("organisations.join", lambda w: f"/organisations/{w.org_a.id}/join",
         expect(400, anonymous=302, member_a=403), method="POST"),
    # member_a is the only owner of A: the last owner cannot leave.
    Rule("organisations.leave", lambda w: f"/organisations/{w.org_a.id}/leave",
         expect(403, anonymous=302), method="POST"),
    Rule("organisations.member", lambda w: f"/organisations/{w.org_a.id}/members/{owner_membership(w).id}",
         expect(403, anonymous=302, member_a=400, admin=400), method="POST"),
    Rule("organisations.verify", lambda w: f"/organisations/{w.org_a.id}/verification",
         expect(403, anonymous=302, convener=422, admin=422), method="POST"),
]
