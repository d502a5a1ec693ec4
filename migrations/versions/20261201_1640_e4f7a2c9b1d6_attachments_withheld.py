"""attachments withheld: a moderator keeps a file from the public, with the reason

Revision ID: e4f7a2c9b1d6
Revises: d8b2f4a6c1e3
Create Date: 2026-12-01 16:00:00
"""
from alembic import op
import sqlalchemy as sa

import consult.db


revision = 'e4f7a2c9b1d6'
down_revision = 'd8b2f4a6c1e3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withheld_reason', sa.Enum(
            'personal_data', 'threat', 'defamation', 'other', name='attachment_withheld_reason', native_enum=False,
            create_constraint=True, length=21), nullable=True))
        batch_op.add_column(sa.Column('withheld_at', consult.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('replacement_requested', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        if op.get_bind().dialect.name == 'sqlite':  # elsewhere dropping the column drops its check
            batch_op.drop_constraint('attachment_withheld_reason', type_='check')
        batch_op.drop_column('replacement_requested')
        batch_op.drop_column('withheld_at')
        batch_op.drop_column('withheld_reason')
