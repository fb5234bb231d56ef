"""Small helpers that read configuration from the environment with typed defaults."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return _env_number(name, default, int, "a whole number")


def env_float(name: str, default: float) -> float:
    return _env_number(name, default, float, "a number")


def _env_number(name, default, parse, kind):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return parse(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be {kind}, not {value!r}") from error


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set")
    return value


def env_networks(name: str) -> list[str]:
    """A comma-separated list of IP networks (CIDR), each checked now."""
    networks = env_list(name)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}: {network!r} is not an IP network") from error
    return networks
