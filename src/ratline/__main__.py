"""Allows `python -m ratline`."""

from ratline.cli import main

if __name__ == "__main__":
    main()
