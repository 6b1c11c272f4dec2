"""Files sent with a message: accepted by what they contain, stored by their SHA-256 outside the
web root, read only by those who see the message, every read audited.

- **Who attaches**: the message's author agency, within :data:`ATTACH_WINDOW` of sending; after
  that a message is not edited (a conflict). Anyone else who sees the message is forbidden;
  anyone who does not gets *Message not found.*, as for an id never issued.
- **What is accepted** is decided by the bytes (:func:`sniff`), never by the file's name or the
  type a client declares: PDF, PNG, JPEG, GIF, TIFF, WebP, UTF-8 text and CSV, and the zip-based
  office documents (docx, xlsx, pptx, odt, ods). Text that looks like HTML, SVG, XML or script
  near its start is refused: a browser could be talked into running it. Anything else is refused
  naming what was found.
- **Size**: at most ``Settings.attachment_max_bytes``, counted while the file is copied in;
  over it nothing is kept.
- **Storage**: ``<attachments_dir>/<sha[:2]>/<sha>``, written to a temporary file beside it and
  renamed into place (a reader never sees half a file); the same bytes sent twice are stored
  once. A row is never left without its file; a file can outlive its row only when the unit of
  work fails after the rename (it is then simply unreferenced bytes).
- File names and contents never reach a log or the audit: the audit holds ids only.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import tempfile
import unicodedata
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    TooLargeError,
    UnavailableError,
    UnsupportedTypeError,
)
from clew.exchange.access import load_message, message_visible, reader, writer
from clew.exchange.models import Attachment, Message
from clew.settings import Settings, get_settings
from clew.storage import utcnow

__all__ = [
    "ATTACH_WINDOW",
    "AttachmentPublic",
    "attach",
    "download",
    "list_attachments",
    "may_attach",
    "safe_filename",
    "sniff",
]

ATTACH_WINDOW = timedelta(hours=1)
ATTACHMENT_NOT_FOUND = "Attachment not found."
ACCEPTED = "PDF, PNG, JPEG, GIF, TIFF, WebP, plain text, CSV and office documents"
_CHUNK = 1 << 16
_HEAD = 4096  # what the type is read from (the text check reads the whole file)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
# Recognised only to say what was refused.
_REFUSED: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xca\xfe\xba\xbe", "a Mach-O or Java class file"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office (OLE) document"),
    (b"#!", "a script"),
)
_ODF = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}
_OOXML = (
    ("word/document.xml",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/presentation.xml",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)  # fmt: skip
_MARKUP = re.compile(rb"<(?:html|!doctype|svg|script|\?xml|body|iframe)", re.IGNORECASE)
_TEXT = "text/plain; charset=utf-8"
_CSV = "text/csv; charset=utf-8"


class AttachmentPublic(BaseModel):
    id: str
    message_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime


def _public(attachment: Attachment, message: Message) -> AttachmentPublic:
    return AttachmentPublic(
        id=attachment.public_id, message_id=message.public_id, filename=attachment.filename,
        media_type=attachment.media_type, size=attachment.size, sha256=attachment.sha256,
        created_at=attachment.created_at,
    )  # fmt: skip


def safe_filename(name: str | None) -> str:
    """The last path component of ``name``, without control or format characters, quotes or
    backslashes, at most 200 characters; ``attachment`` when nothing is left."""
    base = re.split(r"[/\\]", name or "")[-1]
    kept = "".join(
        c for c in unicodedata.normalize("NFC", base)
        if unicodedata.category(c)[0] not in "CZ" or c == " "
    )  # fmt: skip
    kept = kept.replace('"', "'").strip(" .")
    return kept[:200] or "attachment"


# --- what a file is --------------------------------------------------------------------------


def _is_csv(head: bytes) -> bool:
    """Text whose first lines all hold the same number (one or more) of one delimiter."""
    lines = [line for line in head.decode("utf-8", "ignore").splitlines()[:5] if line.strip()]
    if len(lines) < 2:
        return False
    return any(
        len({line.count(d) for line in lines[:-1]}) == 1 and lines[0].count(d) > 0
        for d in (",", ";", "\t")
    )


def _text_type(path: Path, head: bytes) -> str:
    """Text or CSV when the whole file is UTF-8 without NUL bytes and not markup."""
    if _MARKUP.search(head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")[:1024]):
        raise UnsupportedTypeError(
            f"This file is HTML, SVG, XML or script, which is not accepted. Accepted: {ACCEPTED}."
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                if b"\x00" in chunk:
                    raise ValueError
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except ValueError:  # UnicodeDecodeError is one
        raise UnsupportedTypeError(
            f"This file is binary data of an unknown kind, which is not accepted. "
            f"Accepted: {ACCEPTED}."
        ) from None
    return _CSV if _is_csv(head) else _TEXT


def _office_type(path: Path) -> str:
    """The office document type of a zip, from its ``mimetype`` entry (OpenDocument) or its
    main part (Office Open XML); anything else is a plain archive and refused."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                with archive.open("mimetype") as entry:
                    declared = entry.read(100).decode("ascii", "replace").strip()
                if declared in _ODF:
                    return declared
            elif "[Content_Types].xml" in names:
                for part, media_type in _OOXML:
                    if part in names:
                        return media_type
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        pass
    raise UnsupportedTypeError(
        f"This file is a zip archive, not an office document; archives are not accepted. "
        f"Accepted: {ACCEPTED}."
    )


def sniff(path: Path) -> str:
    """The media type of the file at ``path``, read from its bytes; ``UnsupportedTypeError``
    naming what was found when it is not one Clew accepts. An empty file is refused."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD)
    if not head:
        raise UnsupportedTypeError("The file is empty.")
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return _office_type(path)
    for magic, found in _REFUSED:
        if head.startswith(magic):
            raise UnsupportedTypeError(
                f"This file is {found}, which is not accepted. Accepted: {ACCEPTED}."
            )
    return _text_type(path, head)


# --- storage ---------------------------------------------------------------------------------


class _Staged:
    """A file copied into the attachments folder under a temporary name, with its digest."""

    def __init__(self, path: Path, size: int, sha256: str) -> None:
        self.path, self.size, self.sha256 = path, size, sha256


def _size(limit: int) -> str:
    """``20 MiB``, ``512 KiB``, ``900 bytes``: binary units, as the setting is written."""
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if limit >= scale:
            return f"{limit / scale:.3g} {unit}"
    return f"{limit} bytes"


def _stage(source: BinaryIO | Path, directory: Path, limit: int) -> _Staged:
    directory.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=".incoming-", dir=directory)
    path = Path(name)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(descriptor, "wb") as out:
            handle = source.open("rb") if isinstance(source, Path) else source
            try:
                while chunk := handle.read(_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise TooLargeError(
                            f"The file is over the {_size(limit)} limit for attachments."
                        )
                    digest.update(chunk)
                    out.write(chunk)
            finally:
                if isinstance(source, Path):
                    handle.close()
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return _Staged(path, size, digest.hexdigest())


def _blob(directory: Path, sha256: str) -> Path:
    return directory / sha256[:2] / sha256


def _keep(staged: _Staged, directory: Path) -> None:
    """Rename the staged file into its content address (or drop it: those bytes are there)."""
    target = _blob(directory, staged.sha256)
    if target.exists():
        staged.path.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged.path, target)


# --- services --------------------------------------------------------------------------------


def may_attach(session: Session, actor: Actor, message_id: str) -> Message:
    """The message, when the actor's agency may attach files to it now (the API asks before
    it reads an upload)."""
    writer(actor)
    message = load_message(session, actor, message_id)
    if message.author_agency_id != actor.agency_id:
        raise ForbiddenError("Only the agency that sent a message attaches files to it.")
    if utcnow() - message.created_at > ATTACH_WINDOW:
        raise ConflictError(
            "Files are attached within an hour of sending: a message is not edited later."
        )
    return message


def attach(
    session: Session,
    actor: Actor,
    message_id: str,
    filename: str | None,
    source: BinaryIO | Path,
    *,
    settings: Settings | None = None,
) -> AttachmentPublic:
    """Attach the file read from ``source`` (an open binary file or a spooled upload's path)
    to the actor's agency's message ``message_id``."""
    writer(actor)
    settings = settings or get_settings()
    directory = settings.attachments_path()
    staged = _stage(source, directory, settings.attachment_max_bytes)  # before any lock is held
    try:
        media_type = sniff(staged.path)
        message = may_attach(session, actor, message_id)
        _keep(staged, directory)
    finally:
        staged.path.unlink(missing_ok=True)
    attachment = Attachment(
        message_id=message.id, filename=safe_filename(filename), media_type=media_type,
        size=staged.size, sha256=staged.sha256, created_at=utcnow(),
    )  # fmt: skip
    session.add(attachment)
    session.flush()
    audit.record(
        session, actor, "exchange.attachment.add", target=attachment.public_id,
        query={"message": message.public_id},
    )  # fmt: skip
    return _public(attachment, message)


def list_attachments(session: Session, actor: Actor, message_id: str) -> list[AttachmentPublic]:
    """The files of a message the actor sees, oldest first."""
    message = load_message(session, actor, message_id)
    rows = session.execute(
        select(Attachment).where(Attachment.message_id == message.id).order_by(Attachment.id)
    ).scalars()
    return [_public(a, message) for a in rows]


def download(
    session: Session, actor: Actor, attachment_id: str, *, settings: Settings | None = None
) -> tuple[AttachmentPublic, Path]:
    """An attachment of a message the actor sees, and the path of its bytes; audited.

    An attachment of a message the actor may not see is *Attachment not found.*, exactly as an
    id never issued."""
    reader(actor)
    row = session.execute(
        select(Attachment, Message)
        .join(Message, Message.id == Attachment.message_id)
        .where(Attachment.public_id == attachment_id, message_visible(actor))
    ).one_or_none()
    if row is None:
        raise NotFoundError(ATTACHMENT_NOT_FOUND)
    attachment, message = row
    path = _blob((settings or get_settings()).attachments_path(), attachment.sha256)
    if not path.is_file():
        raise UnavailableError("The attachment's file is missing from the store.")
    audit.record(
        session, actor, "exchange.attachment.read", target=attachment.public_id,
        query={"message": message.public_id},
    )  # fmt: skip
    return _public(attachment, message), path
