"""Any list page as a spreadsheet (CSV or xlsx), in the reader's scope; large lists as jobs."""
