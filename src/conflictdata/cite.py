"""Deprecated: the citations are :mod:`conflictdata.citation`; :func:`conflictdata.cite` is
unchanged. ``from conflictdata.cite import FORMATS, cite`` works for one more library release,
each name with a :class:`DeprecationWarning`."""

from conflictdata._deprecated import install_shim

install_shim(__name__, "conflictdata.citation", "cite")
