"""sent on behalf of others: whom an organisation speaks for, and that they agreed

Revision ID: f1a3c5e7b9d2
Revises: e5c7a9b1d3f2
Create Date: 2026-12-01 16:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'f1a3c5e7b9d2'
down_revision = 'e5c7a9b1d3f2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_behalf_of', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('on_behalf_consent', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('on_behalf_consent')
        batch_op.drop_column('on_behalf_of')
