"""ratline: reconstructs trafficking systems from published evidence."""

__version__ = "0.1.0"
