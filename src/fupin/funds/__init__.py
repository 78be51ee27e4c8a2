"""Funds: every yuan from its source to the household, in a ledger anyone can verify."""
