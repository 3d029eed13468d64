"""The bounds on the city file, kept apart so that the warm path imports nothing heavy."""

MAX_CITY_BYTES = 256 * 1024
"""A city file lists 15–50 units in a few kilobytes; anything above this is refused unread."""
