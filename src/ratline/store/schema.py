"""Table definitions of the statement store (SQLAlchemy Core), shared by every backend."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# A document's id is the SHA-256 of its normalised text, so the same text from two
# sources is one document. A source item that failed to read has no text; its
# record gets an id derived from its origin and status "failed".
documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("published", Date),
    # day | month | year (migration step 5): a coarse date is stored as the first day of
    # its month or year. NULL with a date: stored before precisions were kept, a day.
    Column("published_precision", String(8)),
    Column("language", String(16)),
    Column("media_type", String(128)),
    Column("author", Text),
    Column("site", Text),
    Column("size", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False),  # stored | extracted | failed
    Column("error", Text),
    Column("stage", String(16)),  # the stage that failed: source | read | extract
    Column("relevant", Integer),  # NULL until triage/extraction has run
    Column("extractor_version", String(32)),
    Column("text", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_documents_status", documents.c.status)
# Lists of documents page through them in ingest order (migration step 6).
ix_documents_created = Index("ix_documents_created", documents.c.created_at, documents.c.id)

statements = Table(
    "statements",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("subject", Text, nullable=False),
    Column("prop", String(64), nullable=False),
    Column("value", Text, nullable=False),
    # An edited statement keeps its machine identity (id) so re-extraction of the same
    # fact collides with it instead of adding a second copy; the machine value stays here.
    Column("original_value", Text),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("extractor", String(64), nullable=False),
    Column("extractor_version", String(32), nullable=False),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("status", String(16), nullable=False, default="machine"),
    Column("reviewer", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_statements_document", statements.c.document_id)
Index("ix_statements_subject", statements.c.subject)
Index("ix_statements_prop_value", statements.c.prop, statements.c.value)
# The review queue: statements by status, then property (migration step 6).
ix_statements_status_prop = Index("ix_statements_status_prop", statements.c.status, statements.c.prop)
# Statements that name a victim's pseudonym, by document: what masking reads for every
# list of documents shown (`masking.load`), among a hundred other statements a document
# (migration step 12). The query must spell the same pattern as a literal for the
# database to use it.
VICTIM_PATTERN = "%Victim-%"
ix_statements_victims = Index(
    "ix_statements_victims", statements.c.document_id,
    postgresql_where=statements.c.value.like(VICTIM_PATTERN),
    sqlite_where=statements.c.value.like(VICTIM_PATTERN))

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", String(32), nullable=False),
    Column("sources", Text, nullable=False),  # JSON list of source specs
    Column("status", String(16), nullable=False),  # running | done | failed | interrupted
    # Who runs it, so a later run can tell a killed run from one still going.
    Column("host", String(255)),
    Column("pid", Integer),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("seen", Integer, nullable=False, default=0),
    Column("added", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
)

# Per-item progress of a run: which origin became which document, or why it failed.
run_items = Table(
    "run_items",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id"), primary_key=True),
    Column("origin", Text, primary_key=True),
    Column("document_id", String(64)),
    Column("outcome", String(16), nullable=False),  # added | duplicate | failed
    Column("error", Text),
)

# The documents a run read, each once (migration step 11): what the extraction after an
# ingest takes, read back in id order a page at a time instead of held as a list. Not
# run_items: one origin can give two documents (a feed's entries sharing a link, an
# e-mail's attachments sharing a name) and run_items keeps one row per origin.
run_documents = Table(
    "run_documents",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id"), primary_key=True),
    Column("document_id", String(64), ForeignKey("documents.id"), primary_key=True),
    sqlite_with_rowid=False,  # the key is the row: one B-tree on SQLite, not two
)

# Conditional-GET validators for feeds, so a re-fetch of an unchanged feed costs nothing.
feed_state = Table(
    "feed_state",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(128), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

# -- web: users, audit log, login attempts (migration step 3) ---------------------
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # admin | analyst | viewer
    Column("password_hash", Text, nullable=False),  # argon2id
    Column("disabled", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Who did what to which thing, with the state before and after (JSON), for every
# review decision, merge and export: reviewers answer for what the data says.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user_name", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("target", Text, nullable=False),
    Column("before", Text),
    Column("after", Text),
    Column("ip", String(64)),
)
Index("ix_audit_log_at", audit_log.c.at)

# Logged-in sessions of the web app, kept here so that every worker process of one
# server knows them (`web.sessions`). The cookie's token is stored only as its SHA-256:
# a copy of the store lets no one in. `expires` is Unix time, slid forward by use.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires", Float, nullable=False),
)
Index("ix_web_sessions_expires", web_sessions.c.expires)

# Failed and successful logins, so password guessing is throttled per user and address.
login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_name", String(64), nullable=False),
    Column("ip", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("ok", Integer, nullable=False),
)
Index("ix_login_attempts_user_ip_at", login_attempts.c.user_name, login_attempts.c.ip,
      login_attempts.c.at)

# -- resolution: actors and incidents across documents (migration step 4) ----------
# A person's verdict that two things are (yes) or are not (no) the same actor or
# incident. Judgements are statements of their own: the machine never overrides them.
judgements = Table(
    "judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # actor | incident
    Column("a", Text, nullable=False),
    Column("b", Text, nullable=False),
    Column("verdict", String(8), nullable=False),  # yes | no | unsure
    Column("reviewer", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The latest resolution: which cluster each member (actor mention = actor statement id,
# incident = incident subject) belongs to. Derived from statements and judgements and
# rewritten by every resolve run; it is also the memory that keeps cluster ids stable.
resolutions = Table(
    "resolutions",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("member", Text, primary_key=True),
    Column("cluster_id", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_resolutions_cluster", resolutions.c.kind, resolutions.c.cluster_id)

# One row per resolved actor or incident: what lists and the web show without
# re-resolving (canonical name, sources, corroboration, conflicts, claims as JSON).
clusters = Table(
    "clusters",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("cluster_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Each cluster's blocking keys (also in its row's data), indexed: an incremental run and
# the web's link evidence find a report's candidate clusters by key, not by reading
# every cluster row.
cluster_keys = Table(
    "cluster_keys",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("cluster_id", String(64), primary_key=True),
)
Index("ix_cluster_keys_cluster", cluster_keys.c.kind, cluster_keys.c.cluster_id)

# Incident subjects an extraction wrote that no resolution has placed yet: what the next
# incremental run links, read without scanning every statement and membership.
unresolved = Table(
    "unresolved",
    metadata,
    Column("subject", Text, primary_key=True),
)

# Per kind, whether its stored clusters can be extended by an incremental run (rows
# written in today's format: with blocking keys, and actor rows with name counts).
resolution_state = Table(
    "resolution_state",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("extendable", Integer, nullable=False),
)

# A document's name fingerprint (hashed rare names, see resolve.fingerprint): what
# incident linkage compares between reports, kept so a resolution needs no texts.
fingerprints = Table(
    "fingerprints",
    metadata,
    Column("document_id", String(64), ForeignKey("documents.id"), primary_key=True),
    Column("value", Text, nullable=False),
)

# What incident linkage weighs names by, counted over every stored report (see
# `resolve.incidents.term_counts`): per field, how many reports hold each value (how many
# documents print each fingerprint name; each counted document has a `document` row),
# and the totals (`total`: `records`, `documents`). A full run writes them, an incremental
# run adds its reports, so both weigh a name alike (migration step 14).
frequencies = Table(
    "frequencies",
    metadata,
    Column("field", String(16), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("count", BigInteger, nullable=False),
)

# The store's version: one row whose counter every write transaction that changes data
# raises before it commits (Store.writer), so a reader learns whether anything changed
# since it last looked by reading one row (the web's incident index, analyze.incidents).
store_state = Table(
    "store_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", BigInteger, nullable=False),
)
