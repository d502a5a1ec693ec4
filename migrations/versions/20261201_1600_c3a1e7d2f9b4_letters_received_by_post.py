"""letters received by post: a submission's whole text that follows no form

Revision ID: c3a1e7d2f9b4
Revises: c3e1a9d27f54
Create Date: 2026-12-01 16:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c3a1e7d2f9b4'
down_revision = 'c3e1a9d27f54'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows were all sent through the form: they have no letter.
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('letter', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('submission_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('letter', sa.Text(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('submission_versions', schema=None) as batch_op:
        batch_op.drop_column('letter')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('letter')
