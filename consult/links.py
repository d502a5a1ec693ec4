"""Absolute links to the site, built from its configured public address.

Links that leave the page — in emails, feeds, exports and the API — are read later and
elsewhere, so they must never carry the Host a request claimed: anyone can send
``Host: attacker.invalid`` with a password-reset request, and the link in the email would
then lead to them with a valid token. Every absolute link is therefore built on
``PUBLIC_URL`` (``CONSULT_PUBLIC_URL``), whatever the request said.
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import current_app, url_for


def public_url_for(endpoint: str, **values) -> str:
    """``public_url_for(endpoint, **values)``, on the public address."""
    app = current_app
    public = urlsplit(app.config["PUBLIC_URL"])
    anchor = values.pop("_anchor", None)
    app.inject_url_defaults(endpoint, values)
    adapter = app.url_map.bind(public.netloc, script_name=public.path or "/", url_scheme=public.scheme or "https")
    url = adapter.build(endpoint, values, force_external=True)
    if anchor is not None:
        url += "#" + quote(anchor, safe="%!#$&'()*+,/:;=?@")
    return url


def safe_next(target: str | None) -> str:
    """Only paths on this site: ``next=https://elsewhere.example`` goes home instead."""
    if not target:
        return url_for("public.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("public.home")
    return target
