"""Files that leave or enter the app: PDF reports, Excel workbooks, submission packages. No Qt."""
