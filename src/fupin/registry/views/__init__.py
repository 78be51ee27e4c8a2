"""The pages of the web application; every queryset goes through the user's scope."""
