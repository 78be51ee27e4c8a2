"""The household registration survey for ODK Collect and KoboToolbox: the XLSForm, written from
the roster's own columns and checks, and the submissions exported from ODK Central or Kobo read
back into roster tables (framework-free)."""

from fupin.survey.form import FORM_ID, write_xlsform
from fupin.survey.submissions import SubmissionError, Submissions, read_submissions

__all__ = ["FORM_ID", "SubmissionError", "Submissions", "read_submissions", "write_xlsform"]
