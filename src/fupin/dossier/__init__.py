"""One household, one file (一户一档): its documents, kept for good, and its dossier export."""
