"""Addresses of the site's pages (DESIGN §7), relative to the page that links to them (`base` leads to the root)."""

from __future__ import annotations


def actor_url(actor_id: str, base: str = "../../") -> str:
    return f"{base}acteurs/{actor_id}/"


def territory_url(territory_id: str, base: str = "../../") -> str:
    return f"{base}territoires/{territory_id}/"


def stratum_url(stratum_id: str, base: str = "../../") -> str:
    return f"{base}strates/#{stratum_id}"


def function_url(function_id: str, base: str = "../../") -> str:
    return f"{base}fonctions/#{function_id}"
