"""The Qt user interface (the only package besides desktop.app that imports PySide6)."""
