"""parts kept confidential: an answer or an attachment the author keeps for the conveners

Revision ID: a7c9e1f3b5d4
Revises: f1a3c5e7b9d2
Create Date: 2026-12-01 16:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'a7c9e1f3b5d4'
down_revision = 'f1a3c5e7b9d2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confidential', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confidential', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_column('confidential')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('confidential')
