"""individuals take part: a round may accept them; a person's own profile says where they
live, where they come from and how they describe themselves

Revision ID: e5c7a9b1d3f2
Revises: e4f7a2c9b1d6
Create Date: 2026-12-01 16:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'e5c7a9b1d3f2'
down_revision = 'e4f7a2c9b1d6'
branch_labels = None
depends_on = None

GROUPS = ('civil_society', 'migrant_diaspora', 'private_sector', 'trade_union', 'academia', 'local_authority',
          'international_organisation', 'government', 'other')


def _groups_check(groups) -> str:
    return "stakeholder_group IN (" + ", ".join(f"'{g}'" for g in groups) + ")"


def upgrade() -> None:
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepts_individuals', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin_country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('self_description', sa.String(length=120), nullable=True))
        batch_op.drop_constraint(op.f('ck_organisations_stakeholder_group'), type_='check')
        batch_op.create_check_constraint(op.f('ck_organisations_stakeholder_group'),
                                         _groups_check((*GROUPS, 'individual')))


def downgrade() -> None:
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_organisations_stakeholder_group'), type_='check')
        batch_op.create_check_constraint(op.f('ck_organisations_stakeholder_group'), _groups_check(GROUPS))
        batch_op.drop_column('self_description')
        batch_op.drop_column('origin_country')
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_column('accepts_individuals')
