"""The 督学's workspace: roster, imported packages, school statuses, 督导记录 and 整改通知书 (no Qt)."""
