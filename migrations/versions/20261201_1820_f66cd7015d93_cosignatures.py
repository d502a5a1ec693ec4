"""cosignatures: organisations invited to co-sign a submission, and their answers

Revision ID: f66cd7015d93
Revises: a16e7ac4abc4
Create Date: 2026-12-01 17:30:00
"""
from alembic import op
import sqlalchemy as sa

from consult.db import UTCDateTime

revision = 'f66cd7015d93'
down_revision = 'a16e7ac4abc4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'cosignatures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.Enum('invited', 'confirmed', 'declined', 'withdrawn', name='cosignature_state',
                                   native_enum=False, create_constraint=True, length=17), nullable=False),
        sa.Column('message', sa.Text(), server_default='', nullable=False),
        sa.Column('invited_by_id', sa.Integer(), nullable=True),
        sa.Column('invited_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.Column('answered_at', UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state NOT IN ('confirmed', 'declined') OR answered_at IS NOT NULL",
                           name=op.f('ck_cosignatures_answered_has_time')),
        sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_cosignatures_answered_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_cosignatures_invited_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_cosignatures_organisation_id_organisations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                                name=op.f('fk_cosignatures_submission_id_submissions'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cosignatures')),
        sa.UniqueConstraint('submission_id', 'organisation_id', name=op.f('uq_cosignatures_submission_id')),
    )
    op.create_index(op.f('ix_cosignatures_organisation_id'), 'cosignatures', ['organisation_id'], unique=False)
    op.create_index(op.f('ix_cosignatures_submission_id'), 'cosignatures', ['submission_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_cosignatures_submission_id'), table_name='cosignatures')
    op.drop_index(op.f('ix_cosignatures_organisation_id'), table_name='cosignatures')
    op.drop_table('cosignatures')
