"""The typed SQLAlchemy models of a project (docs/ARCHITECTURE.md §4).

Every entity that REFI-QDA knows carries a GUID that import, export and merge keep unchanged.
Text positions are Python ``str`` indices (code points), half-open ``[start, end)``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from qcoder.core.store.guids import new_guid


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    # Every model here maps one Table (SQLAlchemy types it as the wider FromClause, which has no
    # insert/update/delete); telling the type checker so lets core use Model.__table__ directly.
    __table__: ClassVar[Table]


def guid_column() -> Mapped[str]:
    return mapped_column(String(36), unique=True, nullable=False, default=new_guid)


def version_column() -> Mapped[int]:
    """How often the row was edited: an edit names the version it saw and is refused if another
    coder's edit came first (:mod:`qcoder.core.store.versions`). Added in schema 2."""
    return mapped_column(Integer, nullable=False, default=1, server_default="1")


def edited_by_column() -> Mapped[str | None]:
    """The name of the coder whose edit made the current version, to say who changed it."""
    return mapped_column(String(200))


class ProjectMeta(Base):
    """Key/value facts about the file itself, above all ``schema_version``."""

    __tablename__ = "project_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class Coder(Base):
    __tablename__ = "coders"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = guid_column()
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    colour: Mapped[str] = mapped_column(String(7), nullable=False, default="#4E79A7")


case_sources = Table(
    "case_sources",
    Base.metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("source_id", ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_case_sources_source", "source_id"),
)


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = guid_column()
    name: Mapped[str] = mapped_column(String(500), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="text")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id", ondelete="SET NULL"))
    original_filename: Mapped[str | None] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    characters: Mapped[int] = mapped_column(Integer, nullable=False)
    encoding: Mapped[str | None] = mapped_column(String(40))
    """What a text file was read as (``utf-8``, ``cp1252``…); None for documents and older files."""

    text_row: Mapped[SourceText] = relationship(
        back_populates="source", cascade="all, delete-orphan", uselist=False, lazy="raise"
    )
    cases: Mapped[list[Case]] = relationship(secondary=case_sources, back_populates="sources")


class SourceText(Base):
    """A source's text, apart so that listing sources never loads whole texts. LF; changed only
    by a recorded edit (:class:`SourceEdit`)."""

    __tablename__ = "source_texts"

    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text, nullable=False)

    source: Mapped[Source] = relationship(back_populates="text_row")


class SourceEdit(Base):
    """One edit of a source's text, in order (schema 5): ``[start, end)`` of the text as it was
    replaced by ``new_text``, and the text's length and SHA-256 after it. The list is the compact
    history a merge maps a teammate's positions through; the replaced words are not kept (a
    pseudonymised name must not survive in the file). The text changes only together with a row
    here (:mod:`qcoder.core.store.immutability`)."""

    __tablename__ = "source_edits"
    __table_args__ = (
        Index("ix_source_edits_source", "source_id", "id"),
        CheckConstraint("start >= 0 AND start <= \"end\"", name="ck_source_edit_span"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = guid_column()
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    new_text: Mapped[str] = mapped_column(Text, nullable=False)
    characters: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    edited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    edited_by: Mapped[str | None] = edited_by_column()


class SpeakerTurn(Base):
    __tablename__ = "speaker_turns"
    __table_args__ = (
        Index("ix_speaker_turns_source_start", "source_id", "start"),
        CheckConstraint("start >= 0 AND start <= \"end\"", name="ck_turn_span"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    speaker: Mapped[str] = mapped_column(String(200), nullable=False)
    time_ms: Mapped[int | None] = mapped_column(Integer)


class SourceMedia(Base):
    """The recording a transcript was made from: a link, and a copy only on request (schema 3).

    ``path`` is relative to the project file's folder (POSIX separators) when the recording lies
    beneath it or beside it, so that moving the folder keeps the link; otherwise absolute.
    """

    __tablename__ = "source_media"

    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True)
    guid: Mapped[str] = guid_column()
    path: Mapped[str] = mapped_column(String(2000), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="audio")
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    """The recording itself, only when the user asked to keep a copy inside the project."""


class Code(Base):
    __tablename__ = "codes"
    __table_args__ = (
        Index("ix_codes_parent", "parent_id", "position"),
        # schema 6: whether a name is free among a code's siblings, in one step (in vivo in a
        # group of thousands of codes, adding, renaming and moving codes)
        Index("ix_codes_parent_name", "parent_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = guid_column()
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(500), nullable=False)
    colour: Mapped[str] = mapped_column(String(7), nullable=False, default="#4E79A7")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    is_codable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    version: Mapped[int] = version_column()
    edited_by: Mapped[str | None] = edited_by_column()


class Coding(Base):
    __tablename__ = "codings"
    __table_args__ = (
        Index("ix_codings_source_start", "source_id", "start"),
        Index("ix_codings_code", "code_id"),
        Index("ix_codings_coder", "coder_id"),
        CheckConstraint("start >= 0 AND start < \"end\"", name="ck_coding_span"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = guid_column()
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    memo: Mapped[str | None] = mapped_column(Text)
    exemplar: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = guid_column()
    name: Mapped[str] = mapped_column(String(500), unique=True, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = version_column()
    edited_by: Mapped[str | None] = edited_by_column()

    sources: Mapped[list[Source]] = relationship(secondary=case_sources, back_populates="cases")


class Attribute(Base):
    """A variable (REFI-QDA ``Variable``) of cases or of sources, with a value type."""

    __tablename__ = "attributes"
    __table_args__ = (UniqueConstraint("name", "applies_to", name="uq_attribute_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = guid_column()
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    value_type: Mapped[str] = mapped_column(String(20), nullable=False, default="text")
    applies_to: Mapped[str] = mapped_column(String(10), nullable=False, default="case")


class AttributeValue(Base):
    __tablename__ = "attribute_values"
    __table_args__ = (
        UniqueConstraint("attribute_id", "case_id", name="uq_value_case"),
        UniqueConstraint("attribute_id", "source_id", name="uq_value_source"),
        CheckConstraint(
            "(case_id IS NULL) <> (source_id IS NULL)", name="ck_value_one_owner"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attribute_id: Mapped[int] = mapped_column(ForeignKey("attributes.id", ondelete="CASCADE"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str] = mapped_column(Text, nullable=False)


class Memo(Base):
    """A memo (REFI-QDA ``Note``) on the project, a source, a code or a case.

    A memo on a single passage is the coding's own ``memo`` column.
    """

    __tablename__ = "memos"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = guid_column()
    text: Mapped[str] = mapped_column(Text, nullable=False)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), index=True
    )
    code_id: Mapped[int | None] = mapped_column(
        ForeignKey("codes.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = version_column()
    edited_by: Mapped[str | None] = edited_by_column()


class Resolution(Base):
    """How a lead resolved a disagreement between coders on one passage of one code.

    ``action`` is ``accept`` (``accepted_coder_id``'s version copied to the other coders),
    ``keep`` (both versions kept as they are) or ``remove`` (every coder's coding removed);
    ``coders`` names the coders compared, comma-separated.
    """

    __tablename__ = "resolutions"
    __table_args__ = (Index("ix_resolutions_source_code", "source_id", "code_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = guid_column()
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(10), nullable=False)
    accepted_coder_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id", ondelete="SET NULL"))
    coders: Mapped[str] = mapped_column(Text, nullable=False, default="")
    resolved_by_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class SavedQuery(Base):
    """A named filter of codings: an AND/OR/NOT tree of conditions, stored as JSON.

    Conditions name codes, coders, cases, sources and attributes by GUID, so that renames and
    merges leave a saved query meaning what it meant (:mod:`qcoder.analysis.query`).
    """

    __tablename__ = "saved_queries"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = guid_column()
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    expression: Mapped[str] = mapped_column(Text, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coders.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class Pseudonym(Base):
    """One line of the project's pseudonymisation map (schema 5): a real name (or a regular
    expression) and what replaces it. Sensitive: kept in the project so that what comes later
    can be pseudonymised too, and never written into an export."""

    __tablename__ = "pseudonyms"
    __table_args__ = (UniqueConstraint("real", "regex", name="uq_pseudonym_real"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    real: Mapped[str] = mapped_column(Text, nullable=False)
    pseudonym: Mapped[str] = mapped_column(Text, nullable=False)
    regex: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    whole_word: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    case_sensitive: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
