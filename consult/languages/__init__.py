"""The language switcher: a visitor's choice in a cookie, a member's in their account."""
