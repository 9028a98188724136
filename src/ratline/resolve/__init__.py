"""The resolve stage: actors across documents and incidents across reports.

A pure library over in-memory records. `resolve_actors` clusters actor mentions into
actors; `resolve_incidents` clusters incident records from several documents into
real-world incidents with corroboration and conflicts. Both explain every merge with a
scored list of reasons, let human judgements override the machine, and keep ids stable
across re-runs when given the previous run's mapping.
"""

from ratline.resolve.actors import (
    ActorCluster,
    ActorMention,
    Resolution,
    blocking_keys,
    compare,
    resolve_actors,
)
from ratline.resolve.aliases import AliasGroup, alias_group, load_aliases
from ratline.resolve.clusters import UNSURE, YES, Judgement, Merge, Outcome, Score
from ratline.resolve.conflicts import SourceClaim, find_conflicts, strongest_evidence
from ratline.resolve.incidents import (
    IncidentCluster,
    IncidentRecord,
    IncidentResolution,
    MoneyClaim,
    compare_incidents,
    resolve_incidents,
)
from ratline.resolve.names import Name, fold, name_similarity, parse_name, phonetic

__all__ = [
    "UNSURE",
    "YES",
    "ActorCluster",
    "ActorMention",
    "AliasGroup",
    "IncidentCluster",
    "IncidentRecord",
    "IncidentResolution",
    "Judgement",
    "Merge",
    "MoneyClaim",
    "Outcome",
    "Name",
    "Resolution",
    "Score",
    "SourceClaim",
    "alias_group",
    "blocking_keys",
    "compare",
    "compare_incidents",
    "find_conflicts",
    "fold",
    "load_aliases",
    "name_similarity",
    "parse_name",
    "phonetic",
    "resolve_actors",
    "resolve_incidents",
    "strongest_evidence",
]
