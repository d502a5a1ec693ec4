"""campaign recognition: letters' MinHash fingerprints, the rounds' LSH band keys, campaigns' versions

Revision ID: 207f6447b52c
Revises: f66cd7015d93
Create Date: 2026-12-01 17:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '207f6447b52c'
down_revision = 'f66cd7015d93'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'campaign_fingerprints',
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('signature', sa.LargeBinary(), nullable=False),
        sa.Column('shingle_count', sa.Integer(), nullable=False),
        sa.Column('shingles', sa.LargeBinary(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_campaign_fingerprints_round_id_rounds'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                                name=op.f('fk_campaign_fingerprints_submission_id_submissions'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('submission_id', name=op.f('pk_campaign_fingerprints')),
    )
    op.create_index(op.f('ix_campaign_fingerprints_round_id'), 'campaign_fingerprints', ['round_id'], unique=False)
    op.create_table(
        'campaign_band_keys',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_campaign_band_keys_round_id_rounds'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                                name=op.f('fk_campaign_band_keys_submission_id_submissions'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('round_id', 'key', name=op.f('pk_campaign_band_keys')),
    )
    op.create_index(op.f('ix_campaign_band_keys_submission_id'), 'campaign_band_keys', ['submission_id'],
                    unique=False)
    op.create_table(
        'campaign_versions',
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('letters', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'],
                                name=op.f('fk_campaign_versions_campaign_id_campaigns'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                                name=op.f('fk_campaign_versions_submission_id_submissions'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('campaign_id', 'version', name=op.f('pk_campaign_versions')),
    )


def downgrade() -> None:
    op.drop_table('campaign_versions')
    op.drop_index(op.f('ix_campaign_band_keys_submission_id'), table_name='campaign_band_keys')
    op.drop_table('campaign_band_keys')
    op.drop_index(op.f('ix_campaign_fingerprints_round_id'), table_name='campaign_fingerprints')
    op.drop_table('campaign_fingerprints')
