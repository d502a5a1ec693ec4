from tests.access import Rule, everyone

RULES = [
    # Open to everyone: sets the language and sends the visitor back.
    Rule("languages.switch", lambda w: "/language/fr?next=/rounds", everyone(302)),
]
