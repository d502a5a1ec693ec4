"""analysis: a codebook of themes per round, tagged passages, dismissed suggestions, citations

Revision ID: c3e5a7b9d1f4
Revises: b2d4f6a8c0e1
Create Date: 2026-12-01 17:45:00
"""
from alembic import op
import sqlalchemy as sa

import consult.db

revision = 'c3e5a7b9d1f4'
down_revision = 'b2d4f6a8c0e1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('codebooks',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.Enum('sessions', 'library', 'scratch', name='codebook_origin', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_codebooks_published_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_codebooks_round_id_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_codebooks'))
    )
    op.create_table('analysis_themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('library_key', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['analysis_themes.id'], name=op.f('fk_analysis_themes_parent_id_analysis_themes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['codebooks.round_id'], name=op.f('fk_analysis_themes_round_id_codebooks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_themes'))
    )
    op.create_index(op.f('ix_analysis_themes_round_id'), 'analysis_themes', ['round_id'], unique=False)
    op.create_table('analysis_dismissals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=40), nullable=False),
    sa.Column('passage', sa.Text(), nullable=False),
    sa.Column('passage_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_analysis_dismissals_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_analysis_dismissals_submission_id_submissions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['analysis_themes.id'], name=op.f('fk_analysis_dismissals_theme_id_analysis_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_dismissals')),
    sa.UniqueConstraint('theme_id', 'submission_id', 'part', 'passage_hash', name=op.f('uq_analysis_dismissals_theme_id'))
    )
    op.create_index(op.f('ix_analysis_dismissals_theme_id'), 'analysis_dismissals', ['theme_id'], unique=False)
    op.create_table('analysis_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=40), nullable=False),
    sa.Column('passage', sa.Text(), nullable=False),
    sa.Column('stance', sa.Enum('supports', 'opposes', 'mixed', 'neutral', name='tag_stance', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('from_suggestion', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("part <> '' OR passage = ''", name=op.f('ck_analysis_tags_whole_submission_has_no_passage')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_analysis_tags_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_analysis_tags_recommendation_id_recommendations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_analysis_tags_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_analysis_tags_submission_id_submissions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['analysis_themes.id'], name=op.f('fk_analysis_tags_theme_id_analysis_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_tags'))
    )
    op.create_index(op.f('ix_analysis_tags_round_id'), 'analysis_tags', ['round_id'], unique=False)
    op.create_index(op.f('ix_analysis_tags_submission_id'), 'analysis_tags', ['submission_id'], unique=False)
    op.create_index(op.f('ix_analysis_tags_theme_id'), 'analysis_tags', ['theme_id'], unique=False)
    op.create_table('analysis_citations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=True),
    sa.Column('synthesis_id', sa.Integer(), nullable=True),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(recommendation_id IS NULL) <> (synthesis_id IS NULL)', name=op.f('ck_analysis_citations_cites_from_one_text')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_analysis_citations_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['synthesis_id'], ['session_syntheses.id'], name=op.f('fk_analysis_citations_synthesis_id_session_syntheses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['analysis_tags.id'], name=op.f('fk_analysis_citations_tag_id_analysis_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_citations'))
    )
    op.create_index(op.f('ix_analysis_citations_recommendation_id'), 'analysis_citations', ['recommendation_id'], unique=False)
    op.create_index(op.f('ix_analysis_citations_synthesis_id'), 'analysis_citations', ['synthesis_id'], unique=False)
    op.create_index(op.f('ix_analysis_citations_tag_id'), 'analysis_citations', ['tag_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_analysis_citations_tag_id'), table_name='analysis_citations')
    op.drop_index(op.f('ix_analysis_citations_synthesis_id'), table_name='analysis_citations')
    op.drop_index(op.f('ix_analysis_citations_recommendation_id'), table_name='analysis_citations')
    op.drop_table('analysis_citations')
    op.drop_index(op.f('ix_analysis_tags_theme_id'), table_name='analysis_tags')
    op.drop_index(op.f('ix_analysis_tags_submission_id'), table_name='analysis_tags')
    op.drop_index(op.f('ix_analysis_tags_round_id'), table_name='analysis_tags')
    op.drop_table('analysis_tags')
    op.drop_index(op.f('ix_analysis_dismissals_theme_id'), table_name='analysis_dismissals')
    op.drop_table('analysis_dismissals')
    op.drop_index(op.f('ix_analysis_themes_round_id'), table_name='analysis_themes')
    op.drop_table('analysis_themes')
    op.drop_table('codebooks')
