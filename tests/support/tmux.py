"""A small driver for programs running in a real terminal: a detached tmux session.

Used by the real-terminal tests (tests/e2e/), the README's pictures
(tools/screenshots.py) and the benchmark's time to the first prompt
(benchmarks/run.py).

Every :class:`Tmux` has its own server (``tmux -L <unique socket>``), so tests
never touch a user's tmux and can run side by side. Panes stay on screen after
their program ends (``remain-on-exit``), so the last screen can still be read.

The rule that keeps these tests reliable: before every answer, wait until the
prompt is on screen *and* the program is reading keys (:meth:`Pane.wait_for_prompt`).
Keys typed ahead of a prompt are lost or mangled: while no prompt runs, the
terminal is in cooked mode, so it echoes them (which fools a screen check) and
turns Enter into a line feed, which a prompt later reads as a different key.
A prompt runs with the terminal in raw mode (no echo, no line editing), which
:meth:`Pane.reading_keys` reads from the pane's terminal settings.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import termios
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

TMUX = shutil.which("tmux") or "/usr/bin/tmux"

CONFIG = """\
set -g remain-on-exit on
set -g default-terminal xterm-256color
set -g history-limit 50000
set -g status off
set -g default-shell /bin/sh
"""

# Variables from the test process that must not leak into the terminal: a
# surrounding tmux, and sizes that would override the pane's real size.
_DROP_ENV = ("TMUX", "TMUX_PANE", "COLUMNS", "LINES")


def available() -> bool:
    return Path(TMUX).exists()


class Tmux:
    """One private tmux server; :meth:`kill` it when done (a fixture finalizer).

    ``workdir``: a folder for tmux's config and the files :meth:`spawn` leaves.
    ``width`` x ``height``: the size of every new pane. ``name``: the start of the
    socket's name (to tell whose server it is). ``env``: the environment the server,
    and so every program in it, starts from (default: this process's), without
    ``TMUX``, ``COLUMNS`` and ``LINES``.
    """

    def __init__(
        self,
        workdir: Path,
        *,
        width: int = 120,
        height: int = 40,
        name: str = "dtr-e2e",
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.socket = f"{name}-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.width = width
        self.height = height
        self.workdir = workdir
        self.config = workdir / "tmux.conf"
        self.config.write_text(CONFIG, encoding="utf-8")
        base = os.environ if env is None else env
        self.env = {k: v for k, v in base.items() if k not in _DROP_ENV}
        self.env["TERM"] = "xterm-256color"

    def run(self, *args: str, check: bool = True) -> str:
        proc = subprocess.run(
            [TMUX, "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=15,
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"tmux {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}"
            )
        return proc.stdout

    def spawn(
        self,
        argv: Sequence[str],
        *,
        stdout: Path | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> Pane:
        """Start ``argv`` in a new session; its stdout goes to ``stdout`` if given.

        A small shell records the program's pid (it then ``exec``s the program,
        so the pid is the program's own) and, when it ends, its exit status as
        a shell reports it (128 + N after signal N), even when a Ctrl-C reached that
        shell too. tmux's own ``#{pane_dead_status}`` is not used: in trials its
        server now and then never reaped an exited program, leaving the status unknown.
        """
        name = f"run-{uuid.uuid4().hex[:8]}"
        pidfile = self.workdir / f"{name}.pid"
        rcfile = self.workdir / f"{name}.rc"
        program = "exec " + " ".join(shlex.quote(a) for a in argv)
        if stdout is not None:
            program += " > " + shlex.quote(str(stdout))
        inner = f"echo $$ > {shlex.quote(str(pidfile))}; {program}"
        rc = shlex.quote(str(rcfile))
        # The shell that records the status outlives a Ctrl-C: a key sent while the program
        # has the terminal in its usual mode (between two prompts) is a SIGINT to the whole
        # process group, which would end that shell before it wrote the status. "trap :"
        # (not "trap ''") so that the program starts with SIGINT as usual.
        command = f"trap : INT; sh -c {shlex.quote(inner)}; echo $? > {rc}.part; mv {rc}.part {rc}"
        args = ["new-session", "-d", "-P", "-F", "#{pane_id}"]
        args += ["-x", str(self.width), "-y", str(self.height), "-s", name]
        if cwd is not None:
            args += ["-c", str(cwd)]
        for key, value in {"TERM": "xterm-256color", **(env or {})}.items():
            args += ["-e", f"{key}={value}"]
        pane_id = self.run(*args, command).strip()
        return Pane(self, pane_id, name, pidfile, rcfile)

    def launch(self, argv: Sequence[str], *, env: Mapping[str, str] | None = None) -> Pane:
        """Start ``argv`` in a new session, run by tmux itself, and return at once.

        For timing a program's start: no shell starts before it and nothing is
        waited for. Its pid is the pane's; its exit status is what tmux reports
        (see :meth:`spawn` for why that is less sure). ``argv`` needs two words
        or more (a single word would be run by a shell).
        """
        name = f"run-{uuid.uuid4().hex[:8]}"
        args = ["new-session", "-d", "-P", "-F", "#{pane_id}"]
        args += ["-x", str(self.width), "-y", str(self.height), "-s", name]
        for key, value in {"TERM": "xterm-256color", **(env or {})}.items():
            args += ["-e", f"{key}={value}"]
        pane_id = self.run(*args, *argv).strip()
        return Pane(self, pane_id, name)

    def start(self) -> None:
        """Start the server now, with an idle session that keeps it running.

        Otherwise the first :meth:`spawn` or :meth:`launch` starts it, and a
        timing of that program includes the server's start-up.
        """
        self.run("new-session", "-d", "-s", "idle", "sleep", "86400")

    def kill(self) -> None:
        """Stop the server and every program in it, and remove its socket."""
        socket = self.run("display-message", "-p", "#{socket_path}", check=False).strip()
        self.run("kill-server", check=False)
        # tmux leaves the socket file behind; remove it if it is surely this server's.
        if socket and Path(socket).name == self.socket:
            Path(socket).unlink(missing_ok=True)


class Pane:
    """One program in one pane: read its screen, send it keys, wait for its end.

    A pane from :meth:`Tmux.spawn` has a ``pidfile`` and an ``rcfile`` (written by
    the shell that starts the program); one from :meth:`Tmux.launch` has neither
    and asks tmux.
    """

    def __init__(
        self,
        tmux: Tmux,
        pane_id: str,
        session: str,
        pidfile: Path | None = None,
        rcfile: Path | None = None,
    ) -> None:
        self.tmux = tmux
        self.id = pane_id
        self.session = session
        self.rcfile = rcfile
        self._tty: str | None = None
        self._pid: int | None = None
        if pidfile is None:
            return
        deadline = time.monotonic() + 15
        while not pidfile.exists() or not pidfile.read_text(encoding="ascii").strip():
            if time.monotonic() > deadline:
                raise AssertionError(f"the program in {pane_id} did not start")
            time.sleep(0.02)
        self._pid = int(pidfile.read_text(encoding="ascii"))

    @property
    def pid(self) -> int:
        """The program's process id."""
        if self._pid is None:
            self._pid = int(self.info("#{pane_pid}"))
        return self._pid

    @property
    def tty(self) -> str:
        """The pane's terminal device (/dev/pts/N)."""
        if self._tty is None:
            self._tty = self.info("#{pane_tty}")
        return self._tty

    # -- reading ----------------------------------------------------------------
    def info(self, fmt: str) -> str:
        return self.tmux.run("display-message", "-p", "-t", self.id, fmt).strip()

    def screen(self, *, history: bool = False, colour: bool = False, joined: bool = True) -> str:
        """The visible screen (or all of the scrollback), wrapped lines joined.

        ``colour``: with the colours and styles as escape sequences (``-e``).
        ``joined=False``: line by line as on screen, a wrapped line as two, and no
        trailing spaces (``-J`` keeps them).
        """
        args = ["capture-pane", "-p", "-t", self.id]
        if joined:
            args.append("-J")
        if colour:
            args.append("-e")
        if history:
            args += ["-S", "-"]
        return self.tmux.run(*args)

    def exited(self) -> int | None:
        """The program's exit status (128 + N if signal N ended it), or None while it runs.

        For a pane from :meth:`Tmux.launch`, the status tmux reports (-1 if it
        has none).
        """
        if self.rcfile is None:
            dead, _, status = self.info("#{pane_dead} #{pane_dead_status}").partition(" ")
            if dead != "1":
                return None
            return int(status) if status.isdigit() else -1
        try:
            return int(self.rcfile.read_text(encoding="ascii"))
        except FileNotFoundError:
            return None

    def reading_keys(self) -> bool:
        """Whether a prompt is reading keys: the terminal is in raw mode (no echo)."""
        try:
            fd = os.open(self.tty, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        except OSError:
            return False
        try:
            lflag = termios.tcgetattr(fd)[3]
        except termios.error:
            return False
        finally:
            os.close(fd)
        return not lflag & (termios.ICANON | termios.ECHO)

    def wait_for_prompt(self, text: str, *, after: str | None = None, timeout: float = 15) -> str:
        """Wait for a prompt: ``text`` on screen and the program reading keys."""
        return self.wait_for(text, after=after, timeout=timeout, reading=True)

    def wait_for(
        self,
        text: str,
        *,
        after: str | None = None,
        timeout: float = 15,
        reading: bool = False,
        interval: float = 0.05,
    ) -> str:
        """Poll the screen until ``text`` shows (below the last ``after``, if given).

        With ``reading``, also until the program reads keys (see :meth:`reading_keys`).
        ``interval``: seconds between two looks at the screen.
        """

        def shows(screen: str) -> bool:
            if after is not None:
                at = screen.rfind(after)
                if at < 0:
                    return False
                screen = screen[at + len(after) :]
            return text in screen

        def found(screen: str) -> bool:
            # A prompt wraps a long line by moving the cursor, which tmux does not
            # record as wrapping (``-J`` misses it): look with line breaks removed too.
            seen = shows(screen) or shows(screen.replace("\n", ""))
            return seen and (not reading or self.reading_keys())

        where = f" after {after!r}" if after else ""
        what = f"{text!r}{where} on screen" + (" and keys being read" if reading else "")
        return self.wait_until(found, what, timeout=timeout, interval=interval)

    def wait_until(
        self,
        test: Callable[[str], bool],
        what: str,
        *,
        timeout: float = 15,
        interval: float = 0.05,
    ) -> str:
        """Poll the screen until ``test(screen)``; fail if the program ends first."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if test(screen):
                return screen
            ended = self.exited()
            if ended is not None:
                # One last look: the program may have printed it just before ending.
                screen = self.screen()
                if test(screen):
                    return screen
                raise AssertionError(
                    f"the program ended (status {ended}) while waiting for {what}; "
                    f"screen:\n{self._show(screen)}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {what}; screen:\n{self._show(screen)}"
                )
            time.sleep(interval)

    def wait_exit(self, timeout: float = 15) -> int:
        deadline = time.monotonic() + timeout
        while True:
            ended = self.exited()
            if ended is not None:
                return ended
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the program did not end within {timeout}s; screen:\n"
                    f"{self._show(self.screen())}"
                )
            time.sleep(0.05)

    @staticmethod
    def _show(screen: str) -> str:
        lines = [line.rstrip() for line in screen.rstrip("\n").split("\n")]
        while lines and not lines[0]:
            lines.pop(0)
        return "\n".join("  | " + line for line in lines)

    # -- typing -------------------------------------------------------------------
    def type(self, text: str) -> None:
        """Type ``text`` literally (no key names)."""
        self.tmux.run("send-keys", "-t", self.id, "-l", text)

    def keys(self, *names: str) -> None:
        """Press keys by tmux name: Enter, Escape, Down, Space, C-c ..."""
        self.tmux.run("send-keys", "-t", self.id, *names)

    def close(self) -> None:
        """Close the terminal window, as a user closing it would (SIGHUP)."""
        self.tmux.run("kill-pane", "-t", self.id)

    def kill(self) -> None:
        """Remove the pane's session, whether or not its program still runs."""
        self.tmux.run("kill-session", "-t", self.session, check=False)
