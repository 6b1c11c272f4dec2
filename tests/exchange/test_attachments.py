"""Attachments: accepted by content only, size-limited, stored once by SHA-256 outside the web
root, downloaded as files (never rendered), seen only through the message, every read audited."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from clew.access.models import AuditEntry
from clew.exchange.models import Message
from clew.settings import Settings
from clew.storage import Database, utcnow
from tests.conftest import settings_for
from tests.exchange.sending import open_case, send

Headers = dict[str, str]
LIMIT = 8192

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")])
ODS = _zip([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", b"<office:document-content/>")])  # fmt: skip


@pytest.fixture
def settings(database: Database, tmp_path: Path) -> Settings:
    """The test app's settings, with attachments in this test's folder and a small limit."""
    return settings_for(database).model_copy(
        update={"attachments_dir": tmp_path / "attachments", "attachment_max_bytes": LIMIT}
    )


@pytest.fixture
def message(database: Database, cast: dict[str, Headers]) -> str:
    """A message from Vietnam's NCB to Cambodia's."""
    case_id = open_case(database, "VN-NCB")
    return send(database, "liaison.vn", case_id, ["KH-NCB"], body="Photos of the seizure.")


def upload(
    client: TestClient, headers: Headers, message_id: str, name: str, data: bytes,
    declared: str = "application/octet-stream",
) -> tuple[int, dict[str, object]]:  # fmt: skip
    response = client.post(
        f"/api/v1/messages/{message_id}/attachments", headers=headers,
        files={"file": (name, data, declared)},
    )  # fmt: skip
    return response.status_code, response.json()


def blobs(settings: Settings) -> list[Path]:
    root = settings.attachments_path()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("scan.jpg", b"\xff\xd8\xff\xe0" + bytes(32), "image/jpeg"),
        ("notes.txt", "Hàng hóa ở Đà Nẵng\n".encode(), "text/plain; charset=utf-8"),
        ("list.csv", b"name;dob\nNguyen;1980\nTran;1975\n", "text/csv; charset=utf-8"),
        ("statement.docx", DOCX,
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("counts.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        ("no-extension", PDF, "application/pdf"),  # the name is never asked
    ],
)  # fmt: skip
def test_files_are_accepted_by_their_content(
    client: TestClient, cast: dict[str, Headers], message: str, settings: Settings,
    name: str, data: bytes, media_type: str,
) -> None:  # fmt: skip
    status, body = upload(client, cast["liaison.vn"], message, name, data)
    assert status == 201, body
    assert body["media_type"] == media_type
    assert body["size"] == len(data)
    sha = hashlib.sha256(data).hexdigest()
    assert body["sha256"] == sha
    assert blobs(settings) == [settings.attachments_path() / sha[:2] / sha]
    listed = client.get(f"/api/v1/messages/{message}/attachments", headers=cast["spoc.kh"])
    assert [a["id"] for a in listed.json()] == [body["id"]]


@pytest.mark.parametrize(
    ("name", "data", "declared", "found"),
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>",
         "application/pdf", "HTML"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
         "image/png", "SVG"),
        ("feed.txt", b'<?xml version="1.0"?><x/>', "text/plain", "XML"),
        ("  notes.txt", b"\n  <SCRIPT>alert(1)</SCRIPT>", "text/plain", "script"),
        ("setup.pdf", b"MZ\x90\x00" + bytes(60), "application/pdf", "Windows executable"),
        ("archive.docx", _zip([("evil.exe", b"MZ")]), "application/zip", "zip archive"),
        ("data.txt", b"text\x00with a NUL", "text/plain", "binary data"),
        ("latin1.txt", "café".encode("latin-1"), "text/plain", "binary data"),
    ],
)  # fmt: skip
def test_files_are_refused_by_their_content_whatever_their_name(
    client: TestClient, cast: dict[str, Headers], message: str, settings: Settings,
    name: str, data: bytes, declared: str, found: str,
) -> None:  # fmt: skip
    status, body = upload(client, cast["liaison.vn"], message, name, data, declared)
    assert status == 415
    assert body["error"]["code"] == "unsupported_media_type"
    assert found in body["error"]["message"]
    assert blobs(settings) == []
    listed = client.get(f"/api/v1/messages/{message}/attachments", headers=cast["liaison.vn"])
    assert listed.json() == []


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(
    client: TestClient, cast: dict[str, Headers], message: str, settings: Settings
) -> None:
    status, body = upload(client, cast["liaison.vn"], message, "big.pdf", PDF + bytes(LIMIT))
    assert status == 413
    assert "8 KiB" in body["error"]["message"]
    assert blobs(settings) == []
    status, _ = upload(client, cast["liaison.vn"], message, "fits.pdf", PDF + bytes(100))
    assert status == 201


def test_a_body_far_over_the_limit_is_refused_while_it_streams(
    client: TestClient, cast: dict[str, Headers], message: str, settings: Settings
) -> None:
    status, body = upload(client, cast["liaison.vn"], message, "huge.pdf", PDF + bytes(200_000))
    assert status == 413
    assert "attachments" in body["error"]["message"]
    assert blobs(settings) == []


def test_the_same_bytes_are_stored_once(
    client: TestClient, cast: dict[str, Headers], message: str, settings: Settings
) -> None:
    first = upload(client, cast["liaison.vn"], message, "a.pdf", PDF)[1]
    second = upload(client, cast["liaison.vn"], message, "copy of a.pdf", PDF)[1]
    assert first["id"] != second["id"]
    assert len(blobs(settings)) == 1


def test_only_the_author_agency_attaches_and_only_within_the_hour(
    client: TestClient, database: Database, cast: dict[str, Headers], message: str
) -> None:
    status, body = upload(client, cast["spoc.kh"], message, "r.pdf", PDF)  # holds it
    assert status == 403
    status, body = upload(client, cast["analyst.vn"], message, "r.pdf", PDF)  # same agency
    assert status == 201
    with database.transaction() as session:
        session.execute(
            update(Message).where(Message.public_id == message)
            .values(created_at=utcnow() - timedelta(hours=2))
        )  # fmt: skip
    status, body = upload(client, cast["liaison.vn"], message, "late.pdf", PDF)
    assert status == 409
    assert "not edited" in body["error"]["message"]


def test_an_outsider_finds_no_trace_of_a_message_or_its_files(
    client: TestClient, cast: dict[str, Headers], message: str, settings: Settings
) -> None:
    attachment = upload(client, cast["liaison.vn"], message, "r.pdf", PDF)[1]["id"]
    ee = cast["liaison.ee"]
    hidden = client.get(f"/api/v1/attachments/{attachment}", headers=ee)
    made_up = client.get("/api/v1/attachments/no-such-attachment", headers=ee)
    assert hidden.status_code == made_up.status_code == 404
    assert hidden.json() == made_up.json()
    assert hidden.json()["error"]["message"] == "Attachment not found."
    hidden_list = client.get(f"/api/v1/messages/{message}/attachments", headers=ee)
    made_up_list = client.get("/api/v1/messages/no-such-message/attachments", headers=ee)
    assert hidden_list.status_code == made_up_list.status_code == 404
    assert hidden_list.json() == made_up_list.json()
    hidden_upload = upload(client, ee, message, "x.pdf", PDF)
    made_up_upload = upload(client, ee, "no-such-message", "x.pdf", PDF)
    assert hidden_upload == made_up_upload
    assert hidden_upload[0] == 404
    assert len(blobs(settings)) == 1


def test_a_download_is_a_file_never_a_page(
    client: TestClient, cast: dict[str, Headers], message: str
) -> None:
    text = b"<b>not markup</b> plain notes\n"
    attachment = upload(client, cast["liaison.vn"], message, '../../"évil".html', text)[1]
    response = client.get(f"/api/v1/attachments/{attachment['id']}", headers=cast["spoc.kh"])
    assert response.status_code == 200
    assert response.content == text
    assert response.headers["content-type"].startswith("text/plain")
    assert "html" not in response.headers["content-type"]
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "/" not in disposition.split("filename*=")[0] and ".." not in disposition
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == "sandbox"


def test_every_read_is_audited(
    client: TestClient, database: Database, cast: dict[str, Headers], message: str
) -> None:
    attachment = upload(client, cast["liaison.vn"], message, "r.pdf", PDF)[1]["id"]
    for _ in range(2):
        assert client.get(f"/api/v1/attachments/{attachment}", headers=cast["spoc.kh"]).is_success
    with database.reading() as session:
        reads = session.execute(
            select(AuditEntry.username, AuditEntry.target, AuditEntry.query)
            .where(AuditEntry.action == "exchange.attachment.read")
        ).all()  # fmt: skip
    assert [(user, target) for user, target, _ in reads] == [("spoc.kh", attachment)] * 2
    assert all("r.pdf" not in query for _, _, query in reads)
