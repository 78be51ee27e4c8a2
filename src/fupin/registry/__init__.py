"""Django app: regions, households, members and their status history."""
