"""thidua: the year of a Vietnamese emulation bloc (khối thi đua), from YAML files."""

__version__ = "0.1.0"
