"""campaigns: near-identical letters grouped as one text sent by many

Revision ID: b2d4f6a8c0e1
Revises: a7c9e1f3b5d4
Create Date: 2026-12-01 17:20:00
"""
from alembic import op
import sqlalchemy as sa

from consult.db import UTCDateTime

revision = 'b2d4f6a8c0e1'
down_revision = 'a7c9e1f3b5d4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'campaigns',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('template_submission_id', sa.Integer(), nullable=True),
        sa.Column('template_text', sa.Text(), nullable=False),
        sa.Column('letters_count', sa.Integer(), nullable=False),
        sa.Column('own_words_count', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_campaigns_round_id_rounds'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['template_submission_id'], ['submissions.id'],
                                name=op.f('fk_campaigns_template_submission_id_submissions'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns')),
        sa.UniqueConstraint('round_id', 'number', name=op.f('uq_campaigns_round_id')),
    )
    op.create_index(op.f('ix_campaigns_round_id'), 'campaigns', ['round_id'], unique=False)
    op.create_table(
        'campaign_letters',
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('own_words', sa.Text(), server_default='', nullable=False),
        sa.Column('own_words_substantial', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('taken_out', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('similarity', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'],
                                name=op.f('fk_campaign_letters_campaign_id_campaigns'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                                name=op.f('fk_campaign_letters_submission_id_submissions'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('submission_id', name=op.f('pk_campaign_letters')),
    )
    op.create_index(op.f('ix_campaign_letters_campaign_id'), 'campaign_letters', ['campaign_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_campaign_letters_campaign_id'), table_name='campaign_letters')
    op.drop_table('campaign_letters')
    op.drop_index(op.f('ix_campaigns_round_id'), table_name='campaigns')
    op.drop_table('campaigns')
