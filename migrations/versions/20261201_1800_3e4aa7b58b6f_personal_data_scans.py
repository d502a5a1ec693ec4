"""personal data scans: the detector's findings kept per text version

Revision ID: 3e4aa7b58b6f
Revises: 408ed43e0167
Create Date: 2026-12-01 18:00:00
"""
from alembic import op
import sqlalchemy as sa

from consult.db import UTCDateTime

revision = '3e4aa7b58b6f'
down_revision = '408ed43e0167'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'personal_data_scans',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('text_sha256', sa.String(length=64), nullable=False),
        sa.Column('regions', sa.String(length=40), nullable=False),
        sa.Column('findings', sa.JSON(), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_data_scans')),
        sa.UniqueConstraint('text_sha256', 'regions', name=op.f('uq_personal_data_scans_text_sha256')),
    )


def downgrade() -> None:
    op.drop_table('personal_data_scans')
