from tests.access import Rule, everyone

RULES = [
    Rule("api.search", lambda w: "/api/v1/search?q=recruitment+fees", everyone(200), name="search API"),
    Rule("api.search", lambda w: "/api/v1/search?q=%2Ax", everyone(400), name="search API, unparsable query"),
]
