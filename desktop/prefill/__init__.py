"""Prefill from the school's own statistical return (教育事业统计 基层统计调查表).

sheets reads the workbook (.xlsx, .xls) into plain grids; tables finds a table's columns by its
code row (甲/乙/1/2/3 …) and header texts and its rows by label and 编号; identity reads 基础基111;
mapping loads the data files in checklists/prefill/ that say which cell feeds which item; plan puts
it together against an assessment. No Qt here; openpyxl and xlrd are imported only when reading.
"""
