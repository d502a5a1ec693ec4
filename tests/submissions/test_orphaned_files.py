"""A crash between writing an upload and committing its row leaves a file nobody can reach;
the operator finds and removes those, and never a file a row still names."""
import os
import time

from consult import db
from consult import files

from tests.submissions.documents import pdf


def test_orphaned_files_are_listed_then_removed_and_named_files_are_kept(app, runner, make):
    with app.app_context():
        round_ = make.round()
        submission = make.submission(round_, make.organisation())
        kept = make.attachment(submission)
        background = make.round_document(round_)
        db.session.commit()
        # What a crash leaves: the file was fsynced, its row never committed.
        lost = files.store(pdf("Never recorded"), "lost.pdf", max_bytes=10 * 1024 * 1024)
        lost_path = files.path_for(lost.storage_key)
        an_hour_ago = time.time() - 3601
        for key in (kept.storage_key, background.storage_key, lost.storage_key):
            os.utime(files.path_for(key), (an_hour_ago, an_hour_ago))
        just_written = files.store(pdf("Still being sent"), "in-flight.pdf", max_bytes=10 * 1024 * 1024)

        listed = runner.invoke(args=["submissions", "orphaned-files"])
        assert listed.exit_code == 0
        assert str(lost_path) in listed.output
        assert just_written.storage_key.split("/")[1] not in listed.output  # may belong to a running request
        assert "Found 1 orphaned file(s)" in listed.output and lost_path.exists()

        removed = runner.invoke(args=["submissions", "orphaned-files", "--delete"])
        assert "Removed 1 orphaned file(s)" in removed.output
        assert not lost_path.exists()
        for key in (kept.storage_key, background.storage_key, just_written.storage_key):
            assert files.path_for(key).exists()

        with_young = runner.invoke(args=["submissions", "orphaned-files", "--min-age", "0"])
        assert just_written.storage_key.split("/")[1] in with_young.output


def test_a_moderators_redacted_version_is_no_orphan(app, runner, make):
    from consult.moderation.models import RedactedFile
    from consult.submissions.models import Attachment

    submission = make.submission(make.round(), make.organisation())
    with app.app_context():
        original = files.store(b"Original with a name", "paper.txt", max_bytes=1024)
        redacted = files.store(b"Original without it", "paper-redacted.txt", max_bytes=1024)
    attachment = Attachment(submission=submission, **vars(original))
    db.session.add(RedactedFile(attachment=attachment, **vars(redacted)))
    db.session.commit()
    listed = runner.invoke(args=["submissions", "orphaned-files", "--min-age", "0"])
    assert "Found 0 orphaned file(s)" in listed.output, listed.output  # the --delete would keep both files
