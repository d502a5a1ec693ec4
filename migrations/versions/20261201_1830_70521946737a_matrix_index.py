"""matrix index: the convergence matrix sums a round's tags per theme and submission from it

Revision ID: 70521946737a
Revises: 207f6447b52c
Create Date: 2026-12-01 18:30:00
"""
from alembic import op

revision = '70521946737a'
down_revision = '207f6447b52c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_analysis_tags_matrix', 'analysis_tags', ['round_id', 'theme_id', 'submission_id', 'stance', 'part'])


def downgrade() -> None:
    op.drop_index('ix_analysis_tags_matrix', table_name='analysis_tags')
