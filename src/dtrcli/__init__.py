"""dtr: a command-line companion for mentors' DTR conversations."""

__version__ = "0.1.0"
