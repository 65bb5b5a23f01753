"""What shell completion offers for options that take words: the programs and modules of
the presets (built-in and the user's), the system's time zones, and alarm times."""

from __future__ import annotations

from dtrcli.cli.options import Completed


def complete_program(incomplete: str) -> list[tuple[str, str | None]]:
    """--program: each program of the presets beginning with what is typed (any case),
    with its modules as the description."""
    from dtrcli.module import presets

    modules: dict[str, set[str]] = {}
    for preset in presets.load().values():
        modules.setdefault(preset.program, set()).add(presets.module_key(preset.module))
    typed = incomplete.casefold()
    return [
        (program, "modules " + ", ".join(sorted(modules[program], key=_number)))
        for program in sorted(modules, key=str.casefold)
        if program.casefold().startswith(typed)
    ]


def complete_module(incomplete: str) -> list[tuple[str, str | None]]:
    """--module: each module number of the presets beginning with what is typed, with
    the programs that have it as the description."""
    from dtrcli.module import presets

    programs: dict[str, set[str]] = {}
    for preset in presets.load().values():
        programs.setdefault(presets.module_key(preset.module), set()).add(preset.program)
    typed = incomplete.strip().casefold()
    return [
        (module, ", ".join(sorted(programs[module], key=str.casefold)))
        for module in sorted(programs, key=_number)
        if module.startswith(typed)
    ]


def complete_zone(incomplete: str) -> list[tuple[str, str | None]]:
    """--timezone: the system's time zones whose name, or whose place after the last
    '/', begins with what is typed (any case): 'berl' offers Europe/Berlin."""
    import zoneinfo

    typed = incomplete.casefold()
    return [
        (zone, None)
        for zone in sorted(zoneinfo.available_timezones())
        if zone.casefold().startswith(typed) or zone.rsplit("/", 1)[-1].casefold().startswith(typed)
    ]


# --remind: the alarm times offered, each as its own description says it
REMINDERS = (
    ("10m", "10 minutes before"),
    ("15m", "15 minutes before"),
    ("30m", "30 minutes before"),
    ("1h", "an hour before"),
    ("2h", "two hours before"),
    ("1d", "a day before"),
)


def complete_remind(incomplete: str) -> list[tuple[str, str | None]]:
    """--remind: a few alarm times beginning with what is typed (never file names)."""
    typed = incomplete.strip().casefold()
    return [(time, said) for time, said in REMINDERS if time.startswith(typed)]


def _number(module: str) -> tuple[int, str]:
    return (int(module), "") if module.isdigit() else (1 << 30, module)


PROGRAM = Completed(complete_program)
MODULE = Completed(complete_module)
ZONE = Completed(complete_zone)
REMIND = Completed(complete_remind)
