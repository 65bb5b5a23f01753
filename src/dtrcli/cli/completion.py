"""Tab completion: the scripts dtr gives each shell, where it installs them, and its answers.

A shell asks by running ``dtr`` with ``_DTR_COMPLETE`` set (``zsh_complete``,
``bash_complete``, ``fish_complete``); :func:`answer` replies with one
candidate per line (or three lines in zsh: kind, value, description) and
never with an error: whatever goes wrong, the shell gets nothing. The
candidates are what the arguments' completers offer (``cli/options.py``), all
of them: each shell script adds them without matching them again against
what was typed, so 'zoe' can become 'zoë-ann-oneil'.

``--install-completion`` and ``--show-completion`` (root options) come here
too. Scripts an earlier dtr installed through typer (``complete_zsh`` ...)
and PowerShell's are answered by typer's own classes.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import unicodedata
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import typer
from typer._click.exceptions import ClickException
from typer._click.shell_completion import CompletionItem, split_arg_string
from typer._completion_classes import (
    BashComplete,
    FishComplete,
    PowerShellComplete,
    ZshComplete,
)

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")

# The scripts: _PROG_ is the command, _VAR_ the variable a shell sets to ask, _FUNC_ the
# shell function that asks.
BASH_SCRIPT = """\
_FUNC_() {
    local IFS=$'\\n' line
    local -a response
    COMPREPLY=()
    mapfile -t response < <(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD="$COMP_CWORD" \\
        _VAR_=bash_complete "$1" 2>/dev/null)
    for line in "${response[@]}"; do
        case ${line%%,*} in
            plain) COMPREPLY+=("${line#*,}") ;;
            dir) compopt -o dirnames ;;
            file) compopt -o default ;;
        esac
    done
    return 0
}

complete -o nosort -F _FUNC_ _PROG_
"""

# Autoloaded from fpath (``~/.zfunc/_dtr``) this file is the first run of _dtr itself: it
# defines the function and runs it, so the first Tab completes too. Sourced (eval), it
# registers the function.
ZSH_SCRIPT = """\
#compdef _PROG_

_FUNC_() {
    local -a response described plain
    local kind value help
    response=("${(@f)$(env _TYPER_COMPLETE_ARGS="${words[1,CURRENT]}" \\
        _VAR_=zsh_complete _PROG_ 2>/dev/null)}")
    for kind value help in "${response[@]}"; do
        case $kind in
            plain)
                if [[ $help == _ ]]; then
                    plain+=("$value")
                else
                    described+=("${value//:/\\\\:}:$help")
                fi
                ;;
            dir) _path_files -/ ;;
            file) _path_files -f ;;
        esac
    done
    (( $#described )) && _describe -t values value described -U
    (( $#plain )) && compadd -U -a plain
    return 0
}

if [[ $funcstack[1] == _FUNC_ ]]; then
    _FUNC_ "$@"
else
    compdef _FUNC_ _PROG_
fi
"""

FISH_SCRIPT = """\
function _FUNC_
    set -l words (commandline -cp)
    for line in (env _VAR_=fish_complete _TYPER_COMPLETE_ARGS="$words" _PROG_ 2>/dev/null)
        set -l item (string split -m 1 , -- $line)
        switch $item[1]
            case plain
                printf '%s\\n' $item[2]
            case dir
                __fish_complete_directories (commandline -ct)
            case file
                __fish_complete_path (commandline -ct)
        end
    end
end

complete --command _PROG_ --no-files --arguments '(_FUNC_)'
"""


def _one_line(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _composed(text: str | None) -> str:
    """One line, each accented letter as one character: the offers spelt with separate
    accents to begin as typed ('zoe' -> 'zoë...') are for fish, which matches what it
    is given against what was typed. bash and zsh take every offer as it is (zsh shows
    a separate accent as '<0308>')."""
    return unicodedata.normalize("NFC", _one_line(text))


def _files_or(item: CompletionItem) -> str:
    """The kind of an item: plain, or file or dir for the shell's own file completion."""
    return item.type if item.type in ("file", "dir") else "plain"


class _Candidates:
    """What every shell of dtr's is offered: the completer's candidates, or, for a value
    with nothing to offer (FILE, DATE), the shell's own file names."""

    cli: Any
    ctx_args: MutableMapping[str, Any]
    prog_name: str

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        from typer._click.core import Parameter
        from typer._click.shell_completion import _resolve_context, _resolve_incomplete

        from dtrcli.cli.options import Completed

        ctx = _resolve_context(self.cli, self.ctx_args, self.prog_name, args)
        obj, incomplete = _resolve_incomplete(ctx, args, incomplete)
        items: list[CompletionItem] = obj.shell_complete(ctx, incomplete)
        if not items and isinstance(obj, Parameter) and not isinstance(obj.type, Completed):
            return [CompletionItem(incomplete, type="file")]
        return items


class DtrBash(_Candidates, BashComplete):
    """Lines 'kind,value', each value quoted for the command line as bash puts it there
    unchanged."""

    typed = ""  # the word being completed, as on the line

    def get_completion_args(self) -> tuple[list[str], str]:
        words = os.environ.get("COMP_WORDS", "").split("\n")
        current = int(os.environ.get("COMP_CWORD", "0") or 0)
        args = [arg for word in words[1:current] for arg in split_arg_string(word)]
        self.typed = words[current] if 0 < current < len(words) else ""
        return args, "".join(split_arg_string(self.typed))

    def format_completion(self, item: CompletionItem) -> str:
        kind = _files_or(item)
        value = _bash_quoted(_composed(item.value), self.typed) if kind == "plain" else ""
        return f"{kind},{value}"


def _bash_quoted(value: str, typed: str) -> str:
    """``value`` as it goes on the line in place of ``typed`` (which may open a quote)."""
    if typed[:1] == "'":
        return "'" + value.replace("'", "'\\''")
    if typed[:1] == '"':
        return '"' + re.sub(r'(["\\\\$`])', r"\\\1", value)
    return "".join(
        c if c.isalnum() or c in "-_.,+@%/" or unicodedata.combining(c) else "\\" + c for c in value
    )


class DtrZsh(_Candidates, ZshComplete):
    """Three lines an item: kind, value and description ('_' for none); zsh quotes the
    values itself."""

    def format_completion(self, item: CompletionItem) -> str:
        return "\n".join([_files_or(item), _composed(item.value), _one_line(item.help) or "_"])

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        return "\n".join(self.format_completion(i) for i in self.get_completions(args, incomplete))


class DtrFish(_Candidates, FishComplete):
    """Lines 'kind,value<TAB>description'; fish quotes the values itself."""

    def format_completion(self, item: CompletionItem) -> str:
        line = f"{_files_or(item)},{_one_line(item.value)}"
        return f"{line}\t{_one_line(item.help)}" if item.help else line

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        return "\n".join(self.format_completion(i) for i in self.get_completions(args, incomplete))


class DtrPowerShell(PowerShellComplete):
    """typer's PowerShell answer, with a value holding spaces or quotes quoted, since
    PowerShell puts it on the line as it is."""

    def format_completion(self, item: CompletionItem) -> str:
        value = _composed(item.value)
        if re.search(r"[\s'\"`$;,(){}@&|<>#]", value):
            item = CompletionItem("'" + value.replace("'", "''") + "'", help=item.help)
        return super().format_completion(item)


OWN = {"bash": (DtrBash, BASH_SCRIPT), "zsh": (DtrZsh, ZSH_SCRIPT), "fish": (DtrFish, FISH_SCRIPT)}


def complete_var(prog_name: str) -> str:
    return "_{}_COMPLETE".format(prog_name.replace("-", "_").upper())


def answer(cli: Any, ctx_args: MutableMapping[str, Any], prog_name: str, var: str | None) -> None:
    """Answer a shell asking for completions (``var`` set), then exit; return otherwise."""
    var = var or complete_var(prog_name)
    instruction = os.environ.get(var)
    if not instruction:
        return
    from dtrcli import notices

    notices.listen(lambda level, message: None)  # no warning ever reaches the shell
    shell, _, action = instruction.partition("_")
    try:
        if shell in OWN and action in ("complete", "source"):
            cls = OWN[shell][0]
            comp = cls(cli, ctx_args, prog_name, var)
            text = comp.complete() if action == "complete" else script(shell, prog_name)
            typer.echo(text)
            code = 0
        else:  # typer's protocol: scripts installed by an earlier dtr, and PowerShell
            from typer._click.shell_completion import add_completion_class
            from typer._completion_classes import completion_init
            from typer.completion import shell_complete

            completion_init()
            add_completion_class(DtrPowerShell, "powershell")
            add_completion_class(DtrPowerShell, "pwsh")
            code = shell_complete(cli, ctx_args, prog_name, var, instruction)
    except Exception:  # noqa: BLE001 - nothing but candidates ever goes to the shell
        code = 1
    finally:
        notices.listen(None)
    sys.exit(code)


# --- the scripts and where they go -------------------------------------------------------


def script(shell: str, prog_name: str = "dtr") -> str:
    """The completion script for ``shell`` (one of :data:`SHELLS`)."""
    if shell in OWN:
        func = "_" + re.sub(r"\W", "", prog_name.replace("-", "_"), flags=re.ASCII)
        if shell != "zsh":  # zsh's must be named as its file is, _dtr
            func += "_completion"
        return (
            OWN[shell][1]
            .replace("_FUNC_", func)
            .replace("_VAR_", complete_var(prog_name))
            .replace("_PROG_", prog_name)
        )
    from typer._completion_shared import get_completion_script

    return get_completion_script(
        prog_name=prog_name, complete_var=complete_var(prog_name), shell=shell
    )


def which_shell(named: str | None, option: str = "--install-completion") -> str:
    """The shell named, else the one dtr runs in; a clear error for any other."""
    if named is None:
        import shellingham

        try:
            named = shellingham.detect_shell()[0]
        except shellingham.ShellDetectionFailure:
            raise ClickException(
                f"dtr could not tell which shell this is; name it, e.g. dtr {option} zsh "
                "(bash, zsh, fish or powershell)."
            ) from None
    shell = (named or "").lower()
    if shell not in SHELLS:
        raise ClickException(
            f"dtr completes commands in bash, zsh, fish and PowerShell, not in {named}; "
            f"name one, e.g. dtr {option} zsh."
        )
    return shell


def install(shell: str, prog_name: str = "dtr") -> str:
    """Install completion for ``shell`` as its users expect; return what was done."""
    home = Path.home()
    if shell == "bash":
        path = home / ".bash_completions" / f"{prog_name}.sh"
        _write(path, script(shell, prog_name))
        rc = home / ".bashrc"
        _add_line(rc, f"source {shlex.quote(str(path))}", also=f"source '{path}'")
    elif shell == "zsh":
        path = home / ".zfunc" / f"_{prog_name}"
        _write(path, script(shell, prog_name))
        rc = Path(os.environ.get("ZDOTDIR") or home) / ".zshrc"
        _add_line(rc, "fpath+=~/.zfunc; autoload -Uz compinit; compinit")
    elif shell == "fish":
        config = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(home / ".config")
        path = Path(config) / "fish" / "completions" / f"{prog_name}.fish"
        _write(path, script(shell, prog_name))
        return f"Installed fish completion in {path}; a new fish completes dtr's commands."
    else:
        from typer._completion_shared import install_powershell

        try:
            path = install_powershell(
                prog_name=prog_name, complete_var=complete_var(prog_name), shell=shell
            )
        except (OSError, ValueError, subprocess.SubprocessError) as exc:
            raise ClickException(
                f"dtr could not install PowerShell completion ({exc}); "
                f"add the output of 'dtr --show-completion {shell}' to your $profile."
            ) from None
        return f"Installed PowerShell completion in {path}; a new PowerShell completes it."
    return (
        f"Installed {shell} completion in {path}, loaded by {rc}; "
        f"a new {shell} completes dtr's commands."
    )


def _write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` whole (a temp file renamed over it)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ClickException(_explain(exc, f"write {path}")) from None


def _add_line(rc: Path, line: str, also: str | None = None) -> None:
    """Add ``line`` at the end of a shell's start-up file unless it is there (or ``also``)."""
    try:
        text = rc.read_text(encoding="utf-8", errors="replace") if rc.exists() else ""
        if any(known in text.splitlines() for known in (line, also) if known):
            return
        rc.parent.mkdir(parents=True, exist_ok=True)
        with rc.open("a", encoding="utf-8") as out:  # appended: nothing there is rewritten
            out.write(("" if not text or text.endswith("\n") else "\n") + line + "\n")
    except OSError as exc:
        raise ClickException(
            f"{_explain(exc, f'add to {rc}')} Add this line to it yourself: {line}"
        ) from None


def _explain(exc: OSError, doing: str) -> str:
    from dtrcli.notebook.files import explain

    return explain(exc, doing)


def option(ctx: Any, which: str, named: str | None) -> None:
    """``--install-completion`` / ``--show-completion`` [SHELL]: do it, then exit."""
    shell = which_shell(named, f"--{which}-completion")
    if which == "show":
        typer.echo(script(shell, ctx.find_root().info_name or "dtr"), nl=False)
    else:
        from dtrcli import console

        console.info(install(shell, ctx.find_root().info_name or "dtr"))
    raise typer.Exit(0)
