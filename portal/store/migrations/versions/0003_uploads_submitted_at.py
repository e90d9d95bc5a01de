"""Browser portal: when forms of an upload were first submitted (uploads.submitted_at).

An upload none of whose forms was submitted may be removed by its unit's clerk; one whose forms
were submitted is kept. Uploads recorded before this revision are marked from the index: an
upload counts as submitted when a version of its unit was submitted after it, by the same user,
from a workbook of the same name (the export records "<workbook>｜<sheet>" as the version's
source). That may keep an upload that was not submitted (two uploads of one name), never the
other way round.

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-15
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TIMESTAMP = sa.DateTime(timezone=True)

MARK_SUBMITTED = """
UPDATE uploads SET submitted_at = (
    SELECT min(v.created_at) FROM submission_versions v JOIN submissions s ON s.id = v.submission_id
    WHERE s.unit_id = uploads.unit_id AND v.submitted_by_user_id = uploads.user_id
      AND v.created_at >= uploads.created_at
      AND substr(v.source, 1, length(uploads.original_name) + 1) = uploads.original_name || '｜')
"""


def upgrade() -> None:
    op.add_column("uploads", sa.Column("submitted_at", TIMESTAMP, nullable=True))
    op.execute(MARK_SUBMITTED)


def downgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.drop_column("submitted_at")
