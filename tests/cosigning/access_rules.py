"""Who may reach the co-signing pages. The lead's pages are for members of the submitting
organisation; an invitation's pages for members of the invited one (a clear 403 for anyone
else). POSTs carry no CSRF token here: the one allowed is refused by the form (400/422)."""
from tests.access import LOGIN, Rule, expect

LEAD_ONLY = expect(403, anonymous=LOGIN, member_a=200)
INVITED_ONLY = expect(403, anonymous=LOGIN, member_b=200)


def _withdraw(w) -> str:
    return f"/my/submissions/{w.pending.reference}/cosigners/{w.cosignature.id}/withdraw"


RULES = [
    Rule("cosigning.manage", lambda w: f"/my/submissions/{w.pending.reference}/cosigners?q=organisation", LEAD_ONLY),
    Rule("cosigning.manage", lambda w: f"/my/submissions/{w.rejected.reference}/cosigners",
         expect(403, anonymous=LOGIN), name="co-signers of rejected input"),
    Rule("cosigning.manage", lambda w: f"/my/submissions/{w.pending.reference}/cosigners",
         expect(403, anonymous=LOGIN, member_a=422), method="POST", name="POST an invitation"),
    Rule("cosigning.withdraw", _withdraw, expect(403, anonymous=LOGIN, member_a=400), method="POST"),
    Rule("cosigning.invitations", lambda w: f"/organisations/{w.org_b.id}/cosigning", INVITED_ONLY),
    Rule("cosigning.invitation", lambda w: f"/cosigning/{w.cosignature.id}", INVITED_ONLY),
    Rule("cosigning.confirm", lambda w: f"/cosigning/{w.cosignature.id}/confirm",
         expect(403, anonymous=LOGIN, member_b=400), method="POST"),
    Rule("cosigning.decline", lambda w: f"/cosigning/{w.cosignature.id}/decline",
         expect(403, anonymous=LOGIN, member_b=400), method="POST"),
]
