"""After a run that did not end cleanly the user is told, and where the store kept its copy."""

import os
import time

from desktop.ui.start import unclean_copy, unclean_notice


def test_the_copy_made_at_this_start_is_named(tmp_path):
    started = time.time()
    old = tmp_path / "backups" / "unclean-20250101-000000-000000"
    old.mkdir(parents=True)
    os.utime(old, (started - 3600, started - 3600))
    assert unclean_copy(tmp_path, started) is None  # an earlier crash, told about back then
    new = tmp_path / "backups" / "unclean-20260101-000000-000000"
    new.mkdir()
    assert unclean_copy(tmp_path, started) == new
    text = unclean_notice(new)
    assert "没有正常退出" in text and str(new) in text and "备份与恢复" in text
