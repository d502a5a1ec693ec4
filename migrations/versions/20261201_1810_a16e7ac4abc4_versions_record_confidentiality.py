"""versions record confidentiality: which answers and files each saved version kept for the conveners

Revision ID: a16e7ac4abc4
Revises: 3e4aa7b58b6f
Create Date: 2026-12-01 18:10:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'a16e7ac4abc4'
down_revision = '3e4aa7b58b6f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: versions saved before this change did not record it, and say so.
    with op.batch_alter_table('submission_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confidential', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('submission_versions', schema=None) as batch_op:
        batch_op.drop_column('confidential')
