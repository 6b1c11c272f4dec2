"""border liaison offices

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 08:00:00

Reserved: filled in by the work on issue 12.
"""

from __future__ import annotations

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
