"""The 督学汇总 mode: school list, county statistics, 整改通知书 and 督导记录 over desktop/supervisor."""
