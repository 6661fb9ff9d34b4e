"""Entry point: `python -m desktop` starts the app; `python -m desktop COMMAND …` runs a command."""

import sys


def tolerate_console_encoding() -> None:
    """Output never fails for want of characters: piped or redirected, Windows writes in the
    system's code page, and one without Chinese (1252 on an English or European Windows) raised
    UnicodeEncodeError mid-command. Characters the code page lacks become "?" instead; a Chinese
    Windows (code page 936) and UTF-8 consoles print everything. The windowed program has no
    streams at all (None)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    tolerate_console_encoding()
    from desktop.cli import main as cli_main
    return cli_main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
