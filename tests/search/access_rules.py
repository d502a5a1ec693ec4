from tests.access import Rule, everyone

RULES = [
    Rule("search.search", lambda w: "/search?q=recruitment+fees", everyone(200), name="search page"),
    Rule("search.search", lambda w: "/search", everyone(200), name="empty search page"),
    Rule("search.search", lambda w: "/search?q=*x", everyone(400), name="refused query: a message, never a 500"),
]
