"""Screening a manifest file: decode, detect its format, read and screen it (CLI, API, web)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.errors import ValidationError
from clew.screening.bulk import PER_TRAVELLER, ScreeningReport, screen_rows
from clew.screening.manifests import FORMATS, ManifestRow, detect_manifest, read_manifest
from clew.screening.sync import IndexKeeper

if TYPE_CHECKING:  # Dask is imported only when a cluster is used
    from clew.screening.cluster import Cluster

__all__ = ["read_manifest_file", "screen_file"]


def screen_file(
    session: Session, actor: Actor, keeper: IndexKeeper, source: BinaryIO, *, filename: str,
    format_name: str | None = None, place: str | None = None, language: str = "en",
    progress: Callable[[int], None] | None = None, cluster: Cluster | None = None,
    per_traveller: int = PER_TRAVELLER,
) -> ScreeningReport:  # fmt: skip
    rows = read_manifest_file(source, filename=filename, format_name=format_name, place=place)
    return screen_rows(
        session,
        actor,
        keeper,
        rows,
        filename=filename,
        language=language,
        progress=progress,
        cluster=cluster,
        per_traveller=per_traveller,
    )


def read_manifest_file(
    source: BinaryIO, *, filename: str, format_name: str | None = None, place: str | None = None
) -> list[ManifestRow]:
    """Decode a manifest, detect its format and read its rows (no database needed)."""
    data = source.read()
    fmt = (format_name or detect_manifest(filename, data[:4096])).lower()
    if fmt not in FORMATS:
        raise ValidationError.field("format", f"'{fmt[:20]}' is not one of {', '.join(FORMATS)}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("iso-8859-1") if fmt == "paxlst" else ""
        except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes any bytes
            text = ""
        if not text:
            raise ValidationError.field("file", "is not UTF-8 text") from None
    return list(read_manifest(fmt, io.StringIO(text, newline=""), place))
