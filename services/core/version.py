"""The app's version, shown by ``--version``, in About and written into exported files."""

APP_VERSION = "0.1.0"
