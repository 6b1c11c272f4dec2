"""``--language``: every word the command line prints comes from the Babel catalogues."""

from __future__ import annotations

import json

import pytest

from clew.storage import Database
from tests.records.conftest import document, make_countries
from tests.test_cli import clew

#: What each language says, as the catalogues have it (the web's check page says the same).
WORDS = {
    "bg": {"hit": "СЪВПАДЕНИЕ 1,00", "category": "Предмет за изземване",
           "action": "Необходимо действие: Seize the document", "why": "Защо съвпада:",
           "clear": "Няма съвпадения",
           "nothing": "грешка: посочете лице, документ, превозно средство или огнестрелно "
                      "оръжие за проверка"},
    "vi": {"hit": "TRÙNG KHỚP 1,00", "category": "Đồ vật cần thu giữ",
           "action": "Biện pháp cần thực hiện: Seize the document", "why": "Lý do trùng khớp:",
           "clear": "Không có kết quả trùng khớp",
           "nothing": "lỗi: hãy nhập một người, một giấy tờ, một phương tiện hoặc một khẩu súng "
                      "để kiểm tra"},
}  # fmt: skip


@pytest.fixture
def listed(database: Database) -> Database:
    """A stolen passport on Bulgaria's watchlist; Latvia's police checks."""
    make_countries(database)
    created = clew(database, "records", "create", "--agency", "BG-NCB", "--json", "-",
                   stdin=json.dumps(document()))  # fmt: skip
    assert created.returncode == 0, created.stderr
    return database


@pytest.mark.parametrize("language", ["bg", "vi"])
def test_a_hit_is_told_in_the_officers_language(listed: Database, language: str) -> None:
    words = WORDS[language]
    result = clew(listed, "check", "--agency", "LV-POLICE", "--document", "AB1234567",
                  "--language", language)  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(words["hit"]) and words["category"] in lines[0]
    assert lines[1].strip() == words["action"]
    assert lines[2].strip().startswith(words["why"])
    assert "HIT" not in result.stdout and "action" not in result.stdout


@pytest.mark.parametrize("language", ["bg", "vi"])
def test_a_clear_check_is_told_in_the_officers_language(listed: Database, language: str) -> None:
    result = clew(listed, "check", "--agency", "LV-POLICE", "--document", "ZZ9999999",
                  "--language", language)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == WORDS[language]["clear"]


@pytest.mark.parametrize("language", ["bg", "vi"])
def test_an_error_is_told_in_the_officers_language(listed: Database, language: str) -> None:
    result = clew(listed, "check", "--agency", "LV-POLICE", "--language", language)
    assert result.returncode == 2
    assert result.stderr.strip() == WORDS[language]["nothing"]


def test_the_root_option_speaks_for_every_command(listed: Database) -> None:
    """``clew --language bg`` (or CLEW_LANGUAGE) sets the language of any command's output."""
    upgraded = clew(listed, "--language", "bg", "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip() == "базата данни е актуална"
    checked = clew(listed, "--language", "vi", "check", "--agency", "LV-POLICE",
                   "--document", "ZZ9999999")  # fmt: skip
    assert checked.stdout.strip() == WORDS["vi"]["clear"]


def test_an_unknown_language_is_refused(listed: Database) -> None:
    result = clew(listed, "--language", "xx", "db", "upgrade")
    assert result.returncode == 2
    assert "'xx': one of en, vi, lv, bg" in result.stderr
