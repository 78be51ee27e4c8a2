"""A job's page (polled while it runs) and the list of the jobs of the user's area."""
