"""``python -m conflictdata``: the same as the ``conflictdata`` command."""

from conflictdata.cli import main

if __name__ == "__main__":
    main()
