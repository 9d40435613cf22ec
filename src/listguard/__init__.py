"""listguard: US restriction lists, point in time."""
__version__ = "0.1.0"
