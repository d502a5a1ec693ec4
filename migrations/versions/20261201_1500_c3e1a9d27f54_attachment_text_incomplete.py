"""attachments: text read within a budget (text_incomplete) and the files still to read

Revision ID: c3e1a9d27f54
Revises: 67c86c1ffa9e
Create Date: 2026-12-01 15:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c3e1a9d27f54'
down_revision = '67c86c1ffa9e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_incomplete', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index('ix_attachments_text_pending', 'attachments', ['submission_id'], unique=False,
                    sqlite_where=sa.text('extracted_text IS NULL'), postgresql_where=sa.text('extracted_text IS NULL'))


def downgrade() -> None:
    op.drop_index('ix_attachments_text_pending', table_name='attachments',
                  sqlite_where=sa.text('extracted_text IS NULL'), postgresql_where=sa.text('extracted_text IS NULL'))
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_column('text_incomplete')
