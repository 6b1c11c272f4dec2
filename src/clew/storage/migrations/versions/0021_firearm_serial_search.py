"""firearm serial search

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 10:45:00

Reserved for firearm serial searches that open with a wildcard (issue 11).
"""

from __future__ import annotations

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
