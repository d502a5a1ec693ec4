"""redacted files: a moderator uploads a redacted version that the public gets in a file's place

Revision ID: 408ed43e0167
Revises: c3e5a7b9d1f4
Create Date: 2026-12-01 17:40:00
"""
from alembic import op
import sqlalchemy as sa

from consult.db import UTCDateTime

revision = '408ed43e0167'
down_revision = 'c3e5a7b9d1f4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'redacted_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('attachment_id', sa.Integer(), nullable=False),
        sa.Column('extracted_text', sa.Text(), nullable=True),
        sa.Column('text_incomplete', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('storage_key', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'],
                                name=op.f('fk_redacted_files_attachment_id_attachments'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_redacted_files_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_redacted_files')),
        sa.UniqueConstraint('attachment_id', name=op.f('uq_redacted_files_attachment_id')),
        sa.UniqueConstraint('storage_key', name=op.f('uq_redacted_files_storage_key')),
    )


def downgrade() -> None:
    op.drop_table('redacted_files')
