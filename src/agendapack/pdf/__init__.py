"""The PDF engine: opening what qpdf can open, cleaning a public copy, reading scans by OCR,
tagging untagged pages from their layout and mending tagged ones, collating the pack with
its stamps, bookmarks and one structure tree.

It knows nothing of councils, meetings or workspaces (import-linter holds that): it is
given files, titles and what to say, and says what is wrong as `Problem`s."""
