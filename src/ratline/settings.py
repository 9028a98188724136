"""RATLINE_* environment variables with their defaults, read at call time."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The data folder; created on first use."""
    path = Path(os.environ.get("RATLINE_HOME") or Path.cwd() / "ratline-data").expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    url = os.environ.get("RATLINE_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{home() / 'ratline.sqlite'}"


def keep_victim_names() -> bool:
    """Victim names are pseudonymised unless the operator opts in explicitly."""
    return os.environ.get("RATLINE_KEEP_VICTIM_NAMES", "").lower() in {"1", "true", "yes"}


def pseudonym_key() -> bytes:
    """Key for victim pseudonyms: stable across runs, unguessable without the key file."""
    env = os.environ.get("RATLINE_PSEUDONYM_KEY")
    if env:
        return env.encode()
    keyfile = home() / "pseudonym.key"
    if not keyfile.exists():
        keyfile.write_bytes(os.urandom(32).hex().encode())
        keyfile.chmod(0o600)
    return keyfile.read_bytes().strip()


def reviewer() -> str:
    """Who is making a judgement from the command line."""
    return os.environ.get("RATLINE_REVIEWER") or os.environ.get("USER") or "cli"
