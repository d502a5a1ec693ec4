"""language chosen by the person: their choice is never overridden by detection

Revision ID: d8b2f4a6c1e3
Revises: c3a1e7d2f9b4
Create Date: 2026-12-01 16:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'd8b2f4a6c1e3'
down_revision = 'c3a1e7d2f9b4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Whether a person chose the language of an existing submission is not known; the
    # text may correct it only when it is clearly another language, so start from False.
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language_chosen', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('language_chosen')
