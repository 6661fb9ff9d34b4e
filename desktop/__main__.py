"""Entry point: `python -m desktop` starts the app; `python -m desktop COMMAND …` runs a command."""

import sys


def main(argv: list[str] | None = None) -> int:
    from desktop.cli import main as cli_main
    return cli_main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
