"""The notebook: dtr's files and everything about them.

The note format, where files live and how they are written, locks, finding
notes and mentees by name, and the cache of front matter. Nothing here knows
about templates, the module or the command line: the wings above pass in
what they know.
"""
