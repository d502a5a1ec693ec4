from tests.access import Rule, everyone

RULES = [
    # Open to everyone; without a CSRF token nothing changes and the visitor is sent back.
    Rule("languages.switch", lambda w: "/language", everyone(302), method="POST",
         data=lambda w: {"lang": "fr", "next": "/rounds"}),
]
