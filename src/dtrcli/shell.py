"""Commands dtr suggests, quoted for the shell the mentor types them into.

POSIX shells (bash, zsh, fish) get ``shlex`` quoting; on Windows (PowerShell
and cmd) an argument with spaces or quotes is put in double quotes, with a
double quote inside doubled, which both read as one argument.
"""

from __future__ import annotations

import os

from dtrcli.notebook import paths
from dtrcli.patterns import Pattern

# Words every shell reads as they are (Windows paths may hold backslashes too).
_PLAIN = Pattern(r"[\w@%+=:,./-]+")
_PLAIN_NT = Pattern(r"[\w@+=:,./\\-]+")


def quote(arg: str) -> str:
    """``arg`` as one word of a command line in the user's shell: as it is when it can
    be, else in double quotes (read alike by POSIX shells, PowerShell and cmd), else in
    the shell's own quoting."""
    if paths.on_windows():
        return arg if _PLAIN_NT.fullmatch(arg) else '"' + arg.replace('"', '""') + '"'
    if _PLAIN.fullmatch(arg):
        return arg
    if not any(ch in arg for ch in '$`\\"!'):
        return f'"{arg}"'
    import shlex

    return shlex.quote(arg)


def split(command: str) -> list[str]:
    """A command line (``$EDITOR``) split into words as the user's system does: on Windows
    backslashes are path separators and a path with spaces may stand unquoted."""
    if os.path.isfile(command.strip().strip('"')):
        return [command.strip().strip('"')]
    if paths.on_windows():
        import shlex

        return [word.strip('"') for word in shlex.split(command, posix=False)]
    import shlex

    return shlex.split(command)
