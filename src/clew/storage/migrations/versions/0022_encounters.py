"""encounters

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 10:45:00

Reserved for the officer's encounters and agency contacts (issue 15).
"""

from __future__ import annotations

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
