"""campaign decisions: one decision on a campaign applied a part at a time

Revision ID: 9d508e60be3e
Revises: 70521946737a
Create Date: 2026-12-01 22:05:00
"""
from alembic import op
import sqlalchemy as sa
import consult.db


revision = '9d508e60be3e'
down_revision = '70521946737a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('reason_code', sa.String(length=100), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('letters_total', sa.Integer(), nullable=False),
    sa.Column('applied', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_campaign_decisions_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_decisions_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_decisions'))
    )
    with op.batch_alter_table('campaign_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_decisions_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('campaign_decision_letters',
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('done', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('skipped_because', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['campaign_decisions.id'], name=op.f('fk_campaign_decision_letters_decision_id_campaign_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_campaign_decision_letters_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('decision_id', 'submission_id', name=op.f('pk_campaign_decision_letters'))
    )


def downgrade() -> None:
    op.drop_table('campaign_decision_letters')
    with op.batch_alter_table('campaign_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_decisions_campaign_id'))

    op.drop_table('campaign_decisions')
