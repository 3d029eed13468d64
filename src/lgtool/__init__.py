"""lgtool: Ledningens genomgång från ett informationssäkerhetsregister i YAML."""

__version__ = "0.1.0"
