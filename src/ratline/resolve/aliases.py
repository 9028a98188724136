"""Alias groups of well-known actors, read once from `vocab/aliases.yaml`.

A name is looked up whole, after the same folding `names` applies to every mention, so
the YAML lists each spelling family once ("al-Shabaab" covers "Al Shabaab").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ratline.resolve.names import Name, parse_name


@dataclass(frozen=True, slots=True)
class AliasGroup:
    id: str
    name: str
    type: str
    agency: bool
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class AliasTable:
    groups: dict[str, AliasGroup]
    by_text: dict[str, str]
    by_key: dict[str, str]

    def group_of(self, name: Name) -> AliasGroup | None:
        """The group whose alias spells `name`, in order first, then in any order."""
        gid = self.by_text.get(name.text) or self.by_key.get(name.key)
        return self.groups[gid] if gid else None


@lru_cache(maxsize=1)
def load_aliases() -> AliasTable:
    """Parse `ratline/vocab/aliases.yaml`; raises ValueError naming a duplicated alias."""
    path = resources.files("ratline.vocab") / "aliases.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups: dict[str, AliasGroup] = {}
    by_text: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for gid, spec in (data.get("groups") or {}).items():
        aliases = tuple(str(a) for a in spec.get("aliases", ()))
        group = AliasGroup(
            id=str(gid),
            name=str(spec.get("name") or aliases[0]),
            type=str(spec.get("type", "organization")),
            agency=bool(spec.get("agency", False)),
            aliases=aliases,
        )
        groups[group.id] = group
        for alias in (*aliases, group.name):
            parsed = parse_name(alias, person=False)
            owner = by_text.setdefault(parsed.text, group.id)
            if owner != group.id:
                raise ValueError(f"alias {alias!r} is in both {owner!r} and {group.id!r}")
            by_key.setdefault(parsed.key, group.id)
    return AliasTable(groups=groups, by_text=by_text, by_key=by_key)


def alias_group(name: Name) -> AliasGroup | None:
    """The alias group `name` belongs to, if any."""
    return load_aliases().group_of(name)
