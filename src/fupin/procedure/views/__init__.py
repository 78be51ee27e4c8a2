"""The public notice board of a village, objections to it, and the finding on an objection."""
