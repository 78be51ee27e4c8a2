"""The Django project: settings, URLs, base templates, static files, authentication."""
